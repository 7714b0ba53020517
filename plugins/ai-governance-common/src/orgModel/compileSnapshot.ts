/**
 * Compiles an org model to an {@link OrgSnapshot}: assigns AWS-format ids (deterministic, derived from names and
 * paths, unless the model gives them), adds the AWS-managed default policies and their default attachments.
 */
import { AWS_MANAGED_POLICIES, defaultPolicyForType } from './awsManaged';
import { orgArns } from './ids';
import {
  deterministicAccountId,
  deterministicOrganizationId,
  deterministicOuId,
  deterministicPolicyId,
  deterministicRootId,
} from './ids';
import type {
  OrgModel,
  OrgModelAccount,
  OrgModelOrganizationalUnit,
} from './model';
import type { OrgNode, OrgPolicy, OrgSnapshot } from './types';

/** Joined time given to accounts a model does not date, so that compiling is deterministic. @public */
export const DEFAULT_JOINED_TIMESTAMP = '2024-01-01T00:00:00.000Z';

/** @public */
export interface CompileOrgModelOptions {
  /** The snapshot's `capturedAt`; defaults to now. */
  capturedAt?: string;
}

/**
 * Turns a validated org model into a snapshot. The same model always yields the same ids.
 * Nodes come root first, then breadth-first; within a parent, OUs in model order, then accounts (the management
 * account first among the root's accounts).
 * @public
 */
export function compileOrgModel(
  model: OrgModel,
  options: CompileOrgModelOptions = {},
): OrgSnapshot {
  const { spec } = model;
  const mgmt = spec.managementAccount;

  // Account ids: explicit ones are reserved first, then derived ones avoid them.
  const usedAccountIds = new Set<string>();
  if (mgmt.id) usedAccountIds.add(mgmt.id);
  const visitAccounts = (fn: (a: OrgModelAccount) => void) => {
    const walk = (ous: OrgModelOrganizationalUnit[] | undefined) => {
      for (const ou of ous ?? []) {
        ou.accounts?.forEach(fn);
        walk(ou.organizationalUnits);
      }
    };
    spec.root.accounts?.forEach(fn);
    walk(spec.root.organizationalUnits);
  };
  visitAccounts(a => a.id && usedAccountIds.add(a.id));
  const accountIdOf = new Map<OrgModelAccount | typeof mgmt, string>();
  const assignAccountId = (a: OrgModelAccount | typeof mgmt) => {
    if (a.id) {
      accountIdOf.set(a, a.id);
      return;
    }
    let id = deterministicAccountId(a.email.toLowerCase());
    for (let n = 1; usedAccountIds.has(id); n++) {
      id = deterministicAccountId(`${a.email.toLowerCase()}#${n}`);
    }
    usedAccountIds.add(id);
    accountIdOf.set(a, id);
  };
  assignAccountId(mgmt);
  visitAccounts(assignAccountId);
  const mgmtId = accountIdOf.get(mgmt)!;

  const orgId =
    spec.organizationId ??
    deterministicOrganizationId(mgmt.email.toLowerCase());
  const rootId = spec.rootId ?? deterministicRootId(orgId);

  // Policies.
  const policies: OrgPolicy[] = [];
  for (const managed of AWS_MANAGED_POLICIES) {
    if (spec.enabledPolicyTypes.includes(managed.type))
      policies.push({ ...managed });
  }
  const usedPolicyIds = new Set(
    spec.policies.map(p => p.id).filter(Boolean) as string[],
  );
  const policyByName = new Map<string, OrgPolicy>();
  for (const p of policies) policyByName.set(p.name, p);
  for (const p of spec.policies) {
    let id = p.id;
    if (!id) {
      id = deterministicPolicyId(`${p.type}:${p.name}`);
      for (let n = 1; usedPolicyIds.has(id); n++) {
        id = deterministicPolicyId(`${p.type}:${p.name}#${n}`);
      }
      usedPolicyIds.add(id);
    }
    const policy: OrgPolicy = {
      id,
      arn: orgArns.policy(mgmtId, orgId, p.type, id),
      name: p.name,
      type: p.type,
      awsManaged: false,
      content: p.document,
    };
    if (p.description) policy.description = p.description;
    policies.push(policy);
    policyByName.set(p.name, policy);
  }

  const attachments = (names: string[] | undefined): string[] => {
    const ids = (names ?? []).map(n => policyByName.get(n)!.id);
    const types = new Set((names ?? []).map(n => policyByName.get(n)!.type));
    const defaults: string[] = [];
    for (const type of spec.enabledPolicyTypes) {
      const def = defaultPolicyForType(type);
      // RCPFullAWSAccess can't be detached in AWS, so it is on every node; FullAWSAccess only where no SCP is listed.
      if (def && (type === 'RESOURCE_CONTROL_POLICY' || !types.has(type))) {
        defaults.push(def.id);
      }
    }
    return [...new Set([...defaults, ...ids])];
  };

  const nodes: OrgNode[] = [];
  nodes.push({
    id: rootId,
    kind: 'root',
    arn: orgArns.root(mgmtId, orgId, rootId),
    name: 'Root',
    enabledPolicyTypes: [...spec.enabledPolicyTypes],
    tags: { ...(spec.root.tags ?? {}) },
    policyIds: attachments(spec.root.policies),
  });

  const usedOuIds = new Set<string>();
  const collectOuIds = (ous: OrgModelOrganizationalUnit[] | undefined) => {
    for (const ou of ous ?? []) {
      if (ou.id) usedOuIds.add(ou.id);
      collectOuIds(ou.organizationalUnits);
    }
  };
  collectOuIds(spec.root.organizationalUnits);

  const accountNode = (a: OrgModelAccount, parentId: string): OrgNode => {
    const id = accountIdOf.get(a)!;
    return {
      id,
      kind: 'account',
      arn: orgArns.account(mgmtId, orgId, id),
      name: a.name,
      parentId,
      email: a.email,
      state: a.state ?? 'ACTIVE',
      joinedMethod: 'CREATED',
      joinedTimestamp: a.joinedTimestamp ?? DEFAULT_JOINED_TIMESTAMP,
      tags: { ...(a.tags ?? {}) },
      policyIds: attachments(a.policies),
    };
  };

  // Breadth-first.
  type Pending = {
    id: string;
    path: string;
    ous: OrgModelOrganizationalUnit[];
    accounts: OrgModelAccount[];
  };
  const queue: Pending[] = [
    {
      id: rootId,
      path: '',
      ous: spec.root.organizationalUnits ?? [],
      accounts: [mgmt as OrgModelAccount, ...(spec.root.accounts ?? [])],
    },
  ];
  for (let qi = 0; qi < queue.length; qi++) {
    const parent = queue[qi];
    for (const ou of parent.ous) {
      const path = `${parent.path}/${ou.name}`;
      let id = ou.id;
      if (!id) {
        id = deterministicOuId(rootId, path);
        for (let n = 1; usedOuIds.has(id); n++) {
          id = deterministicOuId(rootId, `${path}#${n}`);
        }
        usedOuIds.add(id);
      }
      nodes.push({
        id,
        kind: 'ou',
        arn: orgArns.organizationalUnit(mgmtId, orgId, id),
        name: ou.name,
        parentId: parent.id,
        tags: { ...(ou.tags ?? {}) },
        policyIds: attachments(ou.policies),
      });
      queue.push({
        id,
        path,
        ous: ou.organizationalUnits ?? [],
        accounts: ou.accounts ?? [],
      });
    }
    for (const a of parent.accounts) nodes.push(accountNode(a, parent.id));
  }

  return {
    organization: {
      id: orgId,
      arn: orgArns.organization(mgmtId, orgId),
      managementAccountId: mgmtId,
      managementAccountEmail: mgmt.email,
      featureSet: 'ALL',
    },
    nodes,
    policies,
    capturedAt: options.capturedAt ?? new Date().toISOString(),
  };
}
