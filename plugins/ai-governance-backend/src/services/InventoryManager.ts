import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type AuditorService,
  type DatabaseService,
  type LoggerService,
  type RootConfigService,
  type SchedulerService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ForwardedError, InputError } from '@backstage/errors';
import type {
  OrgSnapshot,
  StatusResponse,
} from '@internal/plugin-ai-governance-common';
import {
  crawlOrganization,
  refreshNodes,
  type CrawlStats,
  type InventoryService,
  type InventorySource,
  type TouchedNodes,
} from '@internal/plugin-ai-governance-node';
import { SnapshotStore, type CrawlRecord } from './SnapshotStore';
import { SnapshotView } from './SnapshotView';

export type CrawlTrigger = CrawlRecord['trigger'];

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 1 },
};

/** A scheduled crawl is skipped when a crawl finished less than this long ago. */
const MIN_SCHEDULED_GAP_MS = 60_000;
/** How often a read looks for a newer snapshot stored by another backend instance. */
const STORE_SYNC_INTERVAL_MS = 15_000;

function errorMessage(error: unknown) {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/** Reads `aiGovernance.inventory.schedule`, or the default (every 30 minutes). */
export function readInventorySchedule(
  config: RootConfigService,
): SchedulerServiceTaskScheduleDefinition {
  const c = config.getOptionalConfig('aiGovernance.inventory.schedule');
  if (!c) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(c);
  } catch (error) {
    throw new InputError(
      `aiGovernance.inventory.schedule is not a valid schedule (e.g. frequency: { minutes: 30 }, timeout: { minutes: 30 }): ${errorMessage(
        error,
      )}`,
    );
  }
}

/**
 * The organization inventory: the snapshot store, crawls (scheduled, on demand, at startup when nothing is stored)
 * and touched-node refreshes, and the precomputed view the routes serve.
 */
export class InventoryManager implements InventoryService {
  static async create(options: {
    config: RootConfigService;
    logger: LoggerService;
    database: DatabaseService;
    scheduler?: SchedulerService;
    auditor?: AuditorService;
    client: OrganizationsClient;
    source: InventorySource;
  }): Promise<InventoryManager> {
    const store = await SnapshotStore.create({ database: options.database });
    const manager = new InventoryManager(options, store);
    await manager.loadStored();
    return manager;
  }

  #view?: SnapshotView;
  #viewId?: number;
  #lastCrawl?: CrawlRecord;
  #running?: Promise<CrawlRecord>;
  #lastFinished = 0;
  #lastSync = 0;
  #writeChain: Promise<unknown> = Promise.resolve();
  readonly #shutdown = new AbortController();

  private constructor(
    private readonly options: {
      config: RootConfigService;
      logger: LoggerService;
      scheduler?: SchedulerService;
      auditor?: AuditorService;
      client: OrganizationsClient;
      source: InventorySource;
    },
    private readonly store: SnapshotStore,
  ) {}

  private async loadStored() {
    const stored = await this.store.latest();
    if (stored) {
      this.#view = new SnapshotView(stored.snapshot);
      this.#viewId = stored.id;
      this.#lastCrawl = stored.crawl;
      this.options.logger.info(
        `Serving the stored organization snapshot of ${stored.snapshot.capturedAt} (${stored.snapshot.nodes.length} nodes, ${stored.snapshot.policies.length} policies)`,
      );
    }
  }

  /** Crawls now when nothing is stored, and schedules the periodic crawl. */
  async start(): Promise<void> {
    const { scheduler, config } = this.options;
    if (!this.#view) {
      this.refresh('startup').catch(() => {
        // refresh() logged it and recorded it for GET /status.
      });
    }
    if (scheduler) {
      await scheduler.scheduleTask({
        id: 'ai-governance-inventory-refresh',
        scope: 'global',
        ...readInventorySchedule(config),
        fn: async signal => {
          if (Date.now() - this.#lastFinished < MIN_SCHEDULED_GAP_MS) {
            return;
          }
          try {
            await this.refresh('schedule', signal);
          } catch (error) {
            throw new ForwardedError(
              'Scheduled organization crawl failed',
              error,
            );
          }
        },
      });
    }
  }

  /** The precomputed view of the newest snapshot, or undefined before the first crawl. */
  view(): SnapshotView | undefined {
    this.#syncFromStore();
    return this.#view;
  }

  /** Waits for the first snapshot, up to `timeoutMs`, when a crawl is under way. */
  async viewWhenReady(timeoutMs = 15_000): Promise<SnapshotView | undefined> {
    const view = this.view();
    if (view || !this.#running) return view;
    await Promise.race([
      this.#running.catch(() => undefined),
      new Promise(resolve => setTimeout(resolve, timeoutMs).unref?.()),
    ]);
    return this.#view;
  }

  /** Another backend instance may have stored a newer snapshot (the scheduled crawl runs on one instance). */
  #syncFromStore() {
    const now = Date.now();
    if (now - this.#lastSync < STORE_SYNC_INTERVAL_MS || this.#running) return;
    this.#lastSync = now;
    this.store
      .latestId()
      .then(async id => {
        if (id !== undefined && id !== this.#viewId) {
          await this.loadStored();
        }
      })
      .catch(error =>
        this.options.logger.warn(
          `Could not look for a newer stored snapshot: ${errorMessage(error)}`,
        ),
      );
  }

  get refreshing(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Crawls the organization and stores the snapshot. One crawl at a time: a call while one runs gets that crawl.
   * Rejects when the crawl fails; the previous snapshot stays served and GET /status reports the error.
   */
  refresh(trigger: CrawlTrigger, signal?: AbortSignal): Promise<CrawlRecord> {
    if (this.#running) return this.#running;
    const signals = [this.#shutdown.signal, ...(signal ? [signal] : [])];
    const run = this.#crawl(trigger, AbortSignal.any(signals)).finally(() => {
      this.#running = undefined;
      this.#lastFinished = Date.now();
    });
    this.#running = run;
    return run;
  }

  /** Stops a running crawl (backend shutdown). */
  stop() {
    this.#shutdown.abort(new Error('The backend is shutting down'));
  }

  async #crawl(
    trigger: CrawlTrigger,
    signal: AbortSignal,
  ): Promise<CrawlRecord> {
    const { logger, client, auditor } = this.options;
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const event = await auditor?.createEvent({
      eventId: 'inventory-crawl',
      severityLevel: 'low',
      meta: { trigger },
    });
    try {
      const { snapshot, stats } = await crawlOrganization(client, {
        logger,
        signal,
      });
      const record = this.#record(startedAt, trigger, stats);
      await this.#store(snapshot, record);
      logger.info(
        `Crawled the organization (${trigger}): ${snapshot.nodes.length} nodes, ${snapshot.policies.length} policies, ${stats.calls} calls (lower bound ${stats.lowerBound}), ${stats.throttles} throttles, ${stats.retries} retries, ${stats.durationMs} ms`,
      );
      await event?.success({
        meta: { calls: stats.calls, durationMs: stats.durationMs },
      });
      return record;
    } catch (error) {
      const record: CrawlRecord = {
        startedAt,
        durationMs: Math.round(performance.now() - started),
        calls: 0,
        lowerBound: 0,
        throttles: 0,
        retries: 0,
        errors: [errorMessage(error)],
        trigger,
      };
      this.#lastCrawl = record;
      logger.error(
        `Organization crawl (${trigger}) failed: ${errorMessage(error)}`,
      );
      await event?.fail({ error: error as Error });
      throw error;
    }
  }

  #record(
    startedAt: string,
    trigger: CrawlTrigger,
    stats: CrawlStats,
  ): CrawlRecord {
    return {
      startedAt,
      durationMs: stats.durationMs,
      calls: stats.calls,
      lowerBound: stats.lowerBound,
      throttles: stats.throttles,
      retries: stats.retries,
      errors: stats.warnings,
      trigger,
    };
  }

  async #store(snapshot: OrgSnapshot, record: CrawlRecord) {
    const view = new SnapshotView(snapshot);
    const id = await this.store.save(snapshot, record);
    this.#view = view;
    this.#viewId = id;
    this.#lastCrawl = record;
  }

  /**
   * Re-reads what the product's own writes touched and stores the updated snapshot. A full crawl that is running
   * is waited for first, and the touched nodes are re-read on top of its result; without any snapshot yet, this
   * is a full crawl.
   */
  async refreshNodes(touched: TouchedNodes, trigger: CrawlTrigger = 'write') {
    const job = this.#writeChain.then(async () => {
      if (this.#running) {
        await this.#running.catch(() => undefined);
      }
      if (!this.#view) {
        return this.refresh(trigger);
      }
      const startedAt = new Date().toISOString();
      let record: CrawlRecord | undefined;
      // A crawl that finishes while this runs replaces the base: apply the touched nodes again on top of it.
      for (let attempt = 0; !record && attempt < 3; attempt++) {
        const base: OrgSnapshot = this.#view!.snapshot;
        const { snapshot, stats } = await refreshNodes(
          this.options.client,
          base,
          touched,
        );
        if (this.#view?.snapshot === base || attempt === 2) {
          record = this.#record(startedAt, trigger, stats);
          await this.#store(snapshot, record);
        }
      }
      const stats = record!;
      this.options.logger.info(
        `Re-read ${[
          ...(touched.accountIds ?? []),
          ...(touched.ouIds ?? []),
          ...(touched.policyIds ?? []),
        ].join(', ')} after a write: ${stats.calls} calls`,
      );
      return stats;
    });
    this.#writeChain = job.catch(() => undefined);
    return job;
  }

  status(): StatusResponse {
    const snapshotTime = this.#view?.snapshot.capturedAt ?? null;
    return {
      snapshotTime,
      snapshotAgeSeconds: snapshotTime
        ? Math.max(
            0,
            Math.round((Date.now() - Date.parse(snapshotTime)) / 1000),
          )
        : null,
      refreshing: this.refreshing,
      lastCrawl: this.#lastCrawl,
      source: {
        kind: this.options.source.kind,
        endpoint: this.options.source.endpoint,
      },
    };
  }

  // InventoryService, for other plugins through inventoryServiceRef

  async getClient() {
    return this.options.client;
  }
  async getSource() {
    return this.options.source;
  }
  async getSnapshot() {
    return (await this.viewWhenReady())?.snapshot;
  }
  async notifyWrites(touched: TouchedNodes) {
    await this.refreshNodes(touched, 'write');
  }
}
