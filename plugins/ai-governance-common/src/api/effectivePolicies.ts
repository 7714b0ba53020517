/**
 * Wire types of `GET /nodes/{id}/effective-policies`: an account's effective policy of each management policy type,
 * with where each value came from (which node's policy set it, with which inheritance operator).
 */
import type { OrgNode, PolicyType } from '../orgModel/types';

/** The inheritance operators of the management policy syntax that set or change a value. @public */
export type EffectiveValueOperator = '@@assign' | '@@append' | '@@remove';

/** One policy on one level that set or changed a value. @public */
export interface EffectiveValueOrigin {
  node: Pick<OrgNode, 'id' | 'kind' | 'name'>;
  policy: { id: string; name: string };
  operator: EffectiveValueOperator;
}

/** One value of an effective policy. @public */
export interface EffectivePolicyEntry {
  /** Keys from the top of the document down to the value, e.g. `["tags", "costcenter", "tag_key"]`. */
  path: string[];
  /** The effective value (any JSON). */
  value: unknown;
  /** Every policy that set or changed the value, root first; the last one applied decides what is left. */
  sources: EffectiveValueOrigin[];
}

/** The effective policy of one management type for one account. @public */
export interface EffectivePolicyOfType {
  type: PolicyType;
  /** The effective document as DescribeEffectivePolicy would return it; absent when no policy of the type applies. */
  document?: unknown;
  /** The values of the document with their provenance, in document order. */
  entries: EffectivePolicyEntry[];
  /** The levels from the root down to the account and the policies of this type attached at each. */
  chain: Array<{
    node: Pick<OrgNode, 'id' | 'kind' | 'name'>;
    policies: Array<{ id: string; name: string }>;
  }>;
  /** What kept part of a policy from applying (a child overriding what its parent locked, unreadable content). */
  warnings: string[];
}

/** `GET /nodes/{id}/effective-policies` @public */
export interface EffectivePoliciesResponse {
  account: Pick<OrgNode, 'id' | 'kind' | 'name'>;
  /** One per management policy type enabled on the root (none for SCPs and RCPs, which have no effective policy). */
  types: EffectivePolicyOfType[];
  snapshotTime: string;
}
