/**
 * Planning a crawl: what an organization of a given shape costs to read, in calls. The crawler reads an
 * organization with R roots, containers c (roots and OUs) with ou_c child OUs and a_c child accounts, O OUs,
 * A accounts, and per enabled policy type t the policies p with T_p targets (page(n) = max(1, ceil(n / 20))):
 *   DescribeOrganization                       1
 *   ListRoots                                  page(R)
 *   ListOrganizationalUnitsForParent           Σ_c page(ou_c)
 *   ListAccountsForParent                      Σ_c page(a_c)
 *   ListTagsForResource                        R + O + A   (once per node)
 *   ListPolicies (per enabled type)            Σ_t page(P_t)
 *   DescribePolicy                             Σ_t P_t     (once per policy)
 *   ListTargetsForPolicy                       Σ_t Σ_p page(T_p)
 * `crawlLowerBound` computes this sum; docs/inventory.md explains it.
 */
import type {
  OrgSnapshot,
  PolicyType,
} from '@internal/plugin-ai-governance-common';

/** Largest page the Organizations list calls accept. */
export const PAGE_SIZE = 20;

/** The shape of an organization, as far as the number of calls to crawl it goes. @public */
export interface OrgShape {
  roots: number;
  organizationalUnits: number;
  accounts: number;
  /** One entry per root and OU: how many OUs and accounts sit directly under it. */
  containers: Array<{ childOus: number; childAccounts: number }>;
  /** Per enabled policy type: the number of targets of each of its policies. */
  policyTargets: Partial<Record<PolicyType, number[]>>;
}

function pages(n: number) {
  return Math.max(1, Math.ceil(n / PAGE_SIZE));
}

/** The fewest calls a crawl of an organization of this shape needs (see the formula at the top of this file). @public */
export function crawlLowerBound(shape: OrgShape): number {
  let calls = 1 + pages(shape.roots);
  for (const c of shape.containers) {
    calls += pages(c.childOus) + pages(c.childAccounts);
  }
  calls += shape.roots + shape.organizationalUnits + shape.accounts;
  for (const targets of Object.values(shape.policyTargets)) {
    if (!targets) continue;
    calls += pages(targets.length);
    for (const t of targets) {
      calls += 1 + pages(t);
    }
  }
  return calls;
}
/** The shape of the organization a snapshot describes. @public */
export function orgShapeOf(snapshot: OrgSnapshot): OrgShape {
  const childOus = new Map<string, number>();
  const childAccounts = new Map<string, number>();
  let roots = 0;
  let organizationalUnits = 0;
  let accounts = 0;
  const enabled = new Set<PolicyType>();
  for (const node of snapshot.nodes) {
    if (node.kind === 'root') {
      roots++;
      node.enabledPolicyTypes?.forEach(t => enabled.add(t));
    } else if (node.kind === 'ou') {
      organizationalUnits++;
    } else {
      accounts++;
    }
    if (node.kind !== 'account') {
      childOus.set(node.id, childOus.get(node.id) ?? 0);
      childAccounts.set(node.id, childAccounts.get(node.id) ?? 0);
    }
    if (node.parentId) {
      const m = node.kind === 'account' ? childAccounts : childOus;
      m.set(node.parentId, (m.get(node.parentId) ?? 0) + 1);
    }
  }
  const targetCount = new Map<string, number>();
  for (const node of snapshot.nodes) {
    for (const id of node.policyIds) {
      targetCount.set(id, (targetCount.get(id) ?? 0) + 1);
    }
  }
  const policyTargets: Partial<Record<PolicyType, number[]>> = {};
  for (const t of enabled) {
    policyTargets[t] = [];
  }
  for (const p of snapshot.policies) {
    policyTargets[p.type]?.push(targetCount.get(p.id) ?? 0);
  }
  return {
    roots,
    organizationalUnits,
    accounts,
    containers: [...childOus.keys()].map(id => ({
      childOus: childOus.get(id) ?? 0,
      childAccounts: childAccounts.get(id) ?? 0,
    })),
    policyTargets,
  };
}
