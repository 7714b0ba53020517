/**
 * Public result types of the policy engine (linter, evaluator, org-wide who-can). The CLI's JSON output and the
 * backend's responses use these shapes.
 */
import type { PolicyType } from '../orgModel/types';

/** @public */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One lint finding. Line and column are 1-based positions in the document text. @public */
export interface LintFinding {
  /** Named after IAM Access Analyzer's ValidatePolicy checks where one exists, e.g. `INVALID_ACTION`. */
  code: string;
  severity: FindingSeverity;
  message: string;
  line: number;
  column: number;
  /** Where the finding ends, when it spans text. */
  endLine?: number;
  endColumn?: number;
  /** Index of the statement in the document, when the finding is about one. */
  statementIndex?: number;
}

/** The principal a request comes from. @public */
export interface SimulationPrincipal {
  /** Account id or account name (in an org model). */
  account: string;
  /** `aws:PrincipalArn`; defaults to a role in the account. */
  principalArn?: string;
  /** `aws:PrincipalTag/<key>` values. */
  tags?: Record<string, string>;
}

/**
 * Who makes a request (`SimulationRequest.principal`). Every field is optional; what is left out is derived (see
 * each field) or, failing that, the principal is a role in the request's `target` account.
 * @public
 */
export interface RequestPrincipal {
  /**
   * `aws:PrincipalArn`: an IAM role (`arn:aws:iam::111122223333:role/Name`), an assumed-role session
   * (`arn:aws:sts::111122223333:assumed-role/Name/session`), an IAM user, a federated user or an account root
   * (`arn:aws:iam::111122223333:root`). Resource-based policies' `Principal` elements are matched against it (a
   * session also matches its role's ARN, as AWS does). Defaults to `arn:aws:iam::<accountId>:role/SimulatedRole`.
   */
  arn?: string;
  /**
   * The principal's account: a 12-digit id or an account name from the org model. Defaults to the account in `arn`,
   * else the request's `target`. It may be an account outside the organization: then no SCP applies to it and
   * `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths` are absent. SCPs come from this account, never from the
   * resource's.
   */
  accountId?: string;
  /** `aws:PrincipalTag/<key>` values (merged over the request's `principalTags`). */
  tags?: Record<string, string>;
  /**
   * A service principal such as `cloudtrail.amazonaws.com`: the AWS service itself calls with its own credentials.
   * Sets `aws:PrincipalIsAWSService` and `aws:PrincipalServiceName`; no SCP, identity policy, boundary or session
   * policy applies, and only a resource-based policy naming the service (or `*`) can allow. RCPs of the resource's
   * account still apply (AWS's RCP examples exempt services with an `aws:PrincipalIsAWSService` condition).
   * `arn` and `accountId` are then ignored.
   */
  service?: string;
  /**
   * An unsigned (anonymous) request: no principal account, no SCP, identity policy, boundary or session policy;
   * only a resource-based policy allowing `Principal: "*"` can allow, and RCPs of the resource's account still apply.
   */
  anonymous?: boolean;
}

/**
 * The resource a request acts on, beyond its ARN (`SimulationRequest.resourceOwner`).
 * @public
 */
export interface RequestResource {
  /**
   * The resource's account: a 12-digit id or an account name from the org model. Defaults to the account in the
   * resource ARN when it names one (e.g. `arn:aws:sqs:eu-west-1:444455556666:jobs`), else the principal's account
   * (S3 bucket ARNs name no account: give it here for a bucket in another account). It may be an account outside
   * the organization: then no RCP applies and `aws:ResourceOrgID` / `aws:ResourceOrgPaths` are absent. RCPs come
   * from this account, never from the principal's.
   */
  accountId?: string;
  /** `aws:ResourceTag/<key>` values. */
  tags?: Record<string, string>;
  /**
   * The resource is an AWS-managed KMS key (alias `aws/...`): RCPs do not apply to it (AWS lists it among the RCP
   * exemptions).
   */
  awsManagedKmsKey?: boolean;
}

/**
 * A policy given with a request (identity, resource-based, boundary, session or VPC endpoint policy).
 * @public
 */
export interface RequestPolicy {
  /** Shown in results as the deciding statement's `policyName`, e.g. a role's policy name or a file name. */
  name: string;
  /** The policy document as JSON text (line and column of deciding statements refer to it). */
  content: string;
  /** Shown as `policyId`; defaults to `name`. */
  id?: string;
}

/**
 * A question: may this principal perform this action on this resource?
 *
 * Only `target` and `action` are required. A request that gives none of the policies below (identity, resource,
 * boundary, session, VPC endpoint) is decided by SCPs and RCPs alone, the principal's own permissions assumed to
 * allow; each policy kind given is evaluated as AWS does (see docs/policy-engine.md). A policy kind left out is not
 * evaluated; `identityPolicies: []` (given, empty) means the principal has no identity policy at all.
 * @public
 */
export interface SimulationRequest {
  /**
   * An account id or name; for an OU, the evaluation is for a hypothetical account placed directly in it. It is the
   * principal's account and the resource's account unless `principal.accountId` / `resourceOwner.accountId` (or the
   * ARNs) say otherwise.
   */
  target: string;
  action: string;
  /** The resource ARN; defaults to `*`. */
  resource?: string;
  /**
   * Request context; a key with several values is multi-valued. A key given here wins over the derived one (keys
   * are case-insensitive), e.g. `aws:PrincipalOrgID`.
   */
  context?: Record<string, string | string[]>;
  /** Same as `principal.arn` (kept for existing callers; `principal.arn` wins). */
  principalArn?: string;
  /** Same as `principal.tags` (kept for existing callers; `principal.tags` wins per key). */
  principalTags?: Record<string, string>;
  /** Who makes the request: account, tags, service principal or anonymous. */
  principal?: RequestPrincipal;
  /** The resource's account (inside or outside the organization) and tags. */
  resourceOwner?: RequestResource;
  /**
   * The principal's identity-based policies (inline and managed, user's groups included). Left out: assume they
   * allow (today's behaviour). Given (even empty): one of them must allow, unless a resource-based policy in the
   * same account allows.
   */
  identityPolicies?: RequestPolicy[];
  /**
   * The resource-based policy of the resource (bucket policy, key policy, queue policy, role trust policy...). Left
   * out: not evaluated (in a cross-account request the resource side is then assumed to allow). To say the resource
   * has none, give an empty one (`{"Version":"2012-10-17","Statement":[]}`).
   */
  resourcePolicy?: RequestPolicy;
  /** The principal's permissions boundary: it must allow too (with the same-account exceptions AWS documents). */
  permissionsBoundary?: RequestPolicy;
  /** The session policies passed when the role session or federated user session was created: they must allow. */
  sessionPolicies?: RequestPolicy[];
  /** The policy of the VPC endpoint the request goes through: it must allow. */
  vpcEndpointPolicy?: RequestPolicy;
}

/**
 * The parts of a simulation request beyond the organization's own policies: the principal, the resource's owner and
 * the policies of the principal, the resource, a permissions boundary, sessions and a VPC endpoint.
 * @public
 */
export type SimulationRequestParts = Pick<
  SimulationRequest,
  | 'principal'
  | 'resourceOwner'
  | 'identityPolicies'
  | 'resourcePolicy'
  | 'permissionsBoundary'
  | 'sessionPolicies'
  | 'vpcEndpointPolicy'
>;

/** @public */
export type Decision = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

/** The statement that decided a level. @public */
export interface DecidingStatement {
  policyId: string;
  policyName: string;
  /** Index in the policy's Statement array. */
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Position of the statement in the policy document (1-based). */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** The verdict of one policy type at one level of the tree. @public */
export interface LevelResult {
  node: { id: string; kind: 'root' | 'ou' | 'account'; name: string };
  policyType: PolicyType;
  /** `Allowed` when some statement allows and none denies; `ExplicitDeny`; `ImplicitDeny` when nothing allows. */
  decision: Decision;
  /** The Deny that fired, or the Allow(s) that let the request through at this level. */
  deciding: DecidingStatement[];
}

/**
 * The policy kinds the evaluator decides, in AWS's evaluation order after explicit denies. SCPs and RCPs keep their
 * organization policy type names.
 * @public
 */
export type EvaluatedPolicyKind =
  | 'RESOURCE_CONTROL_POLICY'
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_POLICY'
  | 'IDENTITY_POLICY'
  | 'PERMISSIONS_BOUNDARY'
  | 'SESSION_POLICY'
  | 'VPC_ENDPOINT_POLICY';

/**
 * The verdict of one policy kind (`SimulationResult.steps`).
 * @public
 */
export interface EvaluationStep {
  kind: EvaluatedPolicyKind;
  /**
   * `NotApplicable` when the kind was not evaluated: not given with the request, or exempt (`note` says why).
   * Otherwise the kind's own verdict: `ExplicitDeny` when a statement denies, `Allowed` when one allows,
   * `ImplicitDeny` when none allows (for SCPs and RCPs: when some level has no Allow).
   */
  decision: Decision | 'NotApplicable';
  /** The Deny statements that fired, or the Allow(s) that let the request through; empty otherwise. */
  deciding: DecidingStatement[];
  /** For SCPs and RCPs: each level, root first (the same entries as `SimulationResult.levels`). */
  levels?: LevelResult[];
  /**
   * Whether this kind's verdict limits the overall decision. False when it was not evaluated, or when AWS lets
   * another kind stand in (e.g. a same-account resource policy that grants the user ARN makes the identity policy's
   * implicit deny irrelevant).
   */
  counted: boolean;
  /** Why the kind was not evaluated or not counted, or a special case AWS documents for it. */
  note?: string;
}

/**
 * The one statement that decided the overall result (`SimulationResult.decidedBy`), and where it is.
 * @public
 */
export interface DecidingStep {
  kind: EvaluatedPolicyKind;
  /** For SCPs and RCPs: the org node the policy is attached to. */
  node?: LevelResult['node'];
  /** The statement; absent for an implicit deny (no statement decides: an Allow is missing at `kind` / `node`). */
  statement?: DecidingStatement;
}

/**
 * The accounts a request involves, as the evaluator resolved them (`SimulationResult.accounts`).
 * @public
 */
export interface ResolvedAccounts {
  /** The principal's account id; absent for anonymous requests and service principals. */
  principal?: { id: string; name?: string; inOrganization: boolean };
  resource: { id: string; name?: string; inOrganization: boolean };
  /** Whether principal and resource are in different accounts (the cross-account rules apply). */
  crossAccount: boolean;
}

/** @public */
export interface SimulationResult {
  decision: Decision;
  /** For each policy type evaluated (SCP, then RCP when enabled), its own verdict. */
  byType: Partial<Record<PolicyType, Decision>>;
  /** Each level's result, root first, SCP levels then RCP levels. */
  levels: LevelResult[];
  /** Why the answer is what it is, in one sentence. */
  explanation: string;
  /** Set when a policy type does not apply (management account, service-linked role). */
  exemptions?: string[];
  /**
   * Every policy kind in evaluation order (RCP, SCP, resource, identity, boundary, session, VPC endpoint), each
   * with its verdict. Always set by `simulate`; optional only so results made elsewhere stay valid.
   */
  steps?: EvaluationStep[];
  /**
   * What decided: the first explicit Deny (in the order of `steps`); for an implicit deny, the first counted kind
   * (and level) without an Allow; when allowed, the Allow that granted (the resource policy's or the identity
   * policy's; for SCP/RCP-only requests the account level's). Absent for actions AWS allows without policies.
   */
  decidedBy?: DecidingStep;
  /** The principal's and resource's accounts. Always set by `simulate`. */
  accounts?: ResolvedAccounts;
  /**
   * The context keys the evaluator derived (not given in the request), e.g. `aws:PrincipalAccount`, with their
   * values, keys as AWS spells them. Always set by `simulate`.
   */
  derivedContext?: Record<string, string[]>;
}

/** @public */
export interface WhoCanAccount {
  id: string;
  name: string;
  parentId?: string;
  decision: Decision;
  /** The Deny statement that fired first, when the decision is ExplicitDeny. */
  deniedBy?: DecidingStatement & { nodeId: string; nodeName: string };
  /** The first level that denied (explicitly, or by lacking an Allow), when denied. */
  deniedAt?: { nodeId: string; nodeName: string; policyType: PolicyType };
  /** What decided the denial (any policy kind), its node in this account's own path; absent when allowed. */
  decidedBy?: DecidingStep;
}

/** @public */
export interface WhoCanResult {
  action: string;
  resource: string;
  allowed: WhoCanAccount[];
  denied: WhoCanAccount[];
  /** Number of distinct policy chains evaluated (the memoization's work). */
  distinctChains: number;
}
