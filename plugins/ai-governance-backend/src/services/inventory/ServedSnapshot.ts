/**
 * The snapshot this backend serves: loaded from the snapshot store, replaced when this backend stores a new one, and
 * picked up when another backend instance stored a newer one.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import type { CrawlRecord, SnapshotStore } from '../../database/SnapshotStore';
import { errorMessage } from './inventorySettings';
import { SnapshotView } from './SnapshotView';

/** How often a read looks for a newer snapshot stored by another backend instance. */
const STORE_SYNC_INTERVAL_MS = 15_000;

/** The served snapshot's view, its id in the store and the crawl figures stored with it. */
export class ServedSnapshot {
  #view?: SnapshotView;
  #id?: number;
  #lastCrawl?: CrawlRecord;
  #lastSync = 0;

  constructor(
    private readonly store: SnapshotStore,
    private readonly logger: LoggerService,
  ) {}

  /** The precomputed view of the served snapshot, or undefined before the first crawl. */
  get view(): SnapshotView | undefined {
    return this.#view;
  }

  /** The store's id of the served snapshot. */
  get id(): number | undefined {
    return this.#id;
  }

  /** The figures of the crawl or refresh that made the served snapshot. */
  get lastCrawl(): CrawlRecord | undefined {
    return this.#lastCrawl;
  }

  /** Serves the newest stored snapshot, when there is one. */
  async loadStored(): Promise<void> {
    const stored = await this.store.latest();
    if (stored) {
      this.#view = new SnapshotView(stored.snapshot, stored.complete);
      this.#id = stored.id;
      this.#lastCrawl = stored.crawl;
      this.logger.info(
        `Serving the stored organization snapshot of ${stored.snapshot.capturedAt} (${stored.snapshot.nodes.length} nodes, ${stored.snapshot.policies.length} policies)`,
      );
    }
  }

  /**
   * Another backend instance may have stored a newer snapshot (the scheduled crawl runs on one instance): looks, in
   * the background and at most every 15 seconds, unless this backend is crawling (`busy`).
   */
  syncFromStore(busy: boolean): void {
    const now = Date.now();
    if (now - this.#lastSync < STORE_SYNC_INTERVAL_MS || busy) return;
    this.#lastSync = now;
    this.loadNewer().catch(error =>
      this.logger.warn(
        `Could not look for a newer stored snapshot: ${errorMessage(error)}`,
      ),
    );
  }

  /** When any backend last finished a full crawl (see SnapshotStore.lastFullCrawlFinishedAt). */
  lastFullCrawlFinishedAt(): Promise<number | undefined> {
    return this.store.lastFullCrawlFinishedAt();
  }

  /** Serves the newest stored snapshot when another backend stored one after ours. */
  async loadNewer(): Promise<void> {
    const id = await this.store.latestId();
    if (id !== undefined && id !== this.#id) await this.loadStored();
  }

  /**
   * Stores a snapshot and serves it. With `basedOnId`, only while the newest stored snapshot is still that one
   * (true when stored); another backend's newer snapshot wins and false is returned.
   */
  async save(
    snapshot: OrgSnapshot,
    record: CrawlRecord,
    complete: boolean,
    condition?: { basedOnId: number | undefined },
  ): Promise<boolean> {
    const view = new SnapshotView(snapshot, complete);
    const id = condition
      ? await this.store.saveIfNewest(
          snapshot,
          condition.basedOnId,
          record,
          complete,
        )
      : await this.store.save(snapshot, record, complete);
    if (id === undefined) return false;
    this.#view = view;
    this.#id = id;
    this.#lastCrawl = record;
    return true;
  }
}
