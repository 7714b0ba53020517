/**
 * The in-memory store to and from its other forms: an org model (the seed), an `OrgSnapshot` (the shape
 * `compileOrgModel` and the crawler produce) and {@link SandboxState} (the persisted JSON).
 */
import {
  compileOrgModel,
  orgArns,
} from '@internal/plugin-ai-governance-common';
import type {
  OrgModel,
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import type { OrgStore } from './OrgStore';
import type { SandboxState } from './records';

/** Replaces the store's organization with the one an org model describes. */
export function loadOrgModel(store: OrgStore, model: OrgModel) {
  const snapshot = compileOrgModel(model);
  store.clear();
  store.orgId = snapshot.organization.id;
  store.managementAccountId = snapshot.organization.managementAccountId;
  store.addManagedPolicies();
  for (const p of snapshot.policies) {
    if (!p.awsManaged) store.addPolicy(p, false);
  }
  for (const node of snapshot.nodes) {
    if (node.kind === 'root') {
      store.root = {
        id: node.id,
        enabledPolicyTypes: [...(node.enabledPolicyTypes ?? [])],
        tags: { ...node.tags },
      };
    } else if (node.kind === 'ou') {
      store.insertOu({
        id: node.id,
        name: node.name,
        parentId: node.parentId!,
        tags: { ...node.tags },
      });
    } else {
      store.insertAccount({
        id: node.id,
        name: node.name,
        email: node.email!,
        parentId: node.parentId!,
        state: node.state ?? 'ACTIVE',
        joinedMethod: node.joinedMethod ?? 'CREATED',
        joinedTimestamp: Date.parse(
          node.joinedTimestamp ?? '2024-01-01T00:00:00Z',
        ),
        tags: { ...node.tags },
      });
    }
    for (const policyId of node.policyIds) store.attach(policyId, node.id);
  }
}

/** The organization as an `OrgSnapshot`: nodes breadth first from the root, then the visible policies. */
export function toOrgSnapshot(store: OrgStore, now: number): OrgSnapshot {
  const mgmt = store.accounts.get(store.managementAccountId);
  const nodes: OrgNode[] = [];
  nodes.push({
    id: store.root.id,
    kind: 'root',
    arn: store.rootArn(),
    name: 'Root',
    enabledPolicyTypes: [...store.root.enabledPolicyTypes],
    tags: { ...store.root.tags },
    policyIds: [...(store.attachments.get(store.root.id) ?? [])],
  });
  const queue = [store.root.id];
  for (let i = 0; i < queue.length; i++) {
    const parentId = queue[i];
    for (const ouId of store.childOus.get(parentId) ?? []) {
      const ou = store.ous.get(ouId)!;
      nodes.push({
        id: ou.id,
        kind: 'ou',
        arn: store.ouArn(ou.id),
        name: ou.name,
        parentId,
        tags: { ...ou.tags },
        policyIds: [...(store.attachments.get(ou.id) ?? [])],
      });
      queue.push(ou.id);
    }
    for (const accountId of store.childAccounts.get(parentId) ?? []) {
      const a = store.accounts.get(accountId)!;
      nodes.push({
        id: a.id,
        kind: 'account',
        arn: store.accountArn(a.id),
        name: a.name,
        parentId,
        email: a.email,
        state: a.state,
        joinedMethod: a.joinedMethod,
        joinedTimestamp: new Date(a.joinedTimestamp).toISOString(),
        tags: { ...a.tags },
        policyIds: [...(store.attachments.get(a.id) ?? [])],
      });
    }
  }
  const policies: OrgPolicy[] = store.visiblePolicies().map(p => {
    const policy: OrgPolicy = {
      id: p.id,
      arn: store.policyArn(p),
      name: p.name,
      type: p.type,
      awsManaged: p.awsManaged,
      content: p.content,
    };
    if (p.description) policy.description = p.description;
    return policy;
  });
  return {
    organization: {
      id: store.orgId,
      arn: orgArns.organization(store.managementAccountId, store.orgId),
      managementAccountId: store.managementAccountId,
      managementAccountEmail: mgmt?.email,
      featureSet: 'ALL',
    },
    nodes,
    policies,
    capturedAt: new Date(now).toISOString(),
  };
}

/** The store as plain JSON (AWS-managed policies left out: every store has them). */
export function exportStore(store: OrgStore): SandboxState {
  return {
    version: 1,
    organization: {
      id: store.orgId,
      managementAccountId: store.managementAccountId,
    },
    root: {
      ...store.root,
      enabledPolicyTypes: [...store.root.enabledPolicyTypes],
    },
    organizationalUnits: store.orderedOus(),
    accounts: [...store.accounts.values()],
    policies: [...store.policies.values()].filter(p => !p.awsManaged),
    attachments: [...store.attachments.entries()],
    createAccountStatuses: [...store.createAccountStatuses.values()],
    counter: store.counter,
    servicePrincipals: [...store.servicePrincipals.entries()],
  };
}

/** Replaces the store's contents with a state from {@link exportStore}. */
export function importStore(store: OrgStore, state: SandboxState) {
  if (state?.version !== 1)
    throw new Error('Unsupported sandbox state file (expected version 1)');
  store.clear();
  store.orgId = state.organization.id;
  store.managementAccountId = state.organization.managementAccountId;
  store.root = { ...state.root };
  store.addManagedPolicies();
  for (const ou of state.organizationalUnits) store.insertOu(ou);
  for (const a of state.accounts) store.insertAccount(a);
  for (const p of state.policies) store.policies.set(p.id, { ...p });
  for (const [targetId, policyIds] of state.attachments) {
    for (const policyId of policyIds) store.attach(policyId, targetId);
  }
  for (const s of state.createAccountStatuses) {
    store.createAccountStatuses.set(s.id, { ...s });
    if (s.state === 'IN_PROGRESS') store.inProgress.add(s.id);
  }
  store.counter = state.counter;
  for (const [principal, since] of state.servicePrincipals ?? []) {
    store.servicePrincipals.set(principal, since);
  }
}
