/**
 * The baseline as a Pulumi program: the organization (imported, protected, never created or deleted) with the
 * union of the policy types AWS has enabled and those the baseline enables, one OrganizationalUnit (with its tags)
 * per declared OU, one Policy per declared policy and one PolicyAttachment per declared attachment. AWS attaches a
 * type's default policy (FullAWSAccess) to every new OU on its own, so those attachments are not resources of the
 * program.
 *
 * Never destroy governance by omission: every OU, policy and attachment is `retainOnDelete`, so one that leaves the
 * model leaves the stack and stays in AWS. Only the removals an apply names (`allowRemovals`, see the runner's
 * `allowDeletes`) are deleted. They are not `protect`ed: Pulumi recommends `protect` for what must never be deleted
 * (the organization here), but a protected resource that leaves the program fails the update instead of being left
 * in place.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { PulumiFn } from '@pulumi/pulumi/automation';
import {
  compactPolicyContent,
  OrgModel,
  OrgModelOrganizationalUnit,
  OrgSnapshot,
  PolicyType,
  samePolicyContent,
} from '@internal/plugin-ai-governance-common';
import { AwsProviderSettings, awsProviderArgs } from '../pulumi/accountProgram';

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

/**
 * What the stack managed after its last successful update: its outputs. The engine's conflict, drift and edit
 * checks compare against this, not against the first import.
 * @public
 */
export interface BaselineStackOutputs {
  rootId?: string;
  /** OU path (`Root/AI`) to id. */
  organizationalUnitIds: Record<string, string>;
  /** Policy name to id. */
  policyIds: Record<string, string>;
  /** `<target path>/<policy>` to attachment id. */
  attachmentIds: Record<string, string>;
  /** Policy name to what was applied. */
  policies: Record<string, { id: string; type: string; content: string }>;
  /** The policy types the Organization resource declared. */
  enabledPolicyTypes: string[];
}

/** Reads the stack's outputs as {@link BaselineStackOutputs}; undefined when the stack has never been applied. @public */
export function readBaselineStackOutputs(
  outputs: Record<string, { value: unknown }>,
): BaselineStackOutputs | undefined {
  const v = (key: string) => outputs[key]?.value as any;
  if (!outputs.policyIds && !outputs.organizationalUnitIds) {
    return undefined;
  }
  const policyIds: Record<string, string> = v('policyIds') ?? {};
  const recorded: BaselineStackOutputs['policies'] = v('policies') ?? {};
  return {
    rootId: v('rootId'),
    organizationalUnitIds: v('organizationalUnitIds') ?? {},
    policyIds,
    attachmentIds: v('attachmentIds') ?? {},
    policies: recorded,
    enabledPolicyTypes: v('enabledPolicyTypes') ?? [],
  };
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

const ROOT = 'Root';

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
 * content, OUs with other tags. Only for a stack that has never been applied: afterwards the engine compares with
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

/**
 * The inline program. Outputs `rootId`, `organizationalUnitIds` (path to id), `policyIds` (name to id),
 * `attachmentIds` (`<path>/<policy>` to id), `policies` (name to id, type and applied content) and
 * `enabledPolicyTypes`: what {@link readBaselineStackOutputs} reads back as the last applied state.
 * @public
 */
export function createBaselineProgram(
  model: OrgModel,
  options: BaselineProgramOptions = {},
): PulumiFn {
  const specs = baselineResources(model, options);
  return async () => {
    const provider = options.provider
      ? new aws.Provider('management', awsProviderArgs(options.provider))
      : undefined;
    const orgSpec = specs.find(
      s => s.type === BASELINE_RESOURCE_TYPES.organization,
    )!;
    const organization = new aws.organizations.Organization(
      orgSpec.name,
      orgSpec.inputs as aws.organizations.OrganizationArgs,
      {
        provider,
        import: orgSpec.importId,
        // The organization outlives the stack, and the program manages only its policy types.
        protect: orgSpec.protect,
        retainOnDelete: orgSpec.retainOnDelete,
        ignoreChanges: orgSpec.ignoreChanges,
      },
    );
    const rootId = organization.roots.apply(roots => roots[0].id);

    const policyIds: Record<string, pulumi.Output<string>> = {};
    const policies: Record<
      string,
      pulumi.Output<{ id: string; type: string; content: string }>
    > = {};
    for (const spec of specs.filter(
      s => s.type === BASELINE_RESOURCE_TYPES.policy,
    )) {
      const inputs = spec.inputs as {
        name: string;
        type: string;
        content: string;
        description?: string;
      };
      const policy = new aws.organizations.Policy(
        spec.name,
        { ...inputs, ...(spec.skipDestroy ? { skipDestroy: true } : {}) },
        // A policy type must be enabled before its policies exist.
        {
          provider,
          import: spec.importId,
          dependsOn: [organization],
          retainOnDelete: spec.retainOnDelete,
          protect: spec.protect,
        },
      );
      policyIds[inputs.name] = policy.id;
      policies[inputs.name] = pulumi
        .all([policy.id, policy.content])
        .apply(([id, content]) => ({ id, type: inputs.type, content }));
    }

    const ouIds: Record<string, pulumi.Output<string>> = {};
    for (const spec of specs.filter(
      s => s.type === BASELINE_RESOURCE_TYPES.organizationalUnit,
    )) {
      const inputs = spec.inputs as {
        name: string;
        parentPath: string;
        tags: Record<string, string>;
      };
      const parentId =
        inputs.parentPath === ROOT ? rootId : ouIds[inputs.parentPath];
      const ou = new aws.organizations.OrganizationalUnit(
        spec.name,
        { name: inputs.name, parentId, tags: inputs.tags },
        {
          provider,
          import: spec.importId,
          retainOnDelete: spec.retainOnDelete,
          protect: spec.protect,
        },
      );
      ouIds[spec.name.slice('ou/'.length)] = ou.id;
    }

    const attachmentIds: Record<string, pulumi.Output<string>> = {};
    for (const spec of specs.filter(
      s => s.type === BASELINE_RESOURCE_TYPES.policyAttachment,
    )) {
      const inputs = spec.inputs as { targetPath: string; policyName: string };
      const targetId =
        inputs.targetPath === ROOT ? rootId : ouIds[inputs.targetPath];
      const policyId = policyIds[inputs.policyName];
      const attachment = new aws.organizations.PolicyAttachment(
        spec.name,
        {
          policyId,
          targetId,
          ...(spec.skipDestroy ? { skipDestroy: true } : {}),
        },
        {
          provider,
          import: spec.importId,
          retainOnDelete: spec.retainOnDelete,
          protect: spec.protect,
        },
      );
      attachmentIds[spec.name.slice('attachment/'.length)] = attachment.id;
    }

    return {
      rootId,
      organizationalUnitIds: pulumi.output(ouIds),
      policyIds: pulumi.output(policyIds),
      attachmentIds: pulumi.output(attachmentIds),
      policies: pulumi.output(policies),
      enabledPolicyTypes: organization.enabledPolicyTypes,
    };
  };
}
