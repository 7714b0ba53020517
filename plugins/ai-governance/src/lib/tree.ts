/* The tree as the views use it: a node index, attachment limits, flattening for the virtual list, filtering. */
import {
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
  type OrgNode,
  type PolicySummary,
  type PolicyType,
  type TreeResponse,
} from '@internal/plugin-ai-governance-common';

/**
 * How many policies of one type AWS lets you attach directly to one root, OU or account, read from the one per-type
 * facts table (`POLICY_TYPE_FACTS`, which cites AWS's quota pages): SCPs 10, RCPs and AI services opt-out 5, …
 */
export const ATTACHMENT_LIMITS: Record<PolicyType, number> = Object.fromEntries(
  POLICY_TYPES.map(t => [t, POLICY_TYPE_FACTS[t].maxAttachmentsPerTarget]),
) as Record<PolicyType, number>;

/** Short labels for the policy chips, from the same table. */
export const POLICY_TYPE_LABELS: Record<PolicyType, string> =
  Object.fromEntries(
    POLICY_TYPES.map(t => [t, POLICY_TYPE_FACTS[t].shortLabel]),
  ) as Record<PolicyType, string>;

/** The tag keys read as a node's owner, first match wins. */
export const OWNER_TAG_KEYS = ['owner', 'Owner', 'team', 'Team', 'owner-email'];

export function ownerOf(node: Pick<OrgNode, 'tags'>): string | undefined {
  for (const key of OWNER_TAG_KEYS) {
    if (node.tags?.[key]) return node.tags[key];
  }
  return undefined;
}

/** An index over a tree response, built once per response. */
export interface TreeIndex {
  nodes: Map<string, OrgNode>;
  children: Map<string, OrgNode[]>;
  roots: OrgNode[];
  policies: Map<string, PolicySummary>;
  /** Lower-cased text searched by the filter: name, id, email, tag keys and values. */
  haystack: Map<string, string>;
  /** Every account in the snapshot, whatever its state. */
  accountCount: number;
  /** Accounts that count as vended: every account except the suspended and closing ones (see `countsAsVended`). */
  vendedAccountCount: number;
  /** Accounts SUSPENDED, PENDING_CLOSURE (or CLOSED): still listed by AWS, shown as such, never counted as vended. */
  closingAccountCount: number;
  ouCount: number;
}

/**
 * Whether an account counts as vended (usable): AWS keeps listing SUSPENDED (closed, within the 90-day reopen window)
 * and PENDING_CLOSURE accounts in the organization, but nobody can work in them, so they are shown with their state
 * and left out of every count of vended accounts. ("Closing an account",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_close.html.)
 */
export function countsAsVended(node: Pick<OrgNode, 'kind' | 'state'>) {
  return (
    node.kind === 'account' &&
    node.state !== 'SUSPENDED' &&
    node.state !== 'PENDING_CLOSURE' &&
    node.state !== 'CLOSED'
  );
}

export function buildTreeIndex(tree: TreeResponse): TreeIndex {
  const nodes = new Map<string, OrgNode>();
  const children = new Map<string, OrgNode[]>();
  const roots: OrgNode[] = [];
  const haystack = new Map<string, string>();
  let accountCount = 0;
  let vendedAccountCount = 0;
  let ouCount = 0;
  for (const node of tree.nodes) {
    nodes.set(node.id, node);
    if (node.kind === 'account') accountCount++;
    if (countsAsVended(node)) vendedAccountCount++;
    if (node.kind === 'ou') ouCount++;
    const tagText = Object.entries(node.tags ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    haystack.set(
      node.id,
      `${node.name} ${node.id} ${node.email ?? ''} ${tagText}`.toLowerCase(),
    );
  }
  for (const node of tree.nodes) {
    if (node.parentId && nodes.has(node.parentId)) {
      const list = children.get(node.parentId);
      if (list) list.push(node);
      else children.set(node.parentId, [node]);
    } else {
      roots.push(node);
    }
  }
  // OUs before accounts, each group by name: the order people expect in a tree.
  for (const list of children.values()) {
    list.sort((a, b) => {
      if (a.kind !== b.kind) return a.kind === 'account' ? 1 : -1;
      return a.name.localeCompare(b.name);
    });
  }
  const policies = new Map(tree.policies.map(p => [p.id, p]));
  return {
    nodes,
    children,
    roots,
    policies,
    haystack,
    accountCount,
    vendedAccountCount,
    closingAccountCount: accountCount - vendedAccountCount,
    ouCount,
  };
}

/** One line of the flattened tree. */
export interface TreeRow {
  node: OrgNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Set when a filter is active and this node matched it (rather than being shown as an ancestor of a match). */
  matched: boolean;
}

/** The ids of the nodes that match a query, and every ancestor of a match. */
export function matchQuery(
  index: TreeIndex,
  query: string,
): { matched: Set<string>; visible: Set<string> } {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matched = new Set<string>();
  const visible = new Set<string>();
  if (terms.length === 0) return { matched, visible };
  for (const [id, text] of index.haystack) {
    if (terms.every(t => text.includes(t))) {
      matched.add(id);
      let cur: OrgNode | undefined = index.nodes.get(id);
      while (cur && !visible.has(cur.id)) {
        visible.add(cur.id);
        cur = cur.parentId ? index.nodes.get(cur.parentId) : undefined;
      }
    }
  }
  return { matched, visible };
}

/**
 * Flattens the tree into the rows to draw. Without a query, children show under expanded nodes only; with one, every
 * match shows with the path to it opened.
 */
export function flattenTree(
  index: TreeIndex,
  expanded: ReadonlySet<string>,
  filter?: { matched: Set<string>; visible: Set<string> },
): TreeRow[] {
  const rows: TreeRow[] = [];
  const filtering = !!filter && filter !== undefined;
  const stack: Array<{ node: OrgNode; depth: number }> = [];
  for (let i = index.roots.length - 1; i >= 0; i--) {
    stack.push({ node: index.roots[i], depth: 0 });
  }
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (filtering && !filter!.visible.has(node.id)) continue;
    const kids = index.children.get(node.id) ?? [];
    const isOpen = filtering
      ? kids.some(k => filter!.visible.has(k.id))
      : expanded.has(node.id);
    rows.push({
      node,
      depth,
      hasChildren: kids.length > 0,
      expanded: isOpen && kids.length > 0,
      matched: filtering ? filter!.matched.has(node.id) : false,
    });
    if (isOpen) {
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push({ node: kids[i], depth: depth + 1 });
      }
    }
  }
  return rows;
}

/** Ids from the root down to (and including) a node. */
export function pathTo(index: TreeIndex, id: string): string[] {
  const path: string[] = [];
  let cur = index.nodes.get(id);
  while (cur) {
    path.unshift(cur.id);
    cur = cur.parentId ? index.nodes.get(cur.parentId) : undefined;
  }
  return path;
}

/** Policies attached directly to a node, counted per type. */
export function countByType(
  node: OrgNode,
  policies: Map<string, Pick<PolicySummary, 'type'>>,
): Array<{ type: PolicyType; used: number; limit: number }> {
  const counts = new Map<PolicyType, number>();
  for (const id of node.policyIds) {
    const p = policies.get(id);
    if (!p) continue;
    counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => POLICY_TYPES.indexOf(a) - POLICY_TYPES.indexOf(b))
    .map(([type, used]) => ({
      type,
      used,
      limit: ATTACHMENT_LIMITS[type],
    }));
}
