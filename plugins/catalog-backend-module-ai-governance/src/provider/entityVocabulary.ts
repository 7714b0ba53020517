/**
 * The words of the catalog module's entities: the annotation keys, the posture tag, the `spec.type` values, which
 * policy types become entities, entity names from Organizations ids, and accounts' lifecycles.
 */
import type {
  OrgNode,
  PolicyType,
} from '@internal/plugin-ai-governance-common';

/** The annotation Backstage's AWS catalog module puts on account entities. @public */
export const AWS_ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';

/** Our annotations on the entities the provider emits. @public */
export const AI_GOVERNANCE_ANNOTATIONS = {
  /** The Organizations id of the node or policy (`r-…`, `ou-…`, a 12-digit account id, `p-…`). */
  id: 'ai-governance.io/id',
  /** The OU path from the root, names joined with `/` (`Root/AI/Development`); the node's own name last. */
  ouPath: 'ai-governance.io/ou-path',
  /** Accounts: the environment tag (`ai-governance:environment`), when the account has one. */
  environment: 'ai-governance.io/environment',
  /** Accounts: AWS's `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION). */
  accountState: 'ai-governance.io/account-state',
  /** Policies: the Organizations policy type (SERVICE_CONTROL_POLICY, …). */
  policyType: 'ai-governance.io/policy-type',
  /** The root: the organization's management account id. */
  managementAccountId: 'ai-governance.io/management-account-id',
  /** Accounts and OUs: set when the owner tag was not used (missing, or not an entity reference), saying why. */
  ownerFallback: 'ai-governance.io/owner-fallback',
  /** Accounts and OUs: where `spec.owner` came from: `tag`, `account-request` or `default`. */
  ownerSource: 'ai-governance.io/owner-source',
  /** Accounts vended through an account request: the request's id (`req-…`). */
  accountRequest: 'ai-governance.io/account-request',
  /**
   * The AI posture check (`GET /posture`): `ok` or `findings`. On the active member accounts it checks, and on the
   * root and OUs with such accounts under them.
   */
  aiPosture: 'ai-governance.io/ai-posture',
  /** Accounts: the number of error and warning posture findings about the account. */
  aiPostureErrors: 'ai-governance.io/ai-posture-errors',
  aiPostureWarnings: 'ai-governance.io/ai-posture-warnings',
  /** Accounts with findings: their codes, comma-separated (`POSTURE_AI_OPT_OUT_NOT_SET,…`). */
  aiPostureCodes: 'ai-governance.io/ai-posture-codes',
  /** Root and OUs: how many of the checked accounts under them have findings, e.g. `2/5`. */
  aiPostureAccounts: 'ai-governance.io/ai-posture-accounts',
  /**
   * Accounts, OUs and the root: the guardrail packs with a policy attached on the node's path (its own and its
   * ancestors'), comma-separated, or `none`. Only when the provider knows the packs.
   */
  guardrailPacks: 'ai-governance.io/guardrail-packs',
  /**
   * Checked accounts: the Bedrock models its SCPs and RCPs let it invoke in some Region: `all` (every model probed),
   * `none`, or the model ids, comma-separated, the first 5 and `+N more`.
   */
  bedrockModelAllowList: 'ai-governance.io/bedrock-model-allow-list',
  /**
   * Checked accounts: the Regions where it may invoke a Bedrock model: `none` (no region lock: every Bedrock Region),
   * `bedrock-denied` (no model in any Region), or the Regions, comma-separated (first 5, `+N more`).
   */
  regionLock: 'ai-governance.io/region-lock',
  /** Checked accounts: the guardrail its effective Bedrock policy enforces per Region (`us-east-1=<id>:<version>`), or `none`. */
  bedrockGuardrails: 'ai-governance.io/bedrock-guardrails',
  /**
   * Checked accounts: its effective AI services opt-out: `all` (every AI service opted out), `none`, or
   * `partial:` and the services still opted in (first 3, `+N more`).
   */
  aiOptOut: 'ai-governance.io/ai-opt-out',
  /** Policies: the headline of the plain-language summary (the whole summary is the description). */
  summary: 'ai-governance.io/summary',
  /** Policies that change nothing where they are attached: why (from the summary). */
  doesNothing: 'ai-governance.io/does-nothing',
} as const;

/** The tag on accounts and OUs with AI posture findings, for the catalog's tag filter. @public */
export const AI_POSTURE_FINDINGS_TAG = 'ai-posture-findings';

/** Entity `spec.type` values. @public */
export const AI_GOVERNANCE_ENTITY_TYPES = {
  organization: 'aws-organization',
  ou: 'aws-organizational-unit',
  account: 'aws-account',
  policy: 'aws-organizations-policy',
} as const;

/** Policy types that become entities: the ones that govern what accounts may do with AI services. */
export const CATALOG_POLICY_TYPES: readonly PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
];

/** Stable entity names from Organizations ids; titles carry the AWS names. */
export function entityNameOf(kind: OrgNode['kind'], id: string): string {
  if (kind === 'account') return `aws-account-${id}`;
  // r-xxxx, ou-xxxx-xxxxxxxx: already valid entity names (lower-case letters, digits, dashes).
  return `aws-${id}`;
}

/** Policy ids may hold upper-case letters (`p-FullAWSAccess`); entity names compare case-insensitively anyway. */
export function policyEntityNameOf(id: string): string {
  return `aws-policy-${id.toLowerCase()}`;
}

/** Lifecycle of an account: AWS's state mapped onto the catalog's usual values; gone or going accounts are deprecated. */
export function lifecycleOf(state: OrgNode['state']): string {
  switch (state) {
    case 'SUSPENDED':
    case 'PENDING_CLOSURE':
    case 'CLOSED':
      return 'deprecated';
    case 'PENDING_ACTIVATION':
      return 'experimental';
    default:
      return 'production';
  }
}
