/**
 * Types of the AI posture check: findings where an account's SCPs/RCPs, its effective Amazon Bedrock policy, its
 * region lock and its AI services opt-out disagree. The CLI prints them; the dashboard shows them per OU and account.
 */
import type { OrgNodeKind, PolicyType } from '../orgModel/types';

/** Severity of a posture finding: errors break calls or leave allowed use unguarded, warnings weaken the posture. @public */
export type PostureSeverity = 'error' | 'warning';

/**
 * The stable codes of posture findings (docs/policy-types.md, "AI posture"):
 * - POSTURE_GUARDRAIL_REGION_GAP: models may be invoked in a Region where no guardrail is enforced, while one is
 *   enforced elsewhere for the same account.
 * - POSTURE_MODEL_NOT_GUARDED: a model may be invoked in a Region whose guardrail configuration excludes it (or does
 *   not include it).
 * - POSTURE_REGION_LOCK_DENIES_GUARDRAIL: the SCPs deny bedrock:ApplyGuardrail in a Region where the Bedrock policy
 *   enforces a guardrail, so every enforced call there fails.
 * - POSTURE_GUARDRAIL_UNUSABLE: the effective Bedrock policy names a guardrail that cannot be enforced (not a
 *   guardrail ARN, no numbered version, another Region, not the management account's), so every call fails.
 * - POSTURE_AI_OPT_OUT_NOT_SET: AI services whose data use the account has not opted out of.
 * @public
 */
export type PostureCode =
  | 'POSTURE_GUARDRAIL_REGION_GAP'
  | 'POSTURE_MODEL_NOT_GUARDED'
  | 'POSTURE_REGION_LOCK_DENIES_GUARDRAIL'
  | 'POSTURE_GUARDRAIL_UNUSABLE'
  | 'POSTURE_AI_OPT_OUT_NOT_SET';

/** A policy a finding involves, and the node it is attached to. @public */
export interface PosturePolicyRef {
  id: string;
  name: string;
  type: PolicyType;
  /** Where the policy is attached (on the affected accounts' path). */
  node: { id: string; kind: OrgNodeKind; name: string };
}

/** One inconsistency, for every account it affects. @public */
export interface PostureFinding {
  code: PostureCode;
  severity: PostureSeverity;
  /** What is inconsistent, in one sentence. */
  message: string;
  /** What to change to fix it. */
  fix: string;
  /** The accounts affected (ids), in snapshot order. */
  accountIds: string[];
  accountNames: string[];
  /** The policies involved, with the nodes they are attached to. */
  policies: PosturePolicyRef[];
  /** The Regions concerned, when the finding is about Regions. */
  regions?: string[];
  /** The model ids concerned. */
  models?: string[];
  /** The AI services concerned (opt-out service keys). */
  services?: string[];
}

/** What checkAiPosture answers. @public */
export interface PostureReport {
  findings: PostureFinding[];
  /** Member accounts checked (active accounts other than the management account). */
  accountsChecked: number;
  /** Distinct policy chains among them (accounts with the same chain are checked once). */
  chainsChecked: number;
  /** The date of the Bedrock model list the probes use. */
  modelsAsOf: string;
}
