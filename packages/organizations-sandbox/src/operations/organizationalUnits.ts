/**
 * Operations on organizational units and the tree: create, describe, rename and delete OUs, and list children and
 * parents, with AWS's name, depth and count quotas.
 */
import { ID_PATTERNS } from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import type { OuRecord } from '../records';
import {
  checkLength,
  checkPattern,
  checkTagCount,
  optionalString,
  required,
  tagsInput,
} from '../wire/input';
import { ouShape } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';

export function registerOrganizationalUnitOperations(
  table: OperationTable,
  { store, pager, limits }: OperationContext,
) {
  table.write('CreateOrganizationalUnit', input => {
    const parentId = required(input, 'ParentId');
    const name = required(input, 'Name');
    checkLength(name, 'Name', 1, 128);
    store.parentOrThrow(parentId);
    const tags = tagsInput(input);
    checkTagCount(tags);
    for (const id of store.childOus.get(parentId) ?? []) {
      if (store.ous.get(id)!.name === name)
        throw Errors.duplicateOrganizationalUnit(name);
    }
    if (store.depthOf(parentId) + 1 > limits.maxOuDepth) {
      throw Errors.constraintViolation(
        'OU_DEPTH_LIMIT_EXCEEDED',
        `You attempted to create an OU tree that is too many levels deep (at most ${limits.maxOuDepth} levels under the root).`,
      );
    }
    if (store.ous.size >= limits.maxOrganizationalUnits) {
      throw Errors.constraintViolation(
        'OU_NUMBER_LIMIT_EXCEEDED',
        `You attempted to exceed the number of OUs you can have in an organization (${limits.maxOrganizationalUnits}).`,
      );
    }
    const ou: OuRecord = { id: store.newOuId(), name, parentId, tags };
    store.insertOu(ou);
    store.attachDefaults(ou.id);
    return { OrganizationalUnit: ouShape(store, ou) };
  });

  table.read('DescribeOrganizationalUnit', input => ({
    OrganizationalUnit: ouShape(
      store,
      store.ouOrThrow(required(input, 'OrganizationalUnitId')),
    ),
  }));

  table.write('UpdateOrganizationalUnit', input => {
    const ou = store.ouOrThrow(required(input, 'OrganizationalUnitId'));
    const name = optionalString(input, 'Name');
    if (name !== undefined) {
      checkLength(name, 'Name', 1, 128);
      for (const id of store.childOus.get(ou.parentId) ?? []) {
        if (id !== ou.id && store.ous.get(id)!.name === name)
          throw Errors.duplicateOrganizationalUnit(name);
      }
      ou.name = name;
    }
    return { OrganizationalUnit: ouShape(store, ou) };
  });

  table.write('DeleteOrganizationalUnit', input => {
    const ou = store.ouOrThrow(required(input, 'OrganizationalUnitId'));
    if (
      (store.childOus.get(ou.id)?.size ?? 0) > 0 ||
      (store.childAccounts.get(ou.id)?.size ?? 0) > 0
    ) {
      throw Errors.organizationalUnitNotEmpty();
    }
    store.detachAll(ou.id);
    store.ous.delete(ou.id);
    store.childOus.get(ou.parentId)?.delete(ou.id);
    store.childOus.delete(ou.id);
    store.childAccounts.delete(ou.id);
    return {};
  });

  table.read('ListOrganizationalUnitsForParent', input => {
    const parentId = required(input, 'ParentId');
    store.parentOrThrow(parentId);
    const ids = [...(store.childOus.get(parentId) ?? [])];
    const { items, NextToken } = pager.page(
      'ListOrganizationalUnitsForParent',
      parentId,
      ids,
      input,
    );
    return {
      OrganizationalUnits: items.map(id => ouShape(store, store.ous.get(id)!)),
      NextToken,
    };
  });

  table.read('ListChildren', input => {
    const parentId = required(input, 'ParentId');
    const childType = required(input, 'ChildType');
    if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
      throw Errors.invalidInput(
        'INVALID_ENUM',
        `ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT. (${childType})`,
      );
    }
    store.parentOrThrow(parentId);
    const ids = [
      ...((childType === 'ACCOUNT' ? store.childAccounts : store.childOus).get(
        parentId,
      ) ?? []),
    ];
    const { items, NextToken } = pager.page(
      'ListChildren',
      `${parentId}:${childType}`,
      ids,
      input,
    );
    return {
      Children: items.map(Id => ({ Id, Type: childType })),
      NextToken,
    };
  });

  table.read('ListParents', input => {
    const childId = required(input, 'ChildId');
    checkPattern(
      childId,
      [ID_PATTERNS.account, ID_PATTERNS.organizationalUnit],
      'ChildId',
    );
    const parentId =
      store.ous.get(childId)?.parentId ?? store.accounts.get(childId)?.parentId;
    if (!parentId) throw Errors.childNotFound(childId);
    const { items, NextToken } = pager.page(
      'ListParents',
      childId,
      [parentId],
      input,
    );
    return {
      Parents: items.map(Id => ({
        Id,
        Type: Id === store.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
      })),
      NextToken,
    };
  });
}
