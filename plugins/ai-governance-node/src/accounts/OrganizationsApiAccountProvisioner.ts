import {
  Account,
  CreateAccountCommand,
  CreateAccountStatus,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import {
  AccountVendingError,
  describeCreateAccountFailure,
  describeOrganizationsError,
} from './failures';
import { CreationWatcher, listInProgress } from './creationWatcher';
import {
  ConcurrentModificationRetryOptions,
  concurrentModificationBackoff,
  withConcurrentModificationRetry,
} from '../organizations/concurrentModification';
import { getOrganizationsRateLimiter } from '../organizations/client';
import { ConcurrencyLimiter, sleep } from './limiter';
import { ACCOUNT_TAG_KEYS, accountStackName, accountTags } from './request';
import {
  AccountEngine,
  AccountPlan,
  AccountRequest,
  AccountVendingResult,
  AccountVendingSettings,
  VendingRunContext,
} from './types';

/** Options of {@link OrganizationsApiAccountEngine}. @public */
export interface OrganizationsApiAccountEngineOptions {
  client: OrganizationsClient;
  settings: Pick<
    AccountVendingSettings,
    | 'roleName'
    | 'iamUserAccessToBilling'
    | 'maxConcurrentCreations'
    | 'pollIntervalMs'
    | 'creationTimeoutMs'
  >;
  /** Share one limiter between engines that talk to the same organization. */
  limiter?: ConcurrencyLimiter;
  /** Ceiling of the first backoff before retrying a creation that failed for a passing reason; doubles, jittered. Default 2 s. */
  retryDelayMs?: number;
  /**
   * Retries of ConcurrentModificationException on the engine's writes (CreateAccount, MoveAccount, TagResource):
   * bounded, exponential backoff with jitter. The SDK does not retry it. Default: 5 attempts, unless the client is
   * one made by `createOrganizationsClient`, which retries it on every call already (then 1: no nesting).
   */
  concurrentModificationRetry?: ConcurrentModificationRetryOptions;
}

interface ExistingAccount {
  account: Account;
  parentId: string;
  tags: Record<string, string>;
}

const RETRYABLE_FAILURES = new Set([
  'CONCURRENT_ACCOUNT_MODIFICATION',
  'INTERNAL_FAILURE',
]);

/**
 * The direct engine: applies an account request through the AWS Organizations API (CreateAccount, then
 * DescribeCreateAccountStatus until done, MoveAccount to the OU, TagResource). Idempotent per request: it finds
 * the account an earlier run made (by email, checked against the request tag) or a creation still in progress,
 * and never creates a second one. At most `maxConcurrentCreations` creations are in progress at once.
 * @public
 */
export class OrganizationsApiAccountEngine implements AccountEngine {
  readonly name = 'organizations-api' as const;
  readonly limiter: ConcurrencyLimiter;
  private readonly client: OrganizationsClient;
  private readonly settings: OrganizationsApiAccountEngineOptions['settings'];
  private readonly retryDelayMs: number;
  private readonly inFlight = new Map<string, Promise<AccountVendingResult>>();
  private readonly shared = new Map<string, Promise<unknown>>();
  private readonly watcher: CreationWatcher;
  private readonly cmRetry: ConcurrentModificationRetryOptions;
  private organization?: Promise<{ rootId: string; arnPrefix: string }>;

  constructor(options: OrganizationsApiAccountEngineOptions) {
    this.client = options.client;
    this.settings = options.settings;
    this.retryDelayMs = options.retryDelayMs ?? 2000;
    this.limiter =
      options.limiter ??
      new ConcurrencyLimiter(options.settings.maxConcurrentCreations);
    this.watcher = new CreationWatcher(
      this.client,
      this.settings.pollIntervalMs,
    );
    this.cmRetry = options.concurrentModificationRetry ?? {
      maxAttempts: getOrganizationsRateLimiter(this.client) ? 1 : 5,
    };
  }

  /** A write, retried on ConcurrentModificationException (bounded, backoff with jitter), each retry logged. */
  private write<T>(
    what: string,
    fn: () => Promise<T>,
    ctx: VendingRunContext,
  ): Promise<T> {
    return withConcurrentModificationRetry(fn, {
      ...this.cmRetry,
      onRetry: (attempt, delayMs, error) => {
        ctx.logger.warn(
          `${what}: another change to the organization was in progress (ConcurrentModificationException); trying again in ${delayMs} ms (retry ${attempt} of ${
            (this.cmRetry.maxAttempts ?? 5) - 1
          })`,
        );
        this.cmRetry.onRetry?.(attempt, delayMs, error);
      },
    });
  }

  /** Runs `fn` once for concurrent callers of the same key (one ListAccounts serves 20 requests arriving at once). */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let running = this.shared.get(key) as Promise<T> | undefined;
    if (!running) {
      running = fn().finally(() => this.shared.delete(key));
      this.shared.set(key, running);
    }
    return running;
  }

  /** The root id and the prefix of account ARNs, read once. */
  private organizationInfo(signal?: AbortSignal) {
    if (!this.organization) {
      this.organization = (async () => {
        const [org, roots] = await Promise.all([
          this.client.send(new DescribeOrganizationCommand({}), {
            abortSignal: signal,
          }),
          this.client.send(new ListRootsCommand({}), { abortSignal: signal }),
        ]);
        // arn:aws:organizations::<management>:organization/<org-id> gives ...:account/<org-id>/<account-id>
        const arn = org.Organization?.Arn ?? '';
        return {
          rootId: roots.Roots?.[0]?.Id ?? '',
          arnPrefix: `${arn.replace(':organization/', ':account/')}/`,
        };
      })();
      this.organization.catch(() => {
        this.organization = undefined;
      });
    }
    return this.organization;
  }

  async preview(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountPlan> {
    const stackName = accountStackName(request);
    const existing = await this.findExisting(request, ctx.signal);
    const tags = accountTags(request);
    if (!existing) {
      return {
        engine: this.name,
        stackName,
        organizationalUnitId,
        action: 'create',
        changes: [
          `create account "${request.name}" (${request.email}) under ${organizationalUnitId}`,
          `tag it ${Object.entries(tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        ],
      };
    }
    const changes = this.differences(existing, organizationalUnitId, tags);
    return {
      engine: this.name,
      stackName,
      organizationalUnitId,
      action: changes.length ? 'update' : 'none',
      changes,
      accountId: existing.account.Id,
    };
  }

  apply(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountVendingResult> {
    const key = accountStackName(request);
    const running = this.inFlight.get(key);
    if (running) {
      ctx.logger.info(
        `The same request is already running in this backend; waiting for it (${key})`,
      );
      return running;
    }
    const promise = this.applyOnce(request, organizationalUnitId, ctx).finally(
      () => this.inFlight.delete(key),
    );
    this.inFlight.set(key, promise);
    return promise;
  }

  private async applyOnce(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountVendingResult> {
    const { logger, signal } = ctx;
    const stackName = accountStackName(request);
    const tags = accountTags(request);
    try {
      let existing = await this.findExisting(request, signal);
      let created = false;
      if (existing) {
        logger.info(
          `Account ${existing.account.Id} already exists for this request (${request.email}); bringing it up to date`,
        );
      } else {
        const adopted = await this.adoptInProgressCreation(request, ctx);
        const made = adopted
          ? { accountId: adopted, fresh: false }
          : await this.createAccount(request, tags, ctx);
        created = true;
        if (made.fresh) {
          // A new account sits in the root with the tags it was created with: no need to read it back.
          const org = await this.organizationInfo(signal);
          existing = {
            account: {
              Id: made.accountId,
              Arn: `${org.arnPrefix}${made.accountId}`,
              Name: request.name,
              Email: request.email,
            },
            parentId: org.rootId,
            tags: { ...tags },
          };
        } else {
          existing = await this.describe(made.accountId, signal);
        }
      }
      const accountId = existing.account.Id!;
      await ctx.onAccountKnown?.(accountId);
      if (existing.parentId !== organizationalUnitId) {
        logger.info(
          `Moving account ${accountId} from ${existing.parentId} to ${organizationalUnitId}`,
        );
        await this.write(
          `MoveAccount ${accountId}`,
          () =>
            this.client.send(
              new MoveAccountCommand({
                AccountId: accountId,
                SourceParentId: existing!.parentId,
                DestinationParentId: organizationalUnitId,
              }),
              { abortSignal: signal },
            ),
          ctx,
        );
      }
      const tagChanges = Object.entries(tags).filter(
        ([key, value]) => existing!.tags[key] !== value,
      );
      if (tagChanges.length > 0) {
        logger.info(
          `Tagging account ${accountId}: ${tagChanges
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        );
        await this.write(
          `TagResource ${accountId}`,
          () =>
            this.client.send(
              new TagResourceCommand({
                ResourceId: accountId,
                Tags: tagChanges.map(([Key, Value]) => ({ Key, Value })),
              }),
              { abortSignal: signal },
            ),
          ctx,
        );
      }
      logger.info(
        `Account ${accountId} "${request.name}" is ready in ${organizationalUnitId}`,
      );
      return {
        accountId,
        accountArn: existing.account.Arn ?? '',
        organizationalUnitId,
        stackName,
        engine: this.name,
        created,
      };
    } catch (error) {
      if (error instanceof AccountVendingError) {
        throw error;
      }
      throw new AccountVendingError(
        (error as Error)?.name ?? 'UNKNOWN',
        describeOrganizationsError(error),
        { cause: error },
      );
    }
  }

  /** CreateAccount and wait for it, holding one of the limited creation slots the whole time. */
  private async createAccount(
    request: AccountRequest,
    tags: Record<string, string>,
    ctx: VendingRunContext,
  ): Promise<{ accountId: string; fresh: boolean }> {
    const { logger, signal } = ctx;
    if (this.limiter.activeCount >= this.limiter.limit) {
      logger.info(
        `${this.limiter.limit} account creations are already in progress; waiting for a free slot`,
      );
    }
    for (let attempt = 1; ; attempt++) {
      // One slot per creation in progress, from CreateAccount until AWS reports it no longer IN_PROGRESS.
      const release = await this.limiter.hold(signal);
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
            RoleName: this.settings.roleName,
            IamUserAccessToBilling: this.settings.iamUserAccessToBilling,
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
          ctx,
        );
        // The slot is held until AWS reports the creation finished (SUCCEEDED or FAILED), not merely absent from
        // a list that may lag behind.
        status = await this.waitForCreation(response.CreateAccountStatus!, ctx);
      } finally {
        release();
      }
      if (status.State === 'SUCCEEDED' && status.AccountId) {
        return { accountId: status.AccountId, fresh: true };
      }
      const reason = status.FailureReason;
      if (reason === 'EMAIL_ALREADY_EXISTS') {
        // A run elsewhere may have made it in the meantime: adopt it when it carries our request tag.
        const found = await this.findExisting(request, signal);
        if (found?.account.Id) {
          return { accountId: found.account.Id, fresh: false };
        }
      }
      if (reason && RETRYABLE_FAILURES.has(reason) && attempt < 3) {
        const wait = concurrentModificationBackoff(attempt, {
          baseDelayMs: this.retryDelayMs,
          maxDelayMs: this.retryDelayMs * 8,
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
      return await this.write(
        'CreateAccount',
        () => this.client.send(command, { abortSignal: ctx.signal }),
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

  private async waitForCreation(
    initial: CreateAccountStatus,
    ctx: VendingRunContext,
  ): Promise<CreateAccountStatus> {
    const status = await this.watcher.wait(
      initial,
      this.settings.creationTimeoutMs,
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
  private async adoptInProgressCreation(
    request: AccountRequest,
    ctx: VendingRunContext,
  ): Promise<string | undefined> {
    let statuses: CreateAccountStatus[] = [];
    try {
      statuses = await this.once('in-progress', () =>
        listInProgress(this.client),
      );
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
      const done = await this.waitForCreation(candidate, ctx);
      if (done.State === 'SUCCEEDED' && done.AccountId) {
        const described = await this.describe(done.AccountId, ctx.signal);
        if (
          described.account.Email?.toLowerCase() === request.email.toLowerCase()
        ) {
          return done.AccountId;
        }
      }
    }
    return undefined;
  }

  /** The account of this request, found by its email; refuses an account of that email that another request made. */
  private async findExisting(
    request: AccountRequest,
    signal?: AbortSignal,
  ): Promise<ExistingAccount | undefined> {
    const email = request.email.trim().toLowerCase();
    signal?.throwIfAborted();
    const accounts = await this.once('accounts', async () => {
      const all: Account[] = [];
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListAccountsCommand({ NextToken: token }),
        );
        all.push(...(page.Accounts ?? []));
        token = page.NextToken;
      } while (token);
      return all;
    });
    const match = accounts.find(
      (a: Account) => a.Email?.toLowerCase() === email,
    );
    if (!match?.Id) {
      return undefined;
    }
    const state = match.State ?? match.Status;
    if (state && state !== 'ACTIVE') {
      // A suspended or closing account is not a vended account, and its email cannot be used again.
      throw new AccountVendingError(
        'EMAIL_IN_USE',
        `Account ${match.Id} ("${match.Name}") uses ${request.email} but is ${state}: it does not count as vended, and AWS does not let a new account use its email. Choose another email, or ask an AWS admin to reopen the account (through AWS Support within 90 days of closing).`,
      );
    }
    const existing = await this.describe(match.Id, signal, match);
    const key = accountStackName(request);
    const tagged = existing.tags[ACCOUNT_TAG_KEYS.request];
    if (tagged !== key) {
      throw new AccountVendingError(
        'EMAIL_IN_USE',
        `Account ${match.Id} ("${match.Name}") already uses ${
          request.email
        } and was not made by this request${
          tagged ? ` (it belongs to request ${tagged})` : ''
        }. Choose another email, or ask an admin to tag that account ${
          ACCOUNT_TAG_KEYS.request
        }=${key} to adopt it.`,
      );
    }
    return existing;
  }

  private async describe(
    accountId: string,
    signal?: AbortSignal,
    known?: Account,
  ): Promise<ExistingAccount> {
    const [account, parents, tags] = await Promise.all([
      known
        ? Promise.resolve(known)
        : this.client
            .send(new DescribeAccountCommand({ AccountId: accountId }), {
              abortSignal: signal,
            })
            .then(r => r.Account!),
      this.client.send(new ListParentsCommand({ ChildId: accountId }), {
        abortSignal: signal,
      }),
      this.listTags(accountId, signal),
    ]);
    return {
      account,
      parentId: parents.Parents?.[0]?.Id ?? '',
      tags,
    };
  }

  private async listTags(
    resourceId: string,
    signal?: AbortSignal,
  ): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListTagsForResourceCommand({
          ResourceId: resourceId,
          NextToken: token,
        }),
        { abortSignal: signal },
      );
      for (const tag of page.Tags ?? []) {
        if (tag.Key) {
          tags[tag.Key] = tag.Value ?? '';
        }
      }
      token = page.NextToken;
    } while (token);
    return tags;
  }

  private differences(
    existing: ExistingAccount,
    organizationalUnitId: string,
    tags: Record<string, string>,
  ): string[] {
    const changes: string[] = [];
    if (existing.parentId !== organizationalUnitId) {
      changes.push(
        `move account ${existing.account.Id} from ${existing.parentId} to ${organizationalUnitId}`,
      );
    }
    for (const [key, value] of Object.entries(tags)) {
      if (existing.tags[key] !== value) {
        changes.push(
          `set tag ${key}=${value}${
            existing.tags[key] !== undefined
              ? ` (was ${existing.tags[key]})`
              : ''
          }`,
        );
      }
    }
    return changes;
  }
}
