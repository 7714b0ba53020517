import {
  CreateAccountStatus,
  DescribeCreateAccountStatusCommand,
  ListCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AccountVendingError } from './failures';
import { sleep } from './limiter';

/** Every CreateAccount request still in progress. */
export async function listInProgress(
  client: OrganizationsClient,
): Promise<CreateAccountStatus[]> {
  const statuses: CreateAccountStatus[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListCreateAccountStatusCommand({
        States: ['IN_PROGRESS'],
        NextToken: token,
      }),
    );
    statuses.push(...(page.CreateAccountStatuses ?? []));
    token = page.NextToken;
  } while (token);
  return statuses;
}

/** Where the watcher says that a poll failed. */
export interface CreationWatcherLogger {
  warn(message: string): void;
}

/** Polls that may fail in a row (throttling, a network blip) before every waiting creation is failed with the error. */
const MAX_FAILED_POLLS = 8;

interface Watched {
  startedAt: number;
  logger?: CreationWatcherLogger;
  resolve: (status: CreateAccountStatus) => void;
  reject: (error: unknown) => void;
  deadline: number;
  initial: CreateAccountStatus;
}

/**
 * Waits for account creations with one poll for all of them: ListCreateAccountStatus(IN_PROGRESS) each interval,
 * then DescribeCreateAccountStatus only for the requests that left the list. Twenty creations in progress cost
 * one call per interval, not twenty.
 */
export class CreationWatcher {
  private readonly watched = new Map<string, Watched>();
  private loop?: Promise<void>;
  /** Recent creation durations as AWS reports them (completed minus requested), newest last. */
  private readonly durations: number[] = [];

  /** The typical creation time seen so far (the median of recent ones), if any. */
  private expectedDuration(): number | undefined {
    if (this.durations.length === 0) {
      return undefined;
    }
    const sorted = [...this.durations].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /** The soonest time a watched creation is expected to finish, when that is still ahead. */
  private nextDue(now: number): number | undefined {
    const expected = this.expectedDuration();
    if (expected === undefined) {
      return undefined;
    }
    let due: number | undefined;
    for (const entry of this.watched.values()) {
      const at = entry.startedAt + expected + 10;
      if (at > now && (due === undefined || at < due)) {
        due = at;
      }
    }
    return due;
  }

  private observe(status: CreateAccountStatus) {
    const { RequestedTimestamp: requested, CompletedTimestamp: completed } =
      status;
    if (requested && completed) {
      this.durations.push(
        new Date(completed).getTime() - new Date(requested).getTime(),
      );
      if (this.durations.length > 20) {
        this.durations.shift();
      }
    }
  }

  constructor(
    private readonly client: OrganizationsClient,
    private readonly intervalMs: number,
  ) {}

  wait(
    initial: CreateAccountStatus,
    timeoutMs: number,
    signal?: AbortSignal,
    logger?: CreationWatcherLogger,
  ): Promise<CreateAccountStatus> {
    if (initial.State !== 'IN_PROGRESS' || !initial.Id) {
      return Promise.resolve(initial);
    }
    const id = initial.Id;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.watched.delete(id);
        reject(signal?.reason);
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.watched.set(id, {
        startedAt: Date.now(),
        initial,
        logger,
        deadline: Date.now() + timeoutMs,
        resolve: status => {
          signal?.removeEventListener('abort', onAbort);
          resolve(status);
        },
        reject: error => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.ensureLoop();
    });
  }

  private ensureLoop() {
    if (!this.loop) {
      this.loop = this.run().finally(() => {
        this.loop = undefined;
        if (this.watched.size > 0) {
          this.ensureLoop();
        }
      });
    }
  }

  private async run() {
    const shortest = Math.min(100, this.intervalMs);
    let delay = shortest;
    let failedPolls = 0;
    while (this.watched.size > 0) {
      // Poll with a growing delay (up to the interval), but wake at the time a creation is expected to finish
      // (learned from AWS's own timestamps) and poll briskly again from there.
      const now = Date.now();
      const due = this.nextDue(now);
      if (due !== undefined && due - now < delay) {
        await sleep(due - now);
        delay = shortest;
      } else {
        await sleep(delay);
        delay = Math.min(Math.ceil(delay * 1.5), this.intervalMs);
      }
      let inProgress: Set<string | undefined>;
      try {
        inProgress = new Set(
          (await listInProgress(this.client)).map(s => s.Id),
        );
        failedPolls = 0;
      } catch (error) {
        // Throttled or a blip: the next round asks again, a bounded number of times; then every waiter gets the error.
        failedPolls += 1;
        const message = `ListCreateAccountStatus failed (${
          (error as Error)?.name ?? 'Error'
        }: ${(error as Error)?.message}) while waiting for ${
          this.watched.size
        } account creation(s); poll ${failedPolls} of ${MAX_FAILED_POLLS}`;
        const loggers = new Set(
          [...this.watched.values()].map(w => w.logger).filter(Boolean),
        );
        loggers.forEach(l => l!.warn(message));
        if (failedPolls >= MAX_FAILED_POLLS) {
          const entries = [...this.watched.entries()];
          this.watched.clear();
          for (const [id, entry] of entries) {
            entry.reject(
              new AccountVendingError(
                'CREATION_STATUS_UNAVAILABLE',
                `Could not read the status of the account creation "${
                  entry.initial.AccountName
                }" (request ${id}) ${MAX_FAILED_POLLS} times in a row: ${
                  (error as Error)?.message
                }. Run the request again: it picks up the same creation instead of starting another.`,
                { cause: error },
              ),
            );
          }
        }
        continue;
      }
      const checkedAt = Date.now();
      const finished: string[] = [];
      for (const [id, entry] of this.watched) {
        if (!inProgress.has(id)) {
          // Absent from the list: read its status (the list may lag behind a creation that just started).
          finished.push(id);
        } else if (checkedAt > entry.deadline) {
          this.watched.delete(id);
          entry.reject(
            new AccountVendingError(
              'CREATION_TIMEOUT',
              `AWS is still creating the account "${entry.initial.AccountName}" (request ${id}). Run the request again later: it picks up the same creation instead of starting another.`,
            ),
          );
        }
      }
      await Promise.all(
        finished.map(async id => {
          const entry = this.watched.get(id);
          if (!entry) {
            return;
          }
          try {
            const response = await this.client.send(
              new DescribeCreateAccountStatusCommand({
                CreateAccountRequestId: id,
              }),
            );
            const status = response.CreateAccountStatus!;
            this.observe(status);
            if (status.State !== 'IN_PROGRESS') {
              this.watched.delete(id);
              entry.resolve(status);
            }
          } catch (error) {
            this.watched.delete(id);
            entry.reject(error);
          }
        }),
      );
    }
  }
}
