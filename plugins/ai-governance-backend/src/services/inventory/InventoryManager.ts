/**
 * The organization inventory of the plugin: crawls (at startup, scheduled, on demand) and touched-node refreshes
 * after writes, one at a time, and GET /status's figures. The served snapshot itself is ServedSnapshot's.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type {
  AuditorService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type {
  CrawlFailure,
  StatusResponse,
} from '@internal/plugin-ai-governance-common';
import {
  crawlOrganization,
  emptyCallStats,
  refreshNodes,
  withCallStats,
  type InventoryService,
  type InventorySource,
  type TouchedNodes,
} from '@internal/plugin-ai-governance-node';
import { SnapshotStore, type CrawlRecord } from '../../database/SnapshotStore';
import {
  crawlFailure,
  crawlRecord,
  describeFailure,
  type CrawlTrigger,
  type FailureContext,
} from './crawlRecords';
import {
  readInventorySchedule,
  readRefreshCooldown,
} from './inventorySettings';
import { RefreshCooldown } from './refreshCooldown';
import { ServedSnapshot } from './ServedSnapshot';
import type { SnapshotView } from './SnapshotView';

export { RefreshCooldownError } from './refreshCooldown';

export type { CrawlTrigger } from './crawlRecords';

/** A scheduled crawl is skipped when a crawl finished less than this long ago. */
const MIN_SCHEDULED_GAP_MS = 60_000;

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
    const served = new ServedSnapshot(store, options.logger);
    await served.loadStored();
    return new InventoryManager(options, served);
  }

  #lastFailure?: CrawlFailure;
  /** Who started a refresh through POST /refresh, and when. */
  readonly #cooldown: RefreshCooldown;
  #running?: Promise<CrawlRecord>;
  #lastFinished = 0;
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
    private readonly served: ServedSnapshot,
  ) {
    this.#cooldown = new RefreshCooldown(readRefreshCooldown(options.config));
  }

  /** Crawls now when nothing is stored, and schedules the periodic crawl. */
  async start(): Promise<void> {
    const { scheduler, config } = this.options;
    if (!this.served.view) {
      this.refresh('startup').catch(() => {
        // #crawl logged it with its context and recorded it for GET /status (lastFailure); the routes answer 503
        // with a pointer to /status until a crawl succeeds.
      });
    }
    if (scheduler) {
      await scheduler.scheduleTask({
        id: 'ai-governance-inventory-refresh',
        scope: 'global',
        ...readInventorySchedule(config),
        fn: async signal => {
          // The scheduler's lock runs one crawl at a time across backends, but a backend that (re)starts moves the
          // shared next run earlier: skip when any backend finished a full crawl moments ago.
          const lastFullCrawl = Math.max(
            this.#lastFinished,
            (await this.served.lastFullCrawlFinishedAt()) ?? 0,
          );
          if (Date.now() - lastFullCrawl < MIN_SCHEDULED_GAP_MS) {
            this.options.logger.info(
              `Scheduled crawl skipped: a full crawl finished ${Math.round(
                (Date.now() - lastFullCrawl) / 1000,
              )} s ago`,
            );
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
    this.served.syncFromStore(this.#running !== undefined);
    return this.served.view;
  }

  /** Waits for the first snapshot, up to `timeoutMs`, when a crawl is under way. */
  async viewWhenReady(timeoutMs = 15_000): Promise<SnapshotView | undefined> {
    const view = this.view();
    if (view || !this.#running) return view;
    await Promise.race([
      this.#running.catch(() => undefined),
      new Promise(resolve => setTimeout(resolve, timeoutMs).unref?.()),
    ]);
    return this.served.view;
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

  /**
   * A refresh asked for through POST /refresh by `principal` (a user entity ref or a service subject). A full crawl
   * asked for while one runs joins that crawl (two refreshes at once make one crawl, and both are answered when it
   * ends). Otherwise each principal may start one refresh per `aiGovernance.inventory.refreshCooldown`; sooner, this
   * throws RefreshCooldownError (HTTP 429) saying when to try again, and starts nothing.
   */
  manualRefresh(
    principal: string,
    touched: TouchedNodes = {},
  ): Promise<CrawlRecord> {
    const targeted = Boolean(
      touched.accountIds?.length ||
        touched.ouIds?.length ||
        touched.policyIds?.length,
    );
    if (!targeted && this.#running) return this.#running;
    this.#cooldown.take(principal);
    return targeted
      ? this.refreshNodes(touched, 'manual')
      : this.refresh('manual');
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
    const calls = emptyCallStats();
    const event = await auditor?.createEvent({
      eventId: 'inventory-crawl',
      severityLevel: 'low',
      meta: { trigger },
    });
    let stage = 'crawl';
    try {
      const {
        result: { snapshot, stats, complete },
      } = await withCallStats(
        () => crawlOrganization(client, { logger, signal }),
        calls,
      );
      stage = 'store';
      const record = crawlRecord(startedAt, trigger, stats, complete);
      await this.served.save(snapshot, record, complete);
      logger.info(
        `Crawled the organization (${trigger}): ${
          snapshot.nodes.length
        } nodes, ${snapshot.policies.length} policies, ${
          stats.calls
        } calls (lower bound ${stats.lowerBound}), ${
          stats.throttles
        } throttles, ${stats.retries} retries, ${stats.durationMs} ms${
          complete ? '' : '; INCOMPLETE: the organization kept changing'
        }`,
      );
      await event?.success({
        meta: { calls: stats.calls, durationMs: stats.durationMs, complete },
      });
      return record;
    } catch (error) {
      this.#fail(error, {
        startedAt,
        started,
        trigger,
        calls,
        what:
          stage === 'store'
            ? 'Storing the crawled snapshot'
            : 'Organization crawl',
      });
      await event?.fail({ error: error as Error });
      throw error;
    }
  }

  /** Records a failed crawl or refresh for GET /status and logs it with its context. */
  #fail(error: unknown, context: FailureContext) {
    const failure = crawlFailure(error, context);
    this.#lastFailure = failure;
    this.options.logger.error(describeFailure(context.what, failure));
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
      if (!this.served.view) {
        return this.refresh(trigger);
      }
      const startedAt = new Date().toISOString();
      const started = performance.now();
      const calls = emptyCallStats();
      let record: CrawlRecord | undefined;
      try {
        await withCallStats(async () => {
          // The base is the newest stored snapshot, whichever backend stored it. A crawl here, or a snapshot stored
          // by another backend, that lands while this runs replaces the base: apply the touched nodes again on top.
          for (let attempt = 0; !record && attempt < 3; attempt++) {
            await this.served.loadNewer();
            const base = this.served.view!;
            const baseId = this.served.id;
            const { snapshot, stats } = await refreshNodes(
              this.options.client,
              base.snapshot,
              touched,
            );
            if (this.served.view !== base && attempt < 2) continue;
            // An incomplete snapshot stays incomplete: re-reading a few nodes does not bring back what it left out.
            const complete = base.complete;
            const candidate = crawlRecord(startedAt, trigger, stats, complete);
            const last = attempt === 2;
            if (
              await this.served.save(
                snapshot,
                candidate,
                complete,
                last ? undefined : { basedOnId: baseId },
              )
            ) {
              record = candidate;
            }
          }
        }, calls);
      } catch (error) {
        this.#fail(error, {
          startedAt,
          started,
          trigger,
          calls,
          what: 'Re-reading the nodes a write touched',
        });
        throw error;
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
    const view = this.served.view;
    const snapshotTime = view?.snapshot.capturedAt ?? null;
    return {
      snapshotTime,
      snapshotComplete: view ? view.complete : null,
      snapshotAgeSeconds: snapshotTime
        ? Math.max(
            0,
            Math.round((Date.now() - Date.parse(snapshotTime)) / 1000),
          )
        : null,
      refreshing: this.refreshing,
      lastCrawl: this.served.lastCrawl,
      lastFailure: this.#lastFailure,
      source: {
        kind: this.options.source.kind,
        endpoint: this.options.source.endpoint,
      },
    };
  }

  // InventoryService; other plugins' writes arrive through the events topic (plugin.ts)

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
