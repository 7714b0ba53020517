/**
 * The posture check's unit of work: the active member accounts grouped by their chain (the same ancestors and the
 * same policies attached to the account itself), since accounts of one chain get the same answers.
 */
import type { OrgNode, OrgSnapshot } from '../orgModel/types';

/**
 * The path from the root to `node` (inclusive), root first, by the parent links of `byId` (at most 101 nodes).
 * @public
 */
export function pathFromRoot(
  node: OrgNode,
  byId: ReadonlyMap<string, OrgNode>,
): OrgNode[] {
  const path: OrgNode[] = [node];
  for (
    let p = node.parentId ? byId.get(node.parentId) : undefined;
    p && path.length <= 100;
    p = p.parentId ? byId.get(p.parentId) : undefined
  ) {
    path.unshift(p);
  }
  return path;
}

/** The accounts of one chain and the path (root first, the first account last) they share. */
export interface Group {
  path: OrgNode[];
  accounts: OrgNode[];
}

/** Accounts grouped by their chain: the same ancestors and the same policies attached to the account itself. */
export function groupAccounts(snapshot: OrgSnapshot): {
  groups: Group[];
  checked: number;
} {
  const byId = new Map(snapshot.nodes.map(n => [n.id, n]));
  const management = snapshot.organization.managementAccountId;
  const groups = new Map<string, Group>();
  let checked = 0;
  for (const node of snapshot.nodes) {
    if (node.kind !== 'account' || node.id === management) continue;
    if (node.state && node.state !== 'ACTIVE') continue;
    const path = pathFromRoot(node, byId);
    checked++;
    const key = `${path
      .slice(0, -1)
      .map(n => n.id)
      .join('/')}|${[...node.policyIds].sort().join(',')}`;
    const group = groups.get(key);
    if (group) group.accounts.push(node);
    else groups.set(key, { path, accounts: [node] });
  }
  return { groups: [...groups.values()], checked };
}
