/**
 * Where organization snapshots live: the newest few, with the figures of the crawl that took each and whether it
 * is complete, in the plugin's database (SQLite by default, PostgreSQL in production).
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import type { StatusResponse } from '@internal/plugin-ai-governance-common';
import type { Knex } from 'knex';
import { migratedClient } from './migrations';

const TABLE = 'ai_governance_snapshots';

/** Figures of the crawl (or touched-node refresh) that produced a snapshot. */
export type CrawlRecord = NonNullable<StatusResponse['lastCrawl']>;

/** A stored snapshot. */
export interface StoredSnapshot {
  id: number;
  snapshot: OrgSnapshot;
  crawl?: CrawlRecord;
  /** False when the crawl that took it was interrupted (see TreeResponse.complete). */
  complete: boolean;
}

/** Where snapshots live: the plugin's database (SQLite by default, PostgreSQL in production). */
export class SnapshotStore {
  static async create(options: {
    database: DatabaseService;
    /** Snapshots kept; older ones are deleted. Default 3. */
    keep?: number;
  }): Promise<SnapshotStore> {
    return new SnapshotStore(
      await migratedClient(options.database),
      Math.max(1, options.keep ?? 3),
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly keep: number,
  ) {}

  /** Stores a snapshot as the newest and drops the oldest beyond `keep`; returns its id. */
  async save(
    snapshot: OrgSnapshot,
    crawl?: CrawlRecord,
    complete = true,
  ): Promise<number> {
    return this.db.transaction(tx =>
      this.insert(tx, snapshot, crawl, complete),
    );
  }

  /**
   * Stores a snapshot only if the newest stored one is still `basedOnId` (the snapshot it was derived from), so that
   * a backend applying a few re-read nodes never drops what another backend stored meanwhile. Returns the new id,
   * or undefined when another snapshot was stored first (re-read on top of it and try again).
   */
  async saveIfNewest(
    snapshot: OrgSnapshot,
    basedOnId: number | undefined,
    crawl?: CrawlRecord,
    complete = true,
  ): Promise<number | undefined> {
    return this.db.transaction(async tx => {
      if (this.db.client.config.client === 'pg') {
        // Two backends checking "still the newest" at once must not both insert: serialize the check and the insert.
        await tx.raw(`LOCK TABLE ${TABLE} IN SHARE ROW EXCLUSIVE MODE`);
      }
      if ((await this.latestId(tx)) !== basedOnId) return undefined;
      return this.insert(tx, snapshot, crawl, complete);
    });
  }

  private async insert(
    tx: Knex.Transaction,
    snapshot: OrgSnapshot,
    crawl: CrawlRecord | undefined,
    complete: boolean,
  ): Promise<number> {
    const [row] = await tx(TABLE)
      .insert({
        captured_at: snapshot.capturedAt,
        snapshot: JSON.stringify(snapshot),
        crawl: crawl ? JSON.stringify(crawl) : null,
        complete,
      })
      .returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    const old = await tx(TABLE)
      .select('id')
      .orderBy('id', 'desc')
      .offset(this.keep);
    if (old.length > 0) {
      await tx(TABLE)
        .whereIn(
          'id',
          old.map(r => r.id),
        )
        .delete();
    }
    return id;
  }

  /** Id of the newest snapshot, or undefined when none is stored. */
  async latestId(db: Knex = this.db): Promise<number | undefined> {
    const row = await db(TABLE).max({ id: 'id' }).first();
    return row?.id === null || row?.id === undefined
      ? undefined
      : Number(row.id);
  }

  /**
   * When the newest stored full crawl (not a re-read of touched nodes) finished, by any backend instance; undefined
   * when none of the kept snapshots comes from one.
   */
  async lastFullCrawlFinishedAt(): Promise<number | undefined> {
    const rows = await this.db(TABLE).select('crawl').orderBy('id', 'desc');
    for (const row of rows) {
      const crawl: CrawlRecord | undefined = row.crawl
        ? JSON.parse(row.crawl)
        : undefined;
      if (crawl && crawl.trigger !== 'write') {
        return Date.parse(crawl.startedAt) + crawl.durationMs;
      }
    }
    return undefined;
  }

  async latest(): Promise<StoredSnapshot | undefined> {
    const row = await this.db(TABLE).orderBy('id', 'desc').first();
    if (!row) return undefined;
    return {
      id: Number(row.id),
      snapshot: JSON.parse(row.snapshot),
      crawl: row.crawl ? JSON.parse(row.crawl) : undefined,
      // SQLite answers 0 or 1, PostgreSQL a boolean.
      complete: Boolean(row.complete),
    };
  }

  async count(): Promise<number> {
    const row = await this.db(TABLE).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}
