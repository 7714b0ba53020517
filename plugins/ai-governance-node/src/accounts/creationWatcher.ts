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

interface Watched {
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

  constructor(
    private readonly client: OrganizationsClient,
    private readonly intervalMs: number,
  ) {}

  wait(
    initial: CreateAccountStatus,
    timeoutMs: number,
    signal?: AbortSignal,
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
        initial,
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
    let delay = Math.min(100, this.intervalMs);
    while (this.watched.size > 0) {
      await sleep(delay);
      delay = Math.min(Math.ceil(delay * 1.5), this.intervalMs);
      let inProgress: Set<string | undefined>;
      try {
        inProgress = new Set(
          (await listInProgress(this.client)).map(s => s.Id),
        );
      } catch {
        continue; // throttled or a blip: the next round asks again; deadlines still apply
      }
      const now = Date.now();
      const finished: string[] = [];
      for (const [id, entry] of this.watched) {
        if (!inProgress.has(id)) {
          finished.push(id);
        } else if (now > entry.deadline) {
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
