/**
 * Lookups the evaluator builds once per snapshot: nodes by id and name, paths from the root, enabled policy types,
 * chains of policies per account, and the compiled policies of each level.
 */
import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '../../orgModel/types';
import { CompiledPolicy, getCompiledPolicy } from '../compile';
import { PolicyEngineError } from '../errors';
import {
  FULL_AWS_ACCESS_POLICY,
  RCP_FULL_AWS_ACCESS_POLICY,
} from '../../orgModel/awsManaged';
import { ACCOUNT_KEYS, EVALUATED } from './tables';

/** What indexSnapshot builds. */
export interface SnapshotIndex {
  snapshot: OrgSnapshot;
  byId: Map<string, OrgNode>;
  byName: Map<string, OrgNode[]>;
  policies: Map<string, OrgPolicy>;
  /** Path from the root to each node (inclusive). */
  paths: Map<string, OrgNode[]>;
  enabled: Set<PolicyType>;
  /** Per node and type: a signature of the policy ids attached at every level down to the node. */
  signatures: Map<string, string>;
  accounts: OrgNode[];
  /** Per account: a number naming its chain of SCPs and RCPs (and whether it is the management account). */
  accountChains: Map<string, number>;
  /** Compiled policies of one type attached to one node. */
  attached: Map<string, CompiledPolicy[]>;
  /** The levels (root to node) of one type for one node. */
  levels: Map<string, Level[]>;
}

const indexCache = new WeakMap<OrgSnapshot, SnapshotIndex>();

function policyTypeEnabled(
  snapshot: OrgSnapshot,
  type: PolicyType,
  policies: Map<string, OrgPolicy>,
): boolean {
  const root = snapshot.nodes.find(n => n.kind === 'root');
  if (root?.enabledPolicyTypes) return root.enabledPolicyTypes.includes(type);
  return snapshot.nodes.some(n =>
    n.policyIds.some(id => policies.get(id)?.type === type),
  );
}

/** Builds (once per snapshot object) the lookups the evaluator needs. */
export function indexSnapshot(snapshot: OrgSnapshot): SnapshotIndex {
  const cached = indexCache.get(snapshot);
  if (cached) return cached;
  const byId = new Map<string, OrgNode>();
  const byName = new Map<string, OrgNode[]>();
  for (const n of snapshot.nodes) {
    byId.set(n.id, n);
    const key = n.name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(n);
    else byName.set(key, [n]);
  }
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const paths = new Map<string, OrgNode[]>();
  const pathOf = (n: OrgNode, depth = 0): OrgNode[] => {
    const known = paths.get(n.id);
    if (known) return known;
    if (depth > 100)
      throw new PolicyEngineError(`The org tree has a cycle at ${n.id}.`);
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const path = parent ? [...pathOf(parent, depth + 1), n] : [n];
    paths.set(n.id, path);
    return path;
  };
  snapshot.nodes.forEach(n => pathOf(n));
  const enabled = new Set(
    EVALUATED.filter(t => policyTypeEnabled(snapshot, t, policies)),
  );
  const signatures = new Map<string, string>();
  for (const n of snapshot.nodes) {
    for (const t of EVALUATED) {
      const parent = n.parentId
        ? signatures.get(`${t}\u0000${n.parentId}`) ?? ''
        : '';
      const own = n.policyIds
        .filter(id => policies.get(id)?.type === t)
        .sort()
        .join(',');
      signatures.set(`${t}\u0000${n.id}`, `${parent}/${own}`);
    }
  }
  const index: SnapshotIndex = {
    snapshot,
    byId,
    byName,
    policies,
    paths,
    enabled,
    signatures,
    accounts: snapshot.nodes.filter(n => n.kind === 'account'),
    accountChains: new Map(),
    attached: new Map(),
    levels: new Map(),
  };
  const chainIds = new Map<string, number>();
  for (const a of index.accounts) {
    const sig = `${signatures.get(
      `SERVICE_CONTROL_POLICY\u0000${a.id}`,
    )}#${signatures.get(`RESOURCE_CONTROL_POLICY\u0000${a.id}`)}#${
      a.id === snapshot.organization.managementAccountId ? 'm' : ''
    }`;
    let id = chainIds.get(sig);
    if (id === undefined) {
      id = chainIds.size;
      chainIds.set(sig, id);
    }
    index.accountChains.set(a.id, id);
  }
  indexCache.set(snapshot, index);
  return index;
}

/** Finds a node by id or (case-insensitive) name. @public */
export function resolveTarget(snapshot: OrgSnapshot, target: string): OrgNode {
  const index = indexSnapshot(snapshot);
  const t = target.trim();
  const byId = index.byId.get(t);
  if (byId) return byId;
  const named = index.byName.get(t.toLowerCase()) ?? [];
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw new PolicyEngineError(
      `"${target}" names ${named.length} nodes (${named
        .map(n => n.id)
        .join(', ')}): give the id instead.`,
    );
  }
  throw new PolicyEngineError(
    `No account, OU or root is named or numbered "${target}" in the organization: give an account id, an OU id, or a name from the org model.`,
  );
}

/** One level of a chain: a node and the compiled policies of one type attached to it. */
export interface Level {
  node: { id: string; kind: 'root' | 'ou' | 'account'; name: string };
  policies: CompiledPolicy[];
}

/** The levels (root to node) of one type for a path, cached in the index. */
export function levelsFor(
  index: SnapshotIndex,
  path: OrgNode[],
  type: PolicyType,
  hypothetical: boolean,
): Level[] {
  const cacheKey = `${type}\u0000${
    path[path.length - 1].id
  }\u0000${hypothetical}`;
  const cached = index.levels.get(cacheKey);
  if (cached) return cached;
  const levels = computeLevels(index, path, type, hypothetical);
  index.levels.set(cacheKey, levels);
  return levels;
}

function computeLevels(
  index: SnapshotIndex,
  path: OrgNode[],
  type: PolicyType,
  hypothetical: boolean,
): Level[] {
  const levels: Level[] = path.map(n => {
    const key = `${type}\u0000${n.id}`;
    let policies = index.attached.get(key);
    if (!policies) {
      policies = n.policyIds
        .map(id => index.policies.get(id))
        .filter((p): p is OrgPolicy => !!p && p.type === type)
        .map(getCompiledPolicy);
      if (type === 'RESOURCE_CONTROL_POLICY') {
        // RCPFullAWSAccess is attached everywhere and cannot be detached.
        const full = getCompiledPolicy(
          index.policies.get('p-RCPFullAWSAccess') ??
            RCP_FULL_AWS_ACCESS_POLICY,
        );
        if (!policies.some(p => p.id === full.id)) policies.unshift(full);
      }
      index.attached.set(key, policies);
    }
    return { node: { id: n.id, kind: n.kind, name: n.name }, policies };
  });
  if (hypothetical && type === 'SERVICE_CONTROL_POLICY') {
    // AWS attaches FullAWSAccess to every new account; a hypothetical account in an OU gets the same.
    const full =
      index.policies.get('p-FullAWSAccess') ?? FULL_AWS_ACCESS_POLICY;
    const ou = path[path.length - 1];
    levels.push({
      node: {
        id: `${ou.id}/new-account`,
        kind: 'account',
        name: `(new account in ${ou.name})`,
      },
      policies: [getCompiledPolicy(full)],
    });
  }
  return levels;
}

/**
 * The account-specific condition keys (see ACCOUNT_KEYS) that the statements naming the action read, over the policies
 * attached along one path. Callers memoize it per chain: accounts with the same chain read the same keys.
 */
export function accountKeysRead(
  index: SnapshotIndex,
  path: OrgNode[],
  actionLower: string,
): string[] {
  const read = new Set<string>();
  for (const n of path) {
    for (const id of n.policyIds) {
      const p = index.policies.get(id);
      if (!p || !EVALUATED.includes(p.type)) continue;
      for (const st of getCompiledPolicy(p).statements) {
        if (st.matchesAction(actionLower)) st.keys.forEach(k => read.add(k));
      }
    }
  }
  return [...read].filter(k => ACCOUNT_KEYS.includes(k));
}
