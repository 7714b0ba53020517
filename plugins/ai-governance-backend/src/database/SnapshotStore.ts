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
    return this.db.transaction(async tx => {
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
    });
  }

  /** Id of the newest snapshot, or undefined when none is stored. */
  async latestId(): Promise<number | undefined> {
    const row = await this.db(TABLE).max({ id: 'id' }).first();
    return row?.id === null || row?.id === undefined
      ? undefined
      : Number(row.id);
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
