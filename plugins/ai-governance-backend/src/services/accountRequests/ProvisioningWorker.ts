import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AccountVendor,
  TouchedNodes,
} from '@internal/plugin-ai-governance-node';
import type { StoredAccountRequest } from '../../database/AccountRequestStore';
import {
  SYSTEM_ACTOR,
  type AccountRequestService,
} from './AccountRequestService';
import {
  checkOrganization,
  findRequestAccount,
  type AccountClaim,
} from './ownership';
import type { AccountRequestSettings } from './settings';

/** Options of {@link ProvisioningWorker}. */
export interface ProvisioningWorkerOptions {
  service: AccountRequestService;
  getVendor: () => Promise<AccountVendor>;
  /** The Organizations client for the pre-provisioning ownership check (the inventory's shared one). */
  getClient: () => Promise<OrganizationsClient>;
  /** Tells the inventory which nodes a provisioning touched, so the dashboard shows the account at once. */
  notifyWrites?: (touched: TouchedNodes) => Promise<void>;
  settings: AccountRequestSettings['provisioning'];
  logger: LoggerService;
  /** Identifies this backend in claims; default host, pid and a random suffix. */
  workerId?: string;
  now?: () => number;
  /** Requests provisioned at once by this backend. Default 4 (AWS allows 5 creations in progress). */
  concurrency?: number;
}

/**
 * Provisions approved account requests inside the backend. Each backend polls the database; a claim is one
 * conditional UPDATE (approved → provisioning, or provisioning whose lease expired), so of several backends on one
 * PostgreSQL exactly one runs each request. The claim is kept alive by a heartbeat; when a backend dies its lease
 * expires and another backend resumes the request. The vendor's `apply` is idempotent per request key (it finds
 * the account an earlier run made, by email and request tag, or waits for a creation still in progress), so a
 * resumption never creates a second account. After `maxAttempts` runs the request is failed as interrupted.
 */
export class ProvisioningWorker {
  readonly workerId: string;
  private readonly now: () => number;
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<void>;
  private stopped = true;
  private readonly inFlight = new Map<string, AbortController>();
  private wake?: () => void;
  private readonly concurrency: number;

  constructor(private readonly options: ProvisioningWorkerOptions) {
    this.workerId =
      options.workerId ??
      `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.now = options.now ?? Date.now;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  /** Starts polling (backend startup): also resumes requests whose backend died mid-provisioning. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Look for work now (a request was just approved in this backend). */
  kick(): void {
    this.wake?.();
  }

  /**
   * Stops polling and interrupts runs in progress (backend shutdown). Their leases are given back so another
   * backend (or this one after its restart) resumes them at once; they are not failed.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    for (const controller of this.inFlight.values()) controller.abort();
    await this.running;
  }

  private async loop() {
    const runs = new Set<Promise<void>>();
    while (!this.stopped) {
      try {
        while (runs.size < this.concurrency && !this.stopped) {
          const started = await this.claimAndStart();
          if (!started) break;
          const run = started.run;
          runs.add(run);
          run.finally(() => {
            runs.delete(run);
            this.kick();
          });
        }
      } catch (error) {
        this.options.logger.error(
          `Account request worker ${this.workerId}: claiming failed; trying again in ${this.options.settings.pollIntervalMs} ms`,
          error as Error,
        );
      }
      if (this.stopped) break;
      await new Promise<void>(resolve => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.options.settings.pollIntervalMs);
      });
      clearTimeout(this.timer);
      this.wake = undefined;
    }
    await Promise.allSettled([...runs]);
  }

  /** Claims and provisions one request, waiting for it; false when there was nothing to do. */
  async runOnce(): Promise<boolean> {
    const started = await this.claimAndStart();
    if (!started) return false;
    await started.run;
    return true;
  }

  /** Claims one request and starts its run (wrapped, so awaiting the claim does not await the run). */
  private async claimAndStart(): Promise<{ run: Promise<void> } | undefined> {
    const { service, settings, logger } = this.options;
    const claimed = await service.store.claim({
      workerId: this.workerId,
      leaseMs: settings.leaseMs,
      now: this.now(),
      actor: SYSTEM_ACTOR,
    });
    if (!claimed) return undefined;
    const { record, resumedFrom } = claimed;
    await service.claimed(record, resumedFrom ? 'provisioning' : 'approved');
    if (resumedFrom) {
      logger.warn(
        `Account request ${record.id}: resuming provisioning that ${resumedFrom} left unfinished (attempt ${record.attempts} of ${settings.maxAttempts})`,
      );
    }
    if (record.attempts > settings.maxAttempts) {
      // An interrupted run may have left a creation in progress that no list shows yet: the holds stay either way.
      const made = await this.accountMade(record, undefined);
      await service.workerTransition({
        id: record.id,
        workerId: this.workerId,
        to: 'failed',
        keepHolds: true,
        changes: {
          ...(made.accountId ? { accountId: made.accountId } : {}),
          failureReason: `Provisioning was interrupted ${
            record.attempts - 1
          } times (backends stopped or lost their claim) and is not tried again on its own. Check the organization for account "${
            record.fields.name
          }" (${
            record.email
          }) and the backend logs, then submit the request again.`,
        },
      });
      return { run: Promise.resolve() };
    }
    return {
      run: this.provision(record).catch(error =>
        logger.error(
          `Account request ${record.id}: could not record the end of provisioning; another backend resumes it when the lease expires`,
          error as Error,
        ),
      ),
    };
  }

  private async provision(record: StoredAccountRequest): Promise<void> {
    const { service, settings, logger } = this.options;
    const controller = new AbortController();
    this.inFlight.set(record.id, controller);
    let lostClaim = false;
    // Set just before this run's own final transition: a heartbeat answered after it finds the request no longer
    // provisioning, which is the run ending, not a lost claim.
    let ending = false;
    const heartbeat = setInterval(() => {
      if (ending) return;
      service.store
        .heartbeat({
          id: record.id,
          workerId: this.workerId,
          leaseMs: settings.leaseMs,
          now: this.now(),
        })
        .then(held => {
          if (!held && !ending && !controller.signal.aborted) {
            lostClaim = true;
            logger.error(
              `Account request ${record.id}: this backend lost its claim (another backend took it over after the lease expired); stopping this run`,
            );
            controller.abort();
          }
        })
        .catch(error =>
          logger.warn(
            `Account request ${record.id}: heartbeat failed (${
              (error as Error)?.message
            }); trying again`,
          ),
        );
    }, Math.max(50, Math.floor(settings.leaseMs / 3)));
    const runLogger = logger.child({ requestId: record.id });
    let applying = false;
    let knownAccountId: string | undefined;
    try {
      const vendor = await this.options.getVendor();
      const request = vendor.resolveRequest({
        ...record.fields,
        email: record.email,
        requestedBy: record.requestedBy,
        taskId: record.taskId ?? record.id,
      });
      const { provisioner } = vendor.chooseProvisioner();
      await service.store.note(record.id, this.workerId, {
        engine: provisioner.name,
        runLogRef: record.requestKey,
      });
      const refusal = await checkOrganization(
        claimOf(record),
        await this.options.getClient(),
        controller.signal,
      );
      if (refusal) {
        await service.workerTransition({
          id: record.id,
          workerId: this.workerId,
          to: 'failed',
          changes: { failureReason: refusal, engine: provisioner.name },
        });
        return;
      }
      applying = true;
      const result = await vendor.apply(request, {
        logger: runLogger,
        signal: controller.signal,
        // Recorded at once: if the run fails later, the failed request still holds the account's name and email.
        onAccountKnown: async accountId => {
          knownAccountId = accountId;
          await service.store.note(record.id, this.workerId, { accountId });
        },
      });
      // Tell the inventory first, so the dashboard shows the account by the time the request says ready.
      if (this.options.notifyWrites) {
        try {
          await this.options.notifyWrites({
            accountIds: [result.accountId],
            ouIds: [result.organizationalUnitId],
          });
        } catch (error) {
          logger.warn(
            `Account ${result.accountId} of request ${
              record.id
            } was provisioned, but the inventory was not told (${
              (error as Error)?.message
            }); it shows up after the next crawl`,
          );
        }
      }
      ending = true;
      await service.workerTransition({
        id: record.id,
        workerId: this.workerId,
        to: 'ready',
        changes: {
          accountId: result.accountId,
          accountArn: result.accountArn,
          organizationalUnitId: result.organizationalUnitId,
          engine: result.engine,
          runLogRef: result.stackName,
        },
        comment: result.created
          ? `Account ${result.accountId} created`
          : `Account ${result.accountId} already existed for this request; brought up to date`,
      });
    } catch (error) {
      if (lostClaim) return;
      if (this.stopped && controller.signal.aborted) {
        // Shutdown: give the lease back so the request is resumed at once, by this backend or another.
        await service.store.heartbeat({
          id: record.id,
          workerId: this.workerId,
          leaseMs: -1,
          now: this.now(),
        });
        logger.info(
          `Account request ${record.id}: provisioning interrupted by shutdown; it resumes when a backend starts`,
        );
        return;
      }
      logger.error(
        `Account request ${record.id}: provisioning failed`,
        error as Error,
      );
      // Before the vendor ran, no account was made; after, the provisioner may have made one without saying so.
      const made = applying
        ? await this.accountMade(record, knownAccountId)
        : { accountId: undefined, keepHolds: false };
      ending = true;
      await service.workerTransition({
        id: record.id,
        workerId: this.workerId,
        to: 'failed',
        keepHolds: made.keepHolds,
        changes: {
          ...(made.accountId ? { accountId: made.accountId } : {}),
          failureReason:
            (error as Error)?.message ??
            'Provisioning failed for an unknown reason',
        },
      });
    } finally {
      clearInterval(heartbeat);
      this.inFlight.delete(record.id);
    }
  }

  /**
   * The account a failing request made, so the failed request keeps holding its name, email and key (nobody else
   * can then request, and adopt, it; the same requester's retry takes the holds over). Known from the provisioner, from
   * an earlier run, or looked up in the organization by the request's tags. When the lookup fails, the holds are
   * kept all the same: an account may exist, and letting it go would be the unsafe guess.
   */
  private async accountMade(
    record: StoredAccountRequest,
    known: string | undefined,
  ): Promise<{ accountId?: string; keepHolds: boolean }> {
    const accountId = known ?? record.accountId;
    if (accountId) return { accountId, keepHolds: true };
    try {
      const found = await findRequestAccount(
        claimOf(record),
        await this.options.getClient(),
      );
      if (found) {
        this.options.logger.warn(
          `Account request ${record.id}: the failed run left account ${found}; the request keeps its name and email, and its requester can submit it again to finish it`,
        );
      }
      return { accountId: found, keepHolds: Boolean(found) };
    } catch (error) {
      this.options.logger.error(
        `Account request ${record.id}: could not look up whether the failed run made an account; the request keeps its name and email in case it did`,
        error as Error,
      );
      return { keepHolds: true };
    }
  }
}

/** What binds a stored request to its account. */
function claimOf(record: StoredAccountRequest): AccountClaim {
  return {
    name: record.fields.name,
    email: record.email,
    requestKey: record.requestKey,
    owner: record.fields.owner,
    requestedBy: record.requestedBy,
  };
}
