/**
 * The baseline as a Pulumi program: the resources `baselineResources` declares, made into Pulumi resources in
 * order (organization, policies, OUs parents first, attachments), and the stack outputs the next run reads back as
 * what the stack manages. AWS attaches a type's default policy (FullAWSAccess) to every new OU on its own, so those
 * attachments are not resources of the program.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { PulumiFn } from '@pulumi/pulumi/automation';
import type { OrgModel } from '@internal/plugin-ai-governance-common';
import { awsProviderArgs } from '../pulumi/accountProgram';
import {
  BASELINE_RESOURCE_TYPES,
  BaselineProgramOptions,
  ROOT,
  baselineResources,
} from './baselineResources';

/**
 * What the stack managed after its last successful update: its outputs. The Pulumi provisioner's conflict, drift and edit
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
