/**
 * An account's effective management policies for `GET /nodes/{id}/effective-policies`: for each management type
 * enabled on the root, common's computeEffectivePolicy over the chain root → OUs → account, turned into the wire
 * shape the dashboard draws (each value with the policies and operators behind it, the chain, the warnings).
 */
import {
  computeEffectivePolicy,
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
  type EffectivePoliciesResponse,
  type EffectivePolicyEntry,
  type EffectivePolicyOfType,
  type OrgNode,
  type OrgPolicy,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';

type NodeRef = Pick<OrgNode, 'id' | 'kind' | 'name'>;

const ref = (n: OrgNode): NodeRef => ({ id: n.id, kind: n.kind, name: n.name });

/** The keys of an RFC 6901 JSON Pointer: "/tags/cost~1center" → ["tags", "cost/center"]. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerOf(keys: string[]): string {
  return keys
    .map(k => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The effective values in document order: a DFS of the effective document that stops at each setting a policy wrote
 * (the pointers the provenance names), so a value is listed once with every write behind it.
 */
function entriesOf(
  document: Record<string, unknown>,
  sources: Map<string, EffectivePolicyEntry['sources']>,
): EffectivePolicyEntry[] {
  const out: EffectivePolicyEntry[] = [];
  const visit = (value: unknown, keys: string[]) => {
    const pointer = pointerOf(keys);
    const written = sources.get(pointer);
    if (keys.length > 0 && (written || !isObject(value))) {
      out.push({ path: keys, value, sources: written ?? [] });
      return;
    }
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, [...keys, k]);
    }
  };
  visit(document, []);
  return out;
}

/** The effective policy of one management type for the last node of `chain` (root first). */
export function effectivePolicyOfType(
  chain: OrgNode[],
  policies: Map<string, OrgPolicy>,
  type: PolicyType,
): EffectivePolicyOfType {
  const levels = chain.map(node => ({
    node,
    policies: node.policyIds
      .map(id => policies.get(id))
      .filter((p): p is OrgPolicy => p?.type === type),
  }));
  const result = computeEffectivePolicy(
    levels.map(l => ({
      nodeId: l.node.id,
      nodeName: l.node.name,
      policies: l.policies,
    })),
    type,
  );
  const byId = new Map(chain.map(n => [n.id, n]));
  const sources = new Map<string, EffectivePolicyEntry['sources']>();
  for (const s of result.provenance) {
    const node = byId.get(s.nodeId);
    const list = sources.get(s.path) ?? [];
    list.push({
      node: node ? ref(node) : { id: s.nodeId, kind: 'ou', name: s.nodeName },
      policy: { id: s.policyId, name: s.policyName },
      operator: s.operator,
    });
    sources.set(s.path, list);
  }
  const warnings = [
    ...result.ignored.map(
      w =>
        `${w.policyName} at ${w.nodeName} uses ${w.operator} on ${
          pointerKeys(w.path).join(' › ') || '/'
        }, which is not applied: ${w.reason}`,
    ),
    ...result.problems,
  ];
  return {
    type,
    ...(result.effective ? { document: result.effective } : {}),
    entries: result.effective ? entriesOf(result.effective, sources) : [],
    chain: levels.map(l => ({
      node: ref(l.node),
      policies: l.policies.map(p => ({ id: p.id, name: p.name })),
    })),
    warnings,
  };
}

/**
 * Every management type enabled on the root, computed for one account (whose chain is `chain`, root first and the
 * account last). SCPs and RCPs have no effective policy (AWS's DescribeEffectivePolicy does not take them).
 */
export function effectivePolicies(
  chain: OrgNode[],
  policies: Map<string, OrgPolicy>,
  capturedAt: string,
): EffectivePoliciesResponse {
  const account = chain[chain.length - 1];
  const enabled = new Set(chain[0]?.enabledPolicyTypes ?? []);
  const types = POLICY_TYPES.filter(
    t => enabled.has(t) && POLICY_TYPE_FACTS[t].supportsEffectivePolicy,
  );
  return {
    account: ref(account),
    types: types.map(t => effectivePolicyOfType(chain, policies, t)),
    snapshotTime: capturedAt,
  };
}
