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

/** @public */
export interface SimulationRequest {
  /** An account id or name; for an OU, the evaluation is for a hypothetical account placed directly in it. */
  target: string;
  action: string;
  /** Defaults to `*`. */
  resource?: string;
  /** Request context; a key with several values is multi-valued. */
  context?: Record<string, string | string[]>;
  principalArn?: string;
  principalTags?: Record<string, string>;
}

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
