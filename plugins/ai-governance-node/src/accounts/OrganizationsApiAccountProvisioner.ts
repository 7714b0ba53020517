/**
 * The Organizations API provisioner: applies an account request through the AWS Organizations API (create, move,
 * tag), idempotent per request. Creation is in `accountCreation.ts`, finding an earlier run's account in
 * `accountLookup.ts`.
 */
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import {
  ConcurrentModificationRetryOptions,
  withConcurrentModificationRetry,
} from '../organizations/concurrentModification';
import { getOrganizationsRateLimiter } from '../organizations/client';
import { AccountCreation } from './accountCreation';
import { AccountLookup, ExistingAccount } from './accountLookup';
import { CreationWatcher } from './creationWatcher';
import { AccountVendingError, describeOrganizationsError } from './failures';
import { ConcurrencyLimiter } from './limiter';
import { accountStackName, accountTags } from './request';
import {
  AccountPlan,
  AccountProvisioner,
  AccountRequest,
  AccountVendingResult,
  AccountVendingSettings,
  VendingRunContext,
} from './types';

/** Options of {@link OrganizationsApiAccountProvisioner}. @public */
export interface OrganizationsApiAccountProvisionerOptions {
  client: OrganizationsClient;
  settings: Pick<
    AccountVendingSettings,
    | 'roleName'
    | 'iamUserAccessToBilling'
    | 'maxConcurrentCreations'
    | 'pollIntervalMs'
    | 'creationTimeoutMs'
  >;
  /** Share one limiter between provisioners that talk to the same organization. */
  limiter?: ConcurrencyLimiter;
  /** Ceiling of the first backoff before retrying a creation that failed for a passing reason; doubles, jittered. Default 2 s. */
  retryDelayMs?: number;
  /**
   * Retries of ConcurrentModificationException on the provisioner's writes (CreateAccount, MoveAccount, TagResource):
   * bounded, exponential backoff with jitter. The SDK does not retry it. Default: 5 attempts, unless the client is
   * one made by `createOrganizationsClient`, which retries it on every call already (then 1: no nesting).
   */
  concurrentModificationRetry?: ConcurrentModificationRetryOptions;
}

/**
 * The Organizations API provisioner (the direct one): applies an account request through the AWS Organizations API (CreateAccount, then
 * DescribeCreateAccountStatus until done, MoveAccount to the OU, TagResource). Idempotent per request: it finds
 * the account an earlier run made (by email, checked against the request tag) or a creation still in progress,
 * and never creates a second one. At most `maxConcurrentCreations` creations are in progress at once.
 * @public
 */
export class OrganizationsApiAccountProvisioner implements AccountProvisioner {
  readonly name = 'organizations-api' as const;
  readonly limiter: ConcurrencyLimiter;
  private readonly client: OrganizationsClient;
  private readonly settings: OrganizationsApiAccountProvisionerOptions['settings'];
  private readonly inFlight = new Map<string, Promise<AccountVendingResult>>();
  private readonly lookup: AccountLookup;
  private readonly creation: AccountCreation;
  private readonly cmRetry: ConcurrentModificationRetryOptions;
  private organization?: Promise<{ rootId: string; arnPrefix: string }>;

  constructor(options: OrganizationsApiAccountProvisionerOptions) {
    this.client = options.client;
    this.settings = options.settings;
    this.limiter =
      options.limiter ??
      new ConcurrencyLimiter(options.settings.maxConcurrentCreations);
    this.cmRetry = options.concurrentModificationRetry ?? {
      maxAttempts: getOrganizationsRateLimiter(this.client) ? 1 : 5,
    };
    this.lookup = new AccountLookup(this.client);
    this.creation = new AccountCreation({
      client: this.client,
      settings: this.settings,
      limiter: this.limiter,
      watcher: new CreationWatcher(this.client, this.settings.pollIntervalMs),
      lookup: this.lookup,
      write: (what, fn, ctx) => this.write(what, fn, ctx),
      retryDelayMs: options.retryDelayMs ?? 2000,
    });
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
    const existing = await this.lookup.findExisting(request, ctx.signal);
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
      let existing = await this.lookup.findExisting(request, signal);
      let created = false;
      if (existing) {
        logger.info(
          `Account ${existing.account.Id} already exists for this request (${request.email}); bringing it up to date`,
        );
      } else {
        const adopted = await this.creation.adoptInProgress(request, ctx);
        const made = adopted
          ? { accountId: adopted, fresh: false }
          : await this.creation.create(request, tags, ctx);
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
          existing = await this.lookup.describe(made.accountId, signal);
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

/** @public @deprecated use {@link OrganizationsApiAccountProvisioner} */
export const OrganizationsApiAccountEngine = OrganizationsApiAccountProvisioner;
/** @public @deprecated use {@link OrganizationsApiAccountProvisioner} */
// The old name as a type too, so that existing annotations keep compiling.
// eslint-disable-next-line @typescript-eslint/no-redeclare
export type OrganizationsApiAccountEngine = OrganizationsApiAccountProvisioner;
/** @public @deprecated use {@link OrganizationsApiAccountProvisionerOptions} */
export type OrganizationsApiAccountEngineOptions =
  OrganizationsApiAccountProvisionerOptions;
