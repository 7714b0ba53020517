/**
 * Tag operations (TagResource, UntagResource, ListTagsForResource) on the root, OUs, accounts and customer-managed
 * policies.
 */
import { ID_PATTERNS } from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import type { OrgStore } from '../OrgStore';
import { checkTagCount, required, tagsInput } from '../wire/input';
import { tagsShape } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';

export function registerTagOperations(
  table: OperationTable,
  { store }: OperationContext,
) {
  table.write('TagResource', input => {
    const resourceId = required(input, 'ResourceId');
    const tags = tagsInput(input);
    const target = taggable(store, resourceId);
    const merged = { ...target.tags, ...tags };
    checkTagCount(merged);
    target.tags = merged;
    return {};
  });

  table.write('UntagResource', input => {
    const resourceId = required(input, 'ResourceId');
    const keys = input.TagKeys;
    if (!Array.isArray(keys) || keys.length === 0) {
      throw Errors.invalidInput(
        'INPUT_REQUIRED',
        'You must specify a value for TagKeys.',
      );
    }
    const target = taggable(store, resourceId);
    for (const k of keys) delete target.tags[String(k)];
    return {};
  });

  table.read('ListTagsForResource', input => {
    const resourceId = required(input, 'ResourceId');
    const target = taggable(store, resourceId);
    return { Tags: tagsShape(target.tags) };
  });
}

/** The record whose tags a resource id names; TargetNotFoundException for unknown ids and AWS-managed policies. */
function taggable(
  store: OrgStore,
  resourceId: string,
): { tags: Record<string, string> } {
  if (ID_PATTERNS.policy.test(resourceId)) {
    const p = store.policies.get(resourceId);
    if (!p || p.awsManaged) throw Errors.targetNotFound(resourceId);
    return p;
  }
  const kind = store.targetKind(resourceId);
  if (kind === 'ROOT') return store.root;
  if (kind === 'ORGANIZATIONAL_UNIT') return store.ous.get(resourceId)!;
  return store.accounts.get(resourceId)!;
}
