/**
 * The parts every posture finding is made of: policies as finding references (on a path, or the contributors of an
 * effective policy), lists and names in messages, and a draft finding before its accounts are filled in.
 */
import type { OrgNode, OrgPolicy, PolicyType } from '../orgModel/types';
import type {
  PostureCode,
  PostureFinding,
  PosturePolicyRef,
  PostureSeverity,
} from './types';

const MAX_LISTED = 5;

/** Up to `max` items joined, then "and N more". */
export function list(items: string[], max = MAX_LISTED): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Policies of a type on a path whose content mentions a text (case-insensitive), as finding references. */
export function policiesOnPath(
  path: OrgNode[],
  policies: Map<string, OrgPolicy>,
  type: PolicyType,
  mentions?: RegExp,
): PosturePolicyRef[] {
  const out: PosturePolicyRef[] = [];
  for (const node of path) {
    for (const id of node.policyIds) {
      const p = policies.get(id);
      if (!p || p.type !== type || p.awsManaged) continue;
      if (mentions && !mentions.test(p.content)) continue;
      out.push({
        id: p.id,
        name: p.name,
        type: p.type,
        node: { id: node.id, kind: node.kind, name: node.name },
      });
    }
  }
  return out;
}

/** The contributors of an effective policy as finding references. */
export function contributorsOf(
  contributors: Array<{ policyId: string; node: OrgNode }>,
  policies: Map<string, OrgPolicy>,
): PosturePolicyRef[] {
  return contributors.flatMap(({ policyId, node }) => {
    const p = policies.get(policyId);
    return p
      ? [
          {
            id: p.id,
            name: p.name,
            type: p.type,
            node: { id: node.id, kind: node.kind, name: node.name },
          },
        ]
      : [];
  });
}

/** Policy references in a message: `name (on node)`, joined. */
export const names = (refs: PosturePolicyRef[]) =>
  refs.map(r => `${r.name} (on ${r.node.name})`).join(', ');

/** One group's findings (accounts filled in by the caller). */
export type Draft = Omit<PostureFinding, 'accountIds' | 'accountNames'>;

/** A draft finding. */
export function draft(
  code: PostureCode,
  severity: PostureSeverity,
  message: string,
  fix: string,
  policies: PosturePolicyRef[],
  extra: Pick<PostureFinding, 'regions' | 'models' | 'services'> = {},
): Draft {
  return { code, severity, message, fix, policies, ...extra };
}
