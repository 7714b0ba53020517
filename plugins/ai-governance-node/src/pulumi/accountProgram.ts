import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { PulumiFn } from '@pulumi/pulumi/automation';
import { accountTags } from '../accounts/request';
import type {
  AccountEnvironment,
  AccountRequest,
  AccountVendingSettings,
} from '../accounts/types';

/** The resource type token of an AWS account, for refusing plans that replace or delete one. @public */
export const ACCOUNT_RESOURCE_TYPE = 'aws:organizations/account:Account';

/** How the program's AWS provider reaches the management account. @public */
export interface AwsProviderSettings {
  /** Organizations lives in us-east-1. */
  region: string;
  /** A local endpoint (the sandbox): every call goes there, credential checks are skipped. */
  endpoint?: string;
  /** Static keys, for the sandbox only; real AWS uses the CLI's allow-listed environment or the role below. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** The role in the management account to assume. */
  assumeRole?: {
    roleArn: string;
    externalId?: string;
    /** The session name: from the task. */
    sessionName: string;
    /** Source identity: from the requesting user. */
    sourceIdentity?: string;
    /** e.g. `1h` */
    duration?: string;
  };
}

/** Everything the account program needs. @public */
export interface AccountProgramSpec {
  request: AccountRequest;
  organizationalUnitId: string;
  settings: Pick<
    AccountVendingSettings,
    'roleName' | 'iamUserAccessToBilling' | 'closeOnDeletion'
  >;
  provider?: AwsProviderSettings;
  /**
   * An account that already exists for this request (recorded by an earlier run, or found by its email): the program
   * imports it instead of creating a second one. Only for a stack that does not manage it yet.
   */
  importAccountId?: string;
  /** Creation and deletion wait for AWS; defaults 60m and 30m. */
  timeouts?: { create?: string; update?: string; delete?: string };
}

/** IAM role session names allow `[\w+=,.@-]`, 2 to 64 characters. @public */
export function assumeRoleSessionName(taskId: string): string {
  const cleaned = `backstage-${taskId}`.replace(/[^\w+=,.@-]/g, '-');
  return cleaned.slice(0, 64);
}

/**
 * The STS source identity of a user ref (`user:default/jane` gives `user.default.jane`): allowed characters
 * `[\w+=,.@-]`, 2 to 64 of them. Undefined when nothing usable remains.
 * @public
 */
export function sourceIdentityOf(
  userRef: string | undefined,
): string | undefined {
  if (!userRef) {
    return undefined;
  }
  const cleaned = userRef
    .replace(/[:/]/g, '.')
    .replace(/[^\w+=,.@-]/g, '-')
    .slice(0, 64);
  return cleaned.length >= 2 ? cleaned : undefined;
}

/** The arguments of the AWS provider. Pure. @public */
export function awsProviderArgs(
  settings: AwsProviderSettings,
): aws.ProviderArgs {
  const args: aws.ProviderArgs = { region: settings.region as aws.Region };
  if (settings.endpoint) {
    args.endpoints = [
      { organizations: settings.endpoint, sts: settings.endpoint },
    ];
    args.skipCredentialsValidation = true;
    args.skipRequestingAccountId = true;
    args.skipMetadataApiCheck = true;
    args.skipRegionValidation = true;
  }
  if (settings.accessKeyId) {
    args.accessKey = settings.accessKeyId;
  }
  if (settings.secretAccessKey) {
    args.secretKey = pulumi.secret(settings.secretAccessKey);
  }
  if (settings.assumeRole) {
    args.assumeRoles = [
      {
        roleArn: settings.assumeRole.roleArn,
        sessionName: settings.assumeRole.sessionName,
        ...(settings.assumeRole.sourceIdentity
          ? { sourceIdentity: settings.assumeRole.sourceIdentity }
          : {}),
        ...(settings.assumeRole.externalId
          ? { externalId: settings.assumeRole.externalId }
          : {}),
        ...(settings.assumeRole.duration
          ? { duration: settings.assumeRole.duration }
          : {}),
      },
    ];
  }
  return args;
}

/** The inputs of the Account resource. Pure. @public */
export function accountResourceArgs(
  spec: AccountProgramSpec,
): aws.organizations.AccountArgs {
  return {
    name: spec.request.name,
    email: spec.request.email,
    parentId: spec.organizationalUnitId,
    roleName: spec.settings.roleName,
    iamUserAccessToBilling: spec.settings.iamUserAccessToBilling,
    // Closing an account is never a side effect of the stack: see closeAccount (an explicit, admin-only operation).
    closeOnDeletion: false,
    tags: accountTags(spec.request),
  };
}

/**
 * The Account inputs AWS cannot change in place: a diff in any of them makes the provider plan a replacement
 * (closing or removing the account and creating another). `roleName` and `iamUserAccessToBilling` are not even
 * readable after creation, so an imported account would always differ. Changes to them are ignored; the name and
 * email stay what AWS holds.
 * @public
 */
export const ACCOUNT_IMMUTABLE_FIELDS: readonly string[] = [
  'name',
  'email',
  'roleName',
  'iamUserAccessToBilling',
  'createGovcloud',
  'closeOnDeletion',
];

/**
 * The options of the Account resource. Pure: production accounts are protected (Pulumi refuses to delete them),
 * every account is `retainOnDelete` (leaving the stack never removes or closes it), the fields AWS cannot change in
 * place are ignored after creation (a diff would mean replacement), an existing account is imported, and waits are
 * long enough for AWS.
 * @public
 */
export function accountResourceOptions(options: {
  environment: AccountEnvironment;
  timeouts?: AccountProgramSpec['timeouts'];
  importAccountId?: string;
}): Pick<
  pulumi.CustomResourceOptions,
  'protect' | 'ignoreChanges' | 'customTimeouts' | 'retainOnDelete' | 'import'
> {
  return {
    protect: options.environment === 'production',
    retainOnDelete: true,
    ignoreChanges: [...ACCOUNT_IMMUTABLE_FIELDS],
    ...(options.importAccountId ? { import: options.importAccountId } : {}),
    customTimeouts: {
      create: options.timeouts?.create ?? '60m',
      update: options.timeouts?.update ?? '20m',
      delete: options.timeouts?.delete ?? '30m',
    },
  };
}

/**
 * The inline program: one AWS provider (the management account, or the sandbox) and one Account.
 * Outputs `accountId`, `accountArn` and `organizationalUnitId`.
 * @public
 */
export function createAccountProgram(spec: AccountProgramSpec): PulumiFn {
  return async () => {
    const provider = spec.provider
      ? new aws.Provider('management', awsProviderArgs(spec.provider))
      : undefined;
    const account = new aws.organizations.Account(
      'account',
      accountResourceArgs(spec),
      {
        ...accountResourceOptions({
          environment: spec.request.environment,
          timeouts: spec.timeouts,
          importAccountId: spec.importAccountId,
        }),
        provider,
      },
    );
    return {
      accountId: account.id,
      accountArn: account.arn,
      organizationalUnitId: account.parentId,
    };
  };
}
