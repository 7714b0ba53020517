/**
 * The effective management policy (Bedrock, AI services opt-out) of one account, as the posture check reads it: the
 * document (from the management policy module's computeEffectivePolicy, AWS's inheritance rules) and which policies
 * on which nodes set its values.
 */
import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '../orgModel/types';
import { computeEffectivePolicy } from '../managementPolicy';

/** An account's effective policy of one management type, with the policies that made it. @public */
export interface EffectiveForPosture {
  /** The effective document (values plain); undefined when no policy of the type applies. */
  document?: unknown;
  /** The policies that set a value of the effective policy, root first, with their nodes. */
  contributors: Array<{ policyId: string; node: OrgNode }>;
}

/** Computes an account's effective policy of a management type, from its path (root first). @public */
export type EffectivePolicyFn = (
  snapshot: OrgSnapshot,
  path: OrgNode[],
  type: PolicyType,
) => EffectiveForPosture;

const policyMaps = new WeakMap<OrgSnapshot, Map<string, OrgPolicy>>();

function policiesOf(snapshot: OrgSnapshot): Map<string, OrgPolicy> {
  let map = policyMaps.get(snapshot);
  if (!map) {
    map = new Map(snapshot.policies.map(p => [p.id, p]));
    policyMaps.set(snapshot, map);
  }
  return map;
}

/** The effective policy by AWS's inheritance rules (computeEffectivePolicy), with its contributors. */
export const effectiveManagementPolicy: EffectivePolicyFn = (
  snapshot,
  path,
  type,
) => {
  const policies = policiesOf(snapshot);
  const result = computeEffectivePolicy(
    path.map(node => ({
      nodeId: node.id,
      nodeName: node.name,
      policies: node.policyIds.flatMap(id => {
        const p = policies.get(id);
        return p && p.type === type ? [p] : [];
      }),
    })),
    type,
  );
  const contributors: EffectiveForPosture['contributors'] = [];
  const seen = new Set<string>();
  for (const node of path) {
    for (const source of result.provenance) {
      const key = `${source.policyId}@${source.nodeId}`;
      if (source.nodeId !== node.id || seen.has(key)) continue;
      seen.add(key);
      contributors.push({ policyId: source.policyId, node });
    }
  }
  return { document: result.effective, contributors };
};
