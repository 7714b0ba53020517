/**
 * The Pulumi provisioner: an account request applied as one Pulumi stack per account through the runner, and the
 * AWS provider settings of that stack.
 */
import {
  Account,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import type { PulumiWorkspaceBoundary } from '../pulumi/automation';
import {
  ACCOUNT_RESOURCE_TYPE,
  AwsProviderSettings,
  assumeRoleSessionName,
  createAccountProgram,
  sourceIdentityOf,
} from '../pulumi/accountProgram';
import { runPulumiProgram } from '../pulumi/runner';
import {
  PulumiPlanRefusedError,
  PulumiRunCancelledError,
  PulumiRunError,
} from '../pulumi/runnerErrors';
import {
  AccountVendingError,
  KNOWN_CREATE_ACCOUNT_FAILURE_REASONS,
  describeCreateAccountFailure,
} from './failures';
import {
  accountWithEmail,
  assertAdoptable,
  listAccountTags,
} from './accountLookup';
import { ConcurrencyLimiter } from './limiter';
import { accountStackName } from './request';
import {
  AccountProvisioner,
  AccountPlan,
  AccountRequest,
  AccountVendingResult,
  AccountVendingSettings,
  VendingRunContext,
} from './types';

/** How the account program's provider reaches AWS, before the per-request role session is added. @public */
export interface AwsTargetSettings {
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Role in the management account to assume; the session name comes from the task, the source identity from the user. */
  roleArn?: string;
  externalId?: string;
}

/** Options of {@link PulumiAccountProvisioner}. @public */
export interface PulumiAccountProvisionerOptions {
  boundary: PulumiWorkspaceBoundary;
  projectName: string;
  settings: Pick<
    AccountVendingSettings,
    | 'roleName'
    | 'iamUserAccessToBilling'
    | 'closeOnDeletion'
    | 'maxConcurrentCreations'
  >;
  aws: AwsTargetSettings;
  /** Environment secrets to mask in output (from `buildPulumiEnvironment`). */
  secrets?: string[];
  limiter?: ConcurrencyLimiter;
  retry?: { attempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /**
   * The Organizations client of the same organization: finds an account that already exists for the request (by its
   * email) so that the program imports it instead of creating a duplicate. Without it only the stack's own record is
   * used.
   */
  client?: OrganizationsClient;
}

/** The provider settings for one request: the assumed role's session is named after the task and the user. @public */
export function providerSettingsFor(
  aws: AwsTargetSettings,
  request: Pick<AccountRequest, 'taskId' | 'requestedBy'>,
): AwsProviderSettings {
  return {
    region: aws.region,
    endpoint: aws.endpoint,
    accessKeyId: aws.accessKeyId,
    secretAccessKey: aws.secretAccessKey,
    assumeRole: aws.roleArn
      ? {
          roleArn: aws.roleArn,
          externalId: aws.externalId,
          sessionName: assumeRoleSessionName(request.taskId),
          sourceIdentity: sourceIdentityOf(request.requestedBy),
        }
      : undefined,
  };
}

/**
 * The Pulumi provisioner: one stack per account (deterministic name), the inline account program, preview first and
 * refusal of any plan that replaces or deletes the account.
 * @public
 */
export class PulumiAccountProvisioner implements AccountProvisioner {
  readonly name = 'pulumi' as const;
  readonly limiter: ConcurrencyLimiter;

  constructor(private readonly options: PulumiAccountProvisionerOptions) {
    this.limiter =
      options.limiter ??
      new ConcurrencyLimiter(options.settings.maxConcurrentCreations);
  }

  async preview(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountPlan> {
    const result = await this.run(
      request,
      organizationalUnitId,
      ctx,
      'preview',
    );
    const accountSteps = result.steps.filter(
      s => s.type === ACCOUNT_RESOURCE_TYPE,
    );
    let action: AccountPlan['action'] = 'none';
    if (accountSteps.some(s => s.op === 'create')) {
      action = 'create';
    } else if (accountSteps.some(s => s.op !== 'same' && s.op !== 'read')) {
      // An import adopts the existing account: an update of the stack, never a second account.
      action = 'update';
    }
    return {
      engine: this.name,
      stackName: result.stackName,
      organizationalUnitId,
      action,
      changes: result.steps.map(
        s =>
          `${s.op} ${s.urn.split('::').pop()}${
            s.diffs?.length ? ` (${s.diffs.join(', ')})` : ''
          }`,
      ),
    };
  }

  async apply(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountVendingResult> {
    // A new account holds one of the limited creation slots for the whole update; the preview tells which it is.
    const plan = await this.preview(request, organizationalUnitId, ctx);
    const apply = () => this.run(request, organizationalUnitId, ctx, 'up');
    const result =
      plan.action === 'create'
        ? await this.limiter.run(apply, ctx.signal)
        : await apply();
    const value = (name: string) => {
      const output = result.outputs[name];
      return output ? String(output.value ?? '') : '';
    };
    const accountId = value('accountId');
    if (!accountId) {
      throw new AccountVendingError(
        'NO_ACCOUNT_OUTPUT',
        `The stack ${result.stackName} finished without an accountId output. Check the stack with "pulumi stack --stack ${result.stackName}" and run the request again.`,
      );
    }
    return {
      accountId,
      accountArn: value('accountArn'),
      organizationalUnitId:
        value('organizationalUnitId') || organizationalUnitId,
      stackName: result.stackName,
      engine: this.name,
      created: plan.action === 'create',
    };
  }

  /**
   * The account that already exists for this request and that the stack does not manage yet: found by its email
   * among the organization's accounts. Only an ACTIVE account carrying this request's tag is adopted; one of the
   * same email that another request made (or that is suspended or closing) is refused with what to do.
   */
  async findExistingAccount(
    request: AccountRequest,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const client = this.options.client;
    if (!client) return undefined;
    let match: Account | undefined;
    for await (const page of paginateListAccounts({ client }, {})) {
      signal?.throwIfAborted();
      match = accountWithEmail(page.Accounts, request);
      if (match) break;
    }
    if (!match?.Id) return undefined;
    assertAdoptable(
      match,
      request,
      (match.State ?? match.Status ?? 'ACTIVE') === 'ACTIVE'
        ? await listAccountTags(client, match.Id, signal)
        : {},
    );
    return match.Id;
  }

  private async run(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
    mode: 'preview' | 'up',
  ) {
    const aws = this.options.aws;
    let importAccountId: string | undefined;
    try {
      return await runPulumiProgram({
        boundary: this.options.boundary,
        projectName: this.options.projectName,
        stackName: accountStackName(request),
        program: () =>
          createAccountProgram({
            request,
            organizationalUnitId,
            settings: this.options.settings,
            provider: providerSettingsFor(aws, request),
            importAccountId,
          })(),
        beforeRun: async stack => {
          const recorded = (await stack.outputs()).accountId?.value;
          if (recorded) {
            // The stack manages it already (its last applied outputs): nothing to adopt.
            importAccountId = undefined;
            await ctx.onAccountKnown?.(String(recorded));
            return;
          }
          importAccountId = await this.findExistingAccount(request, ctx.signal);
          if (importAccountId) {
            await ctx.onAccountKnown?.(importAccountId);
            ctx.logger.info(
              `Account ${importAccountId} already exists for this request (${
                request.email
              }); adopting it into stack ${accountStackName(
                request,
              )} instead of creating another`,
            );
          }
        },
        config: { 'aws:region': { value: aws.region } },
        logger: ctx.logger,
        signal: ctx.signal,
        mode,
        protectedTypes: [ACCOUNT_RESOURCE_TYPE],
        secrets: [aws.secretAccessKey, ...(this.options.secrets ?? [])],
        retry: this.options.retry,
      });
    } catch (error) {
      throw toVendingError(error);
    }
  }
}

/** Maps runner errors to vending errors; a CreateAccount FailureReason in the CLI's message gets its advice. */
function toVendingError(error: unknown): Error {
  if (error instanceof PulumiPlanRefusedError) {
    return new AccountVendingError('PLAN_REFUSED', error.message, {
      cause: error,
    });
  }
  if (error instanceof PulumiRunCancelledError) {
    return new AccountVendingError('CANCELLED', error.message, {
      cause: error,
    });
  }
  if (error instanceof PulumiRunError) {
    const reason = KNOWN_CREATE_ACCOUNT_FAILURE_REASONS.find(r =>
      error.message.includes(r),
    );
    if (reason) {
      return new AccountVendingError(
        reason,
        describeCreateAccountFailure(reason),
        {
          cause: error,
        },
      );
    }
    if (/spawn .*ENOENT|Failed to get Pulumi CLI/.test(error.message)) {
      return new AccountVendingError(
        'NO_PULUMI_CLI',
        'The Pulumi CLI was not found. Install it in the folder set as aiGovernance.pulumi.cliFolder (it must hold bin/pulumi), or set aiGovernance.vending.engine to organizations-api or auto.',
        { cause: error },
      );
    }
    return new AccountVendingError(error.causeName, error.message, {
      cause: error,
    });
  }
  return error as Error;
}

/** @public @deprecated use {@link PulumiAccountProvisioner} */
export const PulumiAccountEngine = PulumiAccountProvisioner;
/** @public @deprecated use {@link PulumiAccountProvisioner} */
// The old name as a type too, so that existing annotations keep compiling.
// eslint-disable-next-line @typescript-eslint/no-redeclare
export type PulumiAccountEngine = PulumiAccountProvisioner;
/** @public @deprecated use {@link PulumiAccountProvisionerOptions} */
export type PulumiAccountEngineOptions = PulumiAccountProvisionerOptions;
