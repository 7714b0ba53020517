import type { LoggerService } from '@backstage/backend-plugin-api';

/** The environments an AI account can be vended for. @public */
export type AccountEnvironment = 'development' | 'production';

/** @public */
export const ACCOUNT_ENVIRONMENTS: readonly AccountEnvironment[] = [
  'development',
  'production',
];

/** How sensitive the data in the account is. @public */
export type DataClassification =
  | 'public'
  | 'internal'
  | 'confidential'
  | 'restricted';

/** @public */
export const DATA_CLASSIFICATIONS: readonly DataClassification[] = [
  'public',
  'internal',
  'confidential',
  'restricted',
];

/** Which provisioner applies a request (config `aiGovernance.vending.engine`). `auto` picks Pulumi when its CLI is found. @public */
export type VendingEngineChoice = 'pulumi' | 'organizations-api' | 'auto';

/** The provisioner that actually ran (the `engine` field of plans and results). @public */
export type VendingEngineName = 'pulumi' | 'organizations-api';

/**
 * One request for an account, as the scaffolder action receives it (after the email was resolved from the
 * configured pattern when the user gave none).
 * @public
 */
export interface AccountRequest {
  /** The account name, as AWS shows it. */
  name: string;
  /** The root user's email address; unique across AWS. */
  email: string;
  environment: AccountEnvironment;
  /** Entity ref of the owning group or user, e.g. `group:default/ml-platform`. */
  owner: string;
  costCenter: string;
  dataClassification: DataClassification;
  /** Free text: what the account is for. Not written to tags. */
  purpose: string;
  /** Entity ref of the user who asked, e.g. `user:default/jane`. */
  requestedBy: string;
  /** The scaffolder task (or other job) that carries the request. */
  taskId: string;
}

/** What the vending settings say about accounts (see `aiGovernance.vending` in config). @public */
export interface AccountVendingSettings {
  engine: VendingEngineChoice;
  /** OU per environment: an OU id (`ou-…`) or an OU path of names under the root (`AI Development`, `Workloads/AI`). */
  organizationalUnits: Record<AccountEnvironment, string>;
  /** Email pattern with `{name}` and `{environment}` placeholders, e.g. `aws+{name}@example.com`. */
  emailPattern?: string;
  /** The role AWS creates in the new account for the management account to assume. */
  roleName: string;
  iamUserAccessToBilling: 'ALLOW' | 'DENY';
  /** Whether deleting the Pulumi resource closes the account. False unless configured. */
  closeOnDeletion: boolean;
  /** At most this many CreateAccount requests in progress at once (AWS allows a handful). */
  maxConcurrentCreations: number;
  /** The longest wait between two DescribeCreateAccountStatus calls. */
  pollIntervalMs: number;
  /** Give up waiting for AWS after this long. */
  creationTimeoutMs: number;
}

/** The resolved plan for one request. @public */
export interface AccountPlan {
  engine: VendingEngineName;
  stackName: string;
  organizationalUnitId: string;
  /** `create` when no account exists for the request yet, `update` when it exists but differs, `none` when it matches. */
  action: 'create' | 'update' | 'none';
  /** Short readable lines saying what would change. */
  changes: string[];
  /** The existing account, when there is one. */
  accountId?: string;
}

/** The result of applying a request. @public */
export interface AccountVendingResult {
  accountId: string;
  accountArn: string;
  organizationalUnitId: string;
  stackName: string;
  engine: VendingEngineName;
  /** False when the account already existed from an earlier run of the same request. */
  created: boolean;
}

/** What a provisioner needs for one run. @public */
export interface VendingRunContext {
  logger: LoggerService;
  signal?: AbortSignal;
  /**
   * Called as soon as the provisioner knows the id of the request's account (created, adopted, or found from an earlier
   * run), before the run finishes: a run that fails after the account exists still says which account it made.
   */
  onAccountKnown?: (accountId: string) => Promise<void>;
}

/**
 * An account provisioner: applies a resolved request (OU id known) through Pulumi or the Organizations API. Its
 * `name` is what config (`aiGovernance.vending.engine`) and results (`engine`) call it.
 * @public
 */
export interface AccountProvisioner {
  readonly name: VendingEngineName;
  preview(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountPlan>;
  apply(
    request: AccountRequest,
    organizationalUnitId: string,
    ctx: VendingRunContext,
  ): Promise<AccountVendingResult>;
}

/** @public @deprecated use {@link AccountProvisioner} */
export type AccountEngine = AccountProvisioner;
