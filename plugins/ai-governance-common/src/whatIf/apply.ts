/**
 * Applies a change set to a copy of a snapshot (the original is never touched) and says which nodes changed: the
 * what-if diff re-evaluates only the accounts under those nodes.
 */
import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '../orgModel/types';
import { PolicyEngineError } from '../policy/errors';
import type { WhatIfChange, WhatIfRef } from './types';

/** The snapshot after the changes, and the nodes whose subtree may see different verdicts. @public */
export interface AppliedChangeSet {
  after: OrgSnapshot;
  /** Node ids whose effective policies may differ (their whole subtree is re-evaluated). */
  changedNodeIds: Set<string>;
  /** Accounts that moved (re-evaluated in both places). */
  movedAccountIds: Set<string>;
  /** The changes in words. */
  applied: string[];
}

function findBy<T extends { id: string; name: string }>(
  items: T[],
  ref: WhatIfRef,
  what: string,
): T {
  const r = String(ref ?? '').trim();
  const byId = items.find(i => i.id === r);
  if (byId) return byId;
  const named = items.filter(i => i.name.toLowerCase() === r.toLowerCase());
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw new PolicyEngineError(
      `"${r}" names ${named.length} ${what}s (${named
        .map(n => n.id)
        .join(', ')}): give the id instead.`,
    );
  }
  throw new PolicyEngineError(
    `No ${what} is named or numbered "${r}" in the organization (after the earlier changes of the set).`,
  );
}

function documentText(doc: string | object, where: string): string {
  if (typeof doc === 'string') {
    try {
      JSON.parse(doc);
    } catch (e) {
      throw new PolicyEngineError(
        `${where}: the document is not JSON (${(e as Error).message}).`,
      );
    }
    return doc;
  }
  if (!doc || typeof doc !== 'object') {
    throw new PolicyEngineError(
      `${where}: give the policy document as a JSON string or an object.`,
    );
  }
  return JSON.stringify(doc);
}

/** The id the what-if gives the OU created by the change at `index` (AWS gives the real one when it is created). */
export function createdOuId(rootId: string | undefined, index: number): string {
  return `ou-${rootId?.slice(2) ?? 'what'}-whatif${String(index).padStart(
    2,
    '0',
  )}`;
}

/**
 * Applies the changes in order to a copy of the snapshot. Throws PolicyEngineError naming the change that cannot
 * apply (unknown policy or node, attaching twice, moving into an account, a cycle).
 * @public
 */
export function applyChangeSet(
  snapshot: OrgSnapshot,
  changes: WhatIfChange[],
): AppliedChangeSet {
  const nodes: OrgNode[] = snapshot.nodes.map(n => ({
    ...n,
    policyIds: [...n.policyIds],
    tags: { ...n.tags },
    ...(n.enabledPolicyTypes
      ? { enabledPolicyTypes: [...n.enabledPolicyTypes] }
      : {}),
  }));
  let policies: OrgPolicy[] = snapshot.policies.map(p => ({ ...p }));
  const changed = new Set<string>();
  const moved = new Set<string>();
  const applied: string[] = [];
  const root = nodes.find(n => n.kind === 'root');
  changes.forEach((change, i) => {
    const where = `Change ${i + 1} (${(change as { op?: string })?.op})`;
    switch (change?.op) {
      case 'attach':
      case 'detach': {
        const policy = findBy(policies, change.policy, 'policy');
        const target = findBy(nodes, change.target, 'account, OU or root');
        const has = target.policyIds.includes(policy.id);
        if (change.op === 'attach') {
          if (has)
            throw new PolicyEngineError(
              `${where}: ${policy.name} is already attached to ${target.name}.`,
            );
          target.policyIds.push(policy.id);
        } else {
          if (!has)
            throw new PolicyEngineError(
              `${where}: ${policy.name} is not attached to ${target.name}.`,
            );
          target.policyIds = target.policyIds.filter(id => id !== policy.id);
        }
        changed.add(target.id);
        applied.push(
          `${change.op === 'attach' ? 'Attach' : 'Detach'} ${policy.name} ${
            change.op === 'attach' ? 'to' : 'from'
          } ${target.name}.`,
        );
        return;
      }
      case 'edit': {
        const policy = findBy(policies, change.policy, 'policy');
        if (policy.awsManaged)
          throw new PolicyEngineError(
            `${where}: ${policy.name} is managed by AWS and cannot be edited.`,
          );
        const content = documentText(change.document, where);
        policies = policies.map(p =>
          p.id === policy.id ? { ...p, content } : p,
        );
        nodes
          .filter(n => n.policyIds.includes(policy.id))
          .forEach(n => changed.add(n.id));
        applied.push(`Edit ${policy.name}.`);
        return;
      }
      case 'create': {
        const name = String(change.name ?? '').trim();
        if (!name)
          throw new PolicyEngineError(`${where}: give the policy a name.`);
        if (policies.some(p => p.name.toLowerCase() === name.toLowerCase()))
          throw new PolicyEngineError(
            `${where}: a policy named ${name} already exists.`,
          );
        const id = `p-whatif${String(i).padStart(4, '0')}`;
        policies.push({
          id,
          name,
          type: change.type ?? 'SERVICE_CONTROL_POLICY',
          description: change.description,
          awsManaged: false,
          content: documentText(change.document, where),
        });
        applied.push(`Create ${name}.`);
        for (const t of change.attachTo ?? []) {
          const target = findBy(nodes, t, 'account, OU or root');
          target.policyIds.push(id);
          changed.add(target.id);
          applied.push(`Attach ${name} to ${target.name}.`);
        }
        return;
      }
      case 'delete': {
        const policy = findBy(policies, change.policy, 'policy');
        if (policy.awsManaged)
          throw new PolicyEngineError(
            `${where}: ${policy.name} is managed by AWS and cannot be deleted.`,
          );
        for (const n of nodes) {
          if (n.policyIds.includes(policy.id)) {
            // AWS refuses to delete an attached policy; the what-if detaches it everywhere first, as an operator would.
            n.policyIds = n.policyIds.filter(id => id !== policy.id);
            changed.add(n.id);
          }
        }
        policies = policies.filter(p => p.id !== policy.id);
        applied.push(`Detach ${policy.name} everywhere and delete it.`);
        return;
      }
      case 'move': {
        const account = findBy(
          nodes.filter(n => n.kind === 'account'),
          change.account,
          'account',
        );
        const to = findBy(
          nodes.filter(n => n.kind !== 'account'),
          change.to,
          'OU or root',
        );
        if (account.parentId === to.id)
          throw new PolicyEngineError(
            `${where}: ${account.name} is already in ${to.name}.`,
          );
        account.parentId = to.id;
        moved.add(account.id);
        changed.add(account.id);
        applied.push(`Move ${account.name} to ${to.name}.`);
        return;
      }
      case 'createOu': {
        const parent = findBy(
          nodes.filter(n => n.kind !== 'account'),
          change.parent,
          'OU or root',
        );
        const name = String(change.name ?? '').trim();
        if (!name) throw new PolicyEngineError(`${where}: give the OU a name.`);
        const siblings = nodes.filter(
          n => n.parentId === parent.id && n.kind === 'ou',
        );
        if (siblings.some(n => n.name.toLowerCase() === name.toLowerCase()))
          throw new PolicyEngineError(
            `${where}: ${parent.name} already has an OU named ${name}.`,
          );
        const id = createdOuId(root?.id, i);
        nodes.push({
          id,
          kind: 'ou',
          name,
          parentId: parent.id,
          tags: {},
          // AWS attaches FullAWSAccess to every new OU.
          policyIds: policies.some(p => p.id === 'p-FullAWSAccess')
            ? ['p-FullAWSAccess']
            : [],
        });
        applied.push(`Create the OU ${name} in ${parent.name}.`);
        return;
      }
      case 'enablePolicyType':
      case 'disablePolicyType': {
        if (!root)
          throw new PolicyEngineError(
            `${where}: the organization has no root.`,
          );
        const type = change.type as PolicyType;
        const enabled = new Set(
          root.enabledPolicyTypes ??
            (policies
              .filter(p => nodes.some(n => n.policyIds.includes(p.id)))
              .map(p => p.type) as PolicyType[]),
        );
        if (change.op === 'enablePolicyType') enabled.add(type);
        else {
          enabled.delete(type);
          // Disabling a type detaches all its policies, as AWS does.
          const ids = new Set(
            policies.filter(p => p.type === type).map(p => p.id),
          );
          nodes.forEach(n => {
            n.policyIds = n.policyIds.filter(id => !ids.has(id));
          });
        }
        root.enabledPolicyTypes = [...enabled];
        changed.add(root.id);
        applied.push(
          `${change.op === 'enablePolicyType' ? 'Enable' : 'Disable'} ${type}.`,
        );
        return;
      }
      default:
        throw new PolicyEngineError(
          `${where}: unknown operation; use attach, detach, edit, create, delete, move, createOu, enablePolicyType or disablePolicyType.`,
        );
    }
  });
  // Parents before children, as the snapshot promises.
  const ordered: OrgNode[] = [];
  const children = new Map<string, OrgNode[]>();
  for (const n of nodes) {
    if (!n.parentId) continue;
    const list = children.get(n.parentId);
    if (list) list.push(n);
    else children.set(n.parentId, [n]);
  }
  const queue = nodes.filter(n => !n.parentId);
  while (queue.length) {
    const n = queue.shift()!;
    ordered.push(n);
    queue.push(...(children.get(n.id) ?? []));
  }
  return {
    after: { ...snapshot, nodes: ordered, policies },
    changedNodeIds: changed,
    movedAccountIds: moved,
    applied,
  };
}
