/**
 * The baseline as data: the resources the Pulumi program declares for a governance model (the organization, one
 * OrganizationalUnit per declared OU, one Policy per policy, one PolicyAttachment per attachment), each with its
 * options: what is imported, retained, protected or kept on removal. Also why a live organization cannot be
 * adopted by a first run.
 *
 * Never destroy governance by omission: every OU, policy and attachment is `retainOnDelete`, so one that leaves the
 * model leaves the stack and stays in AWS. Only the removals an apply names (`allowRemovals`, see the runner's
 * `allowDeletes`) are deleted. They are not `protect`ed: Pulumi recommends `protect` for what must never be deleted
 * (the organization here), but a protected resource that leaves the program fails the update instead of being left
 * in place.
 */
import {
  compactPolicyContent,
  OrgModel,
  OrgModelOrganizationalUnit,
  OrgSnapshot,
  PolicyType,
  samePolicyContent,
} from '@internal/plugin-ai-governance-common';
import type { AwsProviderSettings } from '../pulumi/accountProgram';
import type { BaselineStackOutputs } from './baselineProgram';

/** Resource type tokens of the program. @public */
export const BASELINE_RESOURCE_TYPES = {
  organization: 'aws:organizations/organization:Organization',
  organizationalUnit: 'aws:organizations/organizationalUnit:OrganizationalUnit',
  policy: 'aws:organizations/policy:Policy',
  policyAttachment: 'aws:organizations/policyAttachment:PolicyAttachment',
} as const;

/** One resource the program declares, as data (what the tests and the preview compare). @public */
export interface BaselineResourceSpec {
  type: (typeof BASELINE_RESOURCE_TYPES)[keyof typeof BASELINE_RESOURCE_TYPES];
  /** The Pulumi resource name (unique in the stack). */
  name: string;
  /** Plain inputs; `parentPath`/`targetPath`/`policyName` are resolved to ids when the program runs. */
  inputs: Record<string, unknown>;
  /**
   * The provider's `skipDestroy`: an allowed removal leaves it in AWS anyway. Only an SCP (and its attachment) that
   * may be its target's last SCP: AWS refuses to detach a target's last SCP. Never an RCP: the AWS-managed
   * RCPFullAWSAccess stays attached to every target and cannot be detached, so a custom RCP is never the last.
   */
  skipDestroy?: boolean;
  /** An existing AWS id to adopt instead of creating (only for what the stack does not manage yet). */
  importId?: string;
  /** Pulumi's `retainOnDelete`: leaving the stack does not delete it in AWS. */
  retainOnDelete: boolean;
  /** Pulumi's `protect`. */
  protect: boolean;
  /** Pulumi's `ignoreChanges`. */
  ignoreChanges?: string[];
}

/** Options of the program. @public */
export interface BaselineProgramOptions {
  /** Where the AWS provider goes (the sandbox, or a role in the management account). */
  provider?: AwsProviderSettings;
  /**
   * The live organization: its id is imported as the Organization resource, and OUs, identical policies and
   * attachments that already exist are adopted (imported) rather than created twice.
   */
  live?: OrgSnapshot;
  /** The stack's last applied outputs: what it manages already is not imported again. */
  lastApplied?: BaselineStackOutputs;
}

/** The path of the root in OU paths (`Root/AI`). */
export const ROOT = 'Root';

/** The default policy of a type, which AWS attaches to every new root, OU and account. */
function isDefaultPolicy(name: string): boolean {
  return name === 'FullAWSAccess' || name === 'RCPFullAWSAccess';
}

/**
 * Types whose targets must keep at least one policy of the type: AWS refuses to detach a target's last SCP. Not
 * RCPs: RCPFullAWSAccess is attached to every target and cannot be detached, so a custom RCP is never the last one.
 */
const MUST_KEEP_ONE: PolicyType[] = ['SERVICE_CONTROL_POLICY'];

const DEFAULT_POLICY_OF_TYPE: Partial<Record<PolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'RCPFullAWSAccess',
};

interface NodeSpec {
  path: string;
  parentPath?: string;
  name: string;
  policies: string[];
  tags: Record<string, string>;
}

function nodesOf(model: OrgModel): NodeSpec[] {
  const out: NodeSpec[] = [
    {
      path: ROOT,
      name: ROOT,
      policies: model.spec.root.policies ?? [],
      tags: {},
    },
  ];
  const walk = (
    ous: OrgModelOrganizationalUnit[] | undefined,
    parentPath: string,
  ) => {
    for (const ou of ous ?? []) {
      const path = `${parentPath}/${ou.name}`;
      out.push({
        path,
        parentPath,
        name: ou.name,
        policies: ou.policies ?? [],
        tags: ou.tags ?? {},
      });
      walk(ou.organizationalUnits, path);
    }
  };
  walk(model.spec.root.organizationalUnits, ROOT);
  return out;
}

function livePaths(live: OrgSnapshot | undefined) {
  const byPath = new Map<string, string>();
  if (!live) return byPath;
  const byId = new Map(live.nodes.map(n => [n.id, n]));
  const pathOf = (id: string): string => {
    const node = byId.get(id)!;
    return node.parentId ? `${pathOf(node.parentId)}/${node.name}` : ROOT;
  };
  for (const node of live.nodes) {
    if (node.kind !== 'account') byPath.set(pathOf(node.id), node.id);
  }
  return byPath;
}

/**
 * Why a live organization cannot be adopted by the program's first run (Pulumi imports only what already matches
 * the declared inputs): policy types the baseline enables that are not enabled yet, policies that exist with other
 * content, OUs with other tags. Only for a stack that has never been applied: afterwards the Pulumi provisioner compares with
 * the stack's last applied outputs (edits and drift), not with the import. Empty when the program can run.
 * @public
 */
export function baselineImportConflicts(
  model: OrgModel,
  live: OrgSnapshot,
): string[] {
  const problems: string[] = [];
  const root = live.nodes.find(n => n.kind === 'root');
  const missingTypes = model.spec.enabledPolicyTypes.filter(
    t => !root?.enabledPolicyTypes?.includes(t),
  );
  if (missingTypes.length > 0) {
    problems.push(
      `policy type${missingTypes.length > 1 ? 's' : ''} ${missingTypes.join(
        ', ',
      )} not enabled yet on the root`,
    );
  }
  for (const policy of model.spec.policies) {
    const current = live.policies.find(
      p => p.name === policy.name && p.type === policy.type,
    );
    if (current && !samePolicyContent(current.content, policy.document)) {
      problems.push(`policy ${policy.name} exists with different content`);
    }
  }
  const liveIds = livePaths(live);
  for (const node of nodesOf(model)) {
    const id = node.path === ROOT ? undefined : liveIds.get(node.path);
    const current = id ? live.nodes.find(n => n.id === id) : undefined;
    if (current && !sameTags(current.tags ?? {}, node.tags)) {
      problems.push(`OU ${node.path} exists with other tags`);
    }
  }
  return problems;
}

function sameTags(a: Record<string, string>, b: Record<string, string>) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(k => a[k] === b[k]);
}

/**
 * The resources the program declares for a model, as data: exactly one per declared OU, policy and non-default
 * attachment, plus the organization, with their options. SCP attachments on a node that declares no other SCP (one
 * that may be the node's last) get `skipDestroy`, and so do the policies they attach: AWS refuses to detach a
 * target's last SCP, so an allowed removal must not try.
 * @public
 */
export function baselineResources(
  model: OrgModel,
  options: BaselineProgramOptions = {},
): BaselineResourceSpec[] {
  const { live, lastApplied } = options;
  const liveIds = livePaths(live);
  // What the stack manages already is in its state: importing it again would be an error.
  const managed = {
    ou: (path: string) => !!lastApplied?.organizationalUnitIds[path],
    policy: (name: string) => !!lastApplied?.policyIds[name],
    attachment: (key: string) => !!lastApplied?.attachmentIds[key],
  };
  const livePolicy = (name: string, type: PolicyType, document: string) => {
    const p = live?.policies.find(
      x => x.name === name && x.type === type && !x.awsManaged,
    );
    return p && samePolicyContent(p.content, document) ? p : undefined;
  };
  const typeOf = new Map(model.spec.policies.map(p => [p.name, p.type]));
  const nodes = nodesOf(model);

  const attachments: BaselineResourceSpec[] = [];
  const keepPolicies = new Set<string>();
  for (const node of nodes) {
    for (const policyName of node.policies) {
      if (isDefaultPolicy(policyName)) continue;
      const type = typeOf.get(policyName)!;
      const defaultOfType = DEFAULT_POLICY_OF_TYPE[type];
      const sameType = node.policies.filter(
        n =>
          n === defaultOfType ||
          (!isDefaultPolicy(n) && typeOf.get(n) === type),
      );
      const mayBeLast = MUST_KEEP_ONE.includes(type) && sameType.length === 1;
      if (mayBeLast) keepPolicies.add(policyName);
      const targetId = liveIds.get(node.path);
      const policyId = live?.policies.find(
        p => p.name === policyName && p.type === type,
      )?.id;
      const alreadyAttached =
        targetId &&
        policyId &&
        live?.nodes.find(n => n.id === targetId)?.policyIds.includes(policyId);
      attachments.push({
        type: BASELINE_RESOURCE_TYPES.policyAttachment,
        name: `attachment/${node.path}/${policyName}`,
        inputs: { targetPath: node.path, policyName },
        retainOnDelete: true,
        protect: false,
        ...(mayBeLast ? { skipDestroy: true } : {}),
        ...(alreadyAttached && !managed.attachment(`${node.path}/${policyName}`)
          ? { importId: `${targetId}:${policyId}` }
          : {}),
      });
    }
  }

  // Never disable a type by omission: declare every type AWS has enabled, plus the baseline's. Without the live
  // organization the types are not known, and the program leaves them alone entirely.
  const liveTypes = live?.nodes.find(
    n => n.kind === 'root',
  )?.enabledPolicyTypes;
  const resources: BaselineResourceSpec[] = [
    {
      type: BASELINE_RESOURCE_TYPES.organization,
      name: 'organization',
      inputs: {
        featureSet: 'ALL',
        enabledPolicyTypes: [
          ...new Set([...(liveTypes ?? []), ...model.spec.enabledPolicyTypes]),
        ].sort(),
      },
      retainOnDelete: true,
      protect: true,
      ignoreChanges: [
        'awsServiceAccessPrincipals',
        'featureSet',
        ...(liveTypes ? [] : ['enabledPolicyTypes']),
      ],
      ...(live && !lastApplied ? { importId: live.organization.id } : {}),
    },
  ];
  for (const policy of model.spec.policies) {
    const existing = livePolicy(policy.name, policy.type, policy.document);
    resources.push({
      type: BASELINE_RESOURCE_TYPES.policy,
      name: `policy/${policy.name}`,
      inputs: {
        name: policy.name,
        type: policy.type,
        content: compactPolicyContent(policy.document),
        ...(policy.description ? { description: policy.description } : {}),
      },
      retainOnDelete: true,
      protect: false,
      ...(keepPolicies.has(policy.name) ? { skipDestroy: true } : {}),
      ...(existing && !managed.policy(policy.name)
        ? { importId: existing.id }
        : {}),
    });
  }
  for (const node of nodes) {
    if (node.path === ROOT) continue;
    const id = liveIds.get(node.path);
    resources.push({
      type: BASELINE_RESOURCE_TYPES.organizationalUnit,
      name: `ou/${node.path}`,
      inputs: { name: node.name, parentPath: node.parentPath, tags: node.tags },
      retainOnDelete: true,
      protect: false,
      ...(id && !managed.ou(node.path) ? { importId: id } : {}),
    });
  }
  resources.push(...attachments);
  return resources;
}
