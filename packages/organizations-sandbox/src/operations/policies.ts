/**
 * Operations on policies and their attachments: create, describe, update and delete customer-managed policies,
 * list policies (all, or for a target), list a policy's targets, attach and detach, with AWS's quotas and the
 * rules for AWS-managed policies.
 */
import {
  FULL_AWS_ACCESS_POLICY,
  RCP_FULL_AWS_ACCESS_POLICY,
  RCP_FULL_AWS_ACCESS_POLICY_ID,
} from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import type { PolicyRecord } from '../records';
import {
  checkLength,
  checkTagCount,
  optionalString,
  policyType,
  required,
  tagsInput,
} from '../wire/input';
import { policyShape, policySummary } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';
import { checkPolicySize, validatePolicyDocument } from './policyDocument';

export function registerPolicyOperations(
  table: OperationTable,
  { store, pager, limits }: OperationContext,
) {
  table.write('CreatePolicy', input => {
    const content = required(input, 'Content');
    const description = optionalString(input, 'Description') ?? '';
    const name = required(input, 'Name');
    const type = policyType(input, 'Type');
    checkLength(name, 'Name', 1, 128);
    checkLength(description, 'Description', 0, 512);
    const tags = tagsInput(input);
    checkTagCount(tags);
    checkPolicySize(limits, type, content);
    validatePolicyDocument(type, content);
    const sameType = [...store.policies.values()].filter(
      p => p.type === type && !p.awsManaged,
    );
    if (
      sameType.some(p => p.name === name) ||
      [FULL_AWS_ACCESS_POLICY, RCP_FULL_AWS_ACCESS_POLICY].some(
        p => p.name === name && p.type === type,
      )
    ) {
      throw Errors.duplicatePolicy(name);
    }
    if (sameType.length >= limits.maxPoliciesPerType[type]) {
      throw Errors.constraintViolation(
        'POLICY_NUMBER_LIMIT_EXCEEDED',
        `You attempted to exceed the number of policies of type ${type} you can have in an organization (${limits.maxPoliciesPerType[type]}).`,
      );
    }
    const policy: PolicyRecord = {
      id: store.newPolicyId(),
      name,
      type,
      description,
      awsManaged: false,
      content,
      tags,
    };
    store.policies.set(policy.id, policy);
    return { Policy: policyShape(store, policy) };
  });

  table.read('DescribePolicy', input => ({
    Policy: policyShape(
      store,
      store.policyOrThrow(required(input, 'PolicyId')),
    ),
  }));

  table.write('UpdatePolicy', input => {
    const policy = store.policyOrThrow(required(input, 'PolicyId'));
    if (policy.awsManaged) {
      throw Errors.invalidInput(
        'IMMUTABLE_POLICY',
        "You specified a policy that is managed by AWS and can't be modified.",
      );
    }
    const name = optionalString(input, 'Name');
    const description = optionalString(input, 'Description');
    const content = optionalString(input, 'Content');
    if (name !== undefined) {
      checkLength(name, 'Name', 1, 128);
      if (
        [...store.policies.values()].some(
          p => p.id !== policy.id && p.type === policy.type && p.name === name,
        )
      ) {
        throw Errors.duplicatePolicy(name);
      }
    }
    if (description !== undefined)
      checkLength(description, 'Description', 0, 512);
    if (content !== undefined) {
      checkPolicySize(limits, policy.type, content);
      validatePolicyDocument(policy.type, content);
    }
    if (name !== undefined) policy.name = name;
    if (description !== undefined) policy.description = description;
    if (content !== undefined) policy.content = content;
    return { Policy: policyShape(store, policy) };
  });

  table.write('DeletePolicy', input => {
    const policy = store.policyOrThrow(required(input, 'PolicyId'));
    if (policy.awsManaged) {
      throw Errors.invalidInput(
        'IMMUTABLE_POLICY',
        "You specified a policy that is managed by AWS and can't be deleted.",
      );
    }
    if ((store.targetsOf.get(policy.id)?.size ?? 0) > 0)
      throw Errors.policyInUse();
    store.policies.delete(policy.id);
    store.targetsOf.delete(policy.id);
    return {};
  });

  table.read('ListPolicies', input => {
    const type = policyType(input, 'Filter');
    const list = store.visiblePolicies().filter(p => p.type === type);
    const { items, NextToken } = pager.page('ListPolicies', type, list, input);
    return {
      Policies: items.map(p => policySummary(store, p)),
      NextToken,
    };
  });

  table.read('ListPoliciesForTarget', input => {
    const targetId = required(input, 'TargetId');
    const type = policyType(input, 'Filter');
    store.targetKind(targetId);
    const list = (store.attachments.get(targetId) ?? [])
      .map(id => store.policies.get(id)!)
      .filter(p => p.type === type);
    const { items, NextToken } = pager.page(
      'ListPoliciesForTarget',
      `${targetId}:${type}`,
      list,
      input,
    );
    return {
      Policies: items.map(p => policySummary(store, p)),
      NextToken,
    };
  });

  table.read('ListTargetsForPolicy', input => {
    const policy = store.policyOrThrow(required(input, 'PolicyId'));
    const targets = [...(store.targetsOf.get(policy.id) ?? [])];
    const { items, NextToken } = pager.page(
      'ListTargetsForPolicy',
      policy.id,
      targets,
      input,
    );
    return {
      Targets: items.map(id => ({
        TargetId: id,
        Arn: store.targetArn(id),
        Name: store.targetName(id),
        Type: store.targetKind(id),
      })),
      NextToken,
    };
  });

  table.write('AttachPolicy', input => {
    const policy = store.policyOrThrow(required(input, 'PolicyId'));
    const targetId = required(input, 'TargetId');
    store.targetKind(targetId);
    if (!store.root.enabledPolicyTypes.includes(policy.type))
      throw Errors.policyTypeNotEnabled(policy.type);
    const attached = store.attachments.get(targetId) ?? [];
    if (attached.includes(policy.id)) throw Errors.duplicatePolicyAttachment();
    const sameType = attached.filter(
      id => store.policies.get(id)?.type === policy.type,
    ).length;
    if (sameType >= limits.maxAttachmentsPerTarget[policy.type]) {
      throw Errors.constraintViolation(
        'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
        `You attempted to exceed the number of policies of type ${
          policy.type
        } that you can attach to a target (${
          limits.maxAttachmentsPerTarget[policy.type]
        }).`,
      );
    }
    store.attach(policy.id, targetId);
    return {};
  });

  table.write('DetachPolicy', input => {
    const policy = store.policyOrThrow(required(input, 'PolicyId'));
    const targetId = required(input, 'TargetId');
    store.targetKind(targetId);
    const attached = store.attachments.get(targetId) ?? [];
    if (!attached.includes(policy.id)) throw Errors.policyNotAttached();
    if (policy.id === RCP_FULL_AWS_ACCESS_POLICY_ID) {
      throw Errors.invalidInput(
        'NON_DETACHABLE_POLICY',
        "You can't detach the RCPFullAWSAccess policy.",
      );
    }
    if (policy.type === 'SERVICE_CONTROL_POLICY') {
      const scps = attached.filter(
        id => store.policies.get(id)?.type === 'SERVICE_CONTROL_POLICY',
      );
      if (scps.length <= 1) {
        throw Errors.constraintViolation(
          'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          'You attempted to detach the last service control policy from a target. Every root, OU and account must have at least one SCP attached; attach another one first.',
        );
      }
    }
    store.detach(policy.id, targetId);
    return {};
  });
}
