/**
 * Creating one account through the Organizations API: CreateAccount holding one of the limited creation slots
 * until AWS reports it finished, passing failures tried again, the daily quota reported at once, and a creation of
 * the same request already in progress elsewhere waited for instead of started twice.
 */
import {
  CreateAccountCommand,
  CreateAccountStatus,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { concurrentModificationBackoff } from '../organizations/concurrentModification';
import type { AccountLookup } from './accountLookup';
import type { CreationWatcher } from './creationWatcher';
import {
  AccountVendingError,
  describeCreateAccountFailure,
  describeOrganizationsError,
} from './failures';
import { ConcurrencyLimiter, sleep } from './limiter';
import type {
  AccountRequest,
  AccountVendingSettings,
  VendingRunContext,
} from './types';

const RETRYABLE_FAILURES = new Set([
  'CONCURRENT_ACCOUNT_MODIFICATION',
  'INTERNAL_FAILURE',
]);

/** A write to the organization, retried on ConcurrentModificationException. */
export type OrganizationsWrite = <T>(
  what: string,
  fn: () => Promise<T>,
  ctx: VendingRunContext,
) => Promise<T>;

/** What {@link AccountCreation} works with. */
export interface AccountCreationOptions {
  client: OrganizationsClient;
  settings: Pick<
    AccountVendingSettings,
    'roleName' | 'iamUserAccessToBilling' | 'creationTimeoutMs'
  >;
  limiter: ConcurrencyLimiter;
  watcher: CreationWatcher;
  lookup: AccountLookup;
  write: OrganizationsWrite;
  /** Ceiling of the first backoff before retrying a creation that failed for a passing reason. */
  retryDelayMs: number;
}

/** Creates accounts, or finds the creation of one already under way. */
export class AccountCreation {
  constructor(private readonly options: AccountCreationOptions) {}

  /**
   * CreateAccount and wait for it, holding one of the limited creation slots the whole time. `fresh` is false when
   * the account was made elsewhere meanwhile (adopted by its email and request tag).
   */
  async create(
    request: AccountRequest,
    tags: Record<string, string>,
    ctx: VendingRunContext,
  ): Promise<{ accountId: string; fresh: boolean }> {
    const { logger, signal } = ctx;
    const { limiter, settings, retryDelayMs } = this.options;
    if (limiter.activeCount >= limiter.limit) {
      logger.info(
        `${limiter.limit} account creations are already in progress; waiting for a free slot`,
      );
    }
    for (let attempt = 1; ; attempt++) {
      // One slot per creation in progress, from CreateAccount until AWS reports it no longer IN_PROGRESS.
      const release = await limiter.hold(signal);
      let status: CreateAccountStatus;
      try {
        logger.info(
          `CreateAccount "${request.name}" (${request.email})${
            attempt > 1 ? `, attempt ${attempt}` : ''
          }`,
        );
        const response = await this.sendCreateAccount(
          new CreateAccountCommand({
            AccountName: request.name,
            Email: request.email,
            RoleName: settings.roleName,
            IamUserAccessToBilling: settings.iamUserAccessToBilling,
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
          ctx,
        );
        // The slot is held until AWS reports the creation finished (SUCCEEDED or FAILED), not merely absent from
        // a list that may lag behind.
        status = await this.waitFor(response.CreateAccountStatus!, ctx);
      } finally {
        release();
      }
      if (status.State === 'SUCCEEDED' && status.AccountId) {
        return { accountId: status.AccountId, fresh: true };
      }
      const reason = status.FailureReason;
      if (reason === 'EMAIL_ALREADY_EXISTS') {
        // A run elsewhere may have made it in the meantime: adopt it when it carries our request tag.
        const found = await this.options.lookup.findExisting(request, signal);
        if (found?.account.Id) {
          return { accountId: found.account.Id, fresh: false };
        }
      }
      if (reason && RETRYABLE_FAILURES.has(reason) && attempt < 3) {
        const wait = concurrentModificationBackoff(attempt, {
          baseDelayMs: retryDelayMs,
          maxDelayMs: retryDelayMs * 8,
        });
        logger.warn(
          `Account creation failed with ${reason}; trying again in ${
            wait / 1000
          } s (attempt ${attempt + 1} of 3)`,
        );
        await sleep(wait, signal);
        continue;
      }
      throw new AccountVendingError(
        reason ?? 'CREATE_FAILED',
        describeCreateAccountFailure(reason),
      );
    }
  }

  /**
   * CreateAccount. ConcurrentModificationException is retried (bounded, with jitter). ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED
   * is AWS's daily quota of account creations, not a limit on creations in progress: waiting minutes does not help,
   * so it is reported at once with what to do.
   */
  private async sendCreateAccount(
    command: CreateAccountCommand,
    ctx: VendingRunContext,
  ) {
    try {
      return await this.options.write(
        'CreateAccount',
        () => this.options.client.send(command, { abortSignal: ctx.signal }),
        ctx,
      );
    } catch (error) {
      const e = error as { name?: string; Reason?: string };
      if (
        e?.name === 'ConstraintViolationException' &&
        e.Reason === 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED'
      ) {
        ctx.logger.error(
          'CreateAccount refused: the daily quota of account creations is used up (ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED)',
        );
        throw new AccountVendingError(
          'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
          describeOrganizationsError(error),
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async waitFor(
    initial: CreateAccountStatus,
    ctx: VendingRunContext,
  ): Promise<CreateAccountStatus> {
    const status = await this.options.watcher.wait(
      initial,
      this.options.settings.creationTimeoutMs,
      ctx.signal,
      ctx.logger,
    );
    ctx.logger.info(
      `Account creation ${status.Id}: ${status.State}${
        status.AccountId ? ` (account ${status.AccountId})` : ''
      }`,
    );
    return status;
  }

  /** A creation of this request started elsewhere and not finished yet: wait for it instead of starting another. */
  async adoptInProgress(
    request: AccountRequest,
    ctx: VendingRunContext,
  ): Promise<string | undefined> {
    let statuses: CreateAccountStatus[] = [];
    try {
      statuses = await this.options.lookup.inProgressCreations();
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') {
        throw error;
      }
      // Not fatal: the account is then looked for by email after CreateAccount answers EMAIL_ALREADY_EXISTS. Visible.
      ctx.logger.warn(
        `Could not list the account creations in progress (${
          (error as Error)?.name ?? 'Error'
        }: ${
          (error as Error)?.message
        }); a creation of this request started elsewhere is not waited for, and is found by its email instead`,
      );
      return undefined;
    }
    for (const candidate of statuses.filter(
      s => s.AccountName === request.name,
    )) {
      ctx.logger.info(
        `A creation of an account named "${request.name}" is already in progress (${candidate.Id}); waiting for it`,
      );
      const done = await this.waitFor(candidate, ctx);
      if (done.State === 'SUCCEEDED' && done.AccountId) {
        const described = await this.options.lookup.describe(
          done.AccountId,
          ctx.signal,
        );
        if (
          described.account.Email?.toLowerCase() === request.email.toLowerCase()
        ) {
          return done.AccountId;
        }
      }
    }
    return undefined;
  }
}
