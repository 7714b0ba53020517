/**
 * The effective management policy (Bedrock, AI services opt-out) of one account, as the posture check reads it: the
 * document and which policies on which nodes contributed to it.
 */
import type { OrgNode, OrgSnapshot, PolicyType } from '../orgModel/types';

/** An account's effective policy of one management type, with the policies that made it. */
export interface EffectiveForPosture {
  /** Values plain or under `@@assign` (both are read). Undefined when no policy of the type applies. */
  document?: unknown;
  /** The policies of the type on the account's path, root first, with their nodes. */
  contributors: Array<{ policyId: string; node: OrgNode }>;
}

/** Computes an account's effective policy of a management type. */
export type EffectivePolicyFn = (
  snapshot: OrgSnapshot,
  path: OrgNode[],
  type: PolicyType,
) => EffectiveForPosture;

type Plain = Record<string, unknown>;

const isObject = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Child keys override parent keys level by level unless the parent allows no operator to children (`@@none`). */
function merge(parent: Plain, child: Plain): Plain {
  const allowed = parent['@@operators_allowed_for_child_policies'];
  if (Array.isArray(allowed) && allowed.includes('@@none')) return parent;
  const out: Plain = { ...parent };
  for (const [key, value] of Object.entries(child)) {
    const existing = out[key];
    if (key === '@@assign') out[key] = value;
    else if (isObject(existing) && isObject(value))
      out[key] = merge(existing, value);
    else out[key] = value;
  }
  return out;
}

/**
 * Inheritance by `@@assign` from the root down (a child's value replaces its parent's unless the parent locked it).
 * Enough for the fields the posture check reads; the full operator semantics are the management policy module's.
 */
export const assignInheritance: EffectivePolicyFn = (snapshot, path, type) => {
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const contributors: EffectiveForPosture['contributors'] = [];
  let document: Plain | undefined;
  for (const node of path) {
    for (const id of node.policyIds) {
      const p = policies.get(id);
      if (!p || p.type !== type) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(p.content);
      } catch {
        // Unreadable content contributes nothing; lint reports it.
        continue;
      }
      if (!isObject(parsed)) continue;
      contributors.push({ policyId: id, node });
      document = document ? merge(document, parsed) : parsed;
    }
  }
  return { document, contributors };
};
