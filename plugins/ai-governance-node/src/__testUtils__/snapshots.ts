import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';

/** A snapshot in a canonical order, without its capture time, for equality checks. */
export function normalizeSnapshot(s: OrgSnapshot) {
  const sortKeys = (o: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(o).sort(([a], [b]) => a.localeCompare(b)),
    );
  return {
    organization: s.organization,
    nodes: [...s.nodes]
      .map(n => ({
        ...n,
        tags: sortKeys(n.tags),
        policyIds: [...n.policyIds].sort(),
        ...(n.enabledPolicyTypes
          ? { enabledPolicyTypes: [...n.enabledPolicyTypes].sort() }
          : {}),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    policies: [...s.policies].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** True when every node comes after its parent. */
export function parentsFirst(s: OrgSnapshot): boolean {
  const seen = new Set<string>();
  for (const n of s.nodes) {
    if (n.parentId && !seen.has(n.parentId)) return false;
    seen.add(n.id);
  }
  return true;
}
