/**
 * Operations on member accounts: list, describe, move between parents, close (PENDING_CLOSURE, then SUSPENDED when
 * the clock passes the closure delay) and remove from the organization.
 */
import { Errors } from '../errors';
import type { OrgStore } from '../OrgStore';
import { required } from '../wire/input';
import { accountShape } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';

export function registerAccountOperations(
  table: OperationTable,
  { store, pager, now, closeAccountDelayMs }: OperationContext,
) {
  table.read('ListAccounts', input => {
    const { items, NextToken } = pager.page(
      'ListAccounts',
      '',
      [...store.accounts.values()],
      input,
    );
    return { Accounts: items.map(a => accountShape(store, a)), NextToken };
  });

  table.read('ListAccountsForParent', input => {
    const parentId = required(input, 'ParentId');
    store.parentOrThrow(parentId);
    const ids = [...(store.childAccounts.get(parentId) ?? [])];
    const { items, NextToken } = pager.page(
      'ListAccountsForParent',
      parentId,
      ids,
      input,
    );
    return {
      Accounts: items.map(id => accountShape(store, store.accounts.get(id)!)),
      NextToken,
    };
  });

  table.read('DescribeAccount', input => ({
    Account: accountShape(
      store,
      store.accountOrThrow(required(input, 'AccountId')),
    ),
  }));

  table.write('MoveAccount', input => {
    const account = store.accountOrThrow(required(input, 'AccountId'));
    const source = required(input, 'SourceParentId');
    const destination = required(input, 'DestinationParentId');
    store.parentOrThrow(source, Errors.sourceParentNotFound);
    store.parentOrThrow(destination, Errors.destinationParentNotFound);
    if (account.parentId !== source) {
      throw Errors.accountNotFound(`${account.id} is not in ${source}`);
    }
    if (source === destination) throw Errors.duplicateAccount();
    store.childAccounts.get(source)?.delete(account.id);
    account.parentId = destination;
    store.childSet(store.childAccounts, destination).add(account.id);
    return {};
  });

  table.write('CloseAccount', input => {
    const account = store.accountOrThrow(required(input, 'AccountId'));
    if (account.id === store.managementAccountId) {
      throw Errors.constraintViolation(
        'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
        'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
      );
    }
    if (account.state !== 'ACTIVE') {
      throw Errors.accountAlreadyClosed(
        `You attempted to close an account that is already closed. (${account.id}, ${account.state})`,
      );
    }
    account.state = 'PENDING_CLOSURE';
    account.closeAt = now() + closeAccountDelayMs;
    store.closing.add(account.id);
    return {};
  });

  table.write('RemoveAccountFromOrganization', input => {
    const account = store.accountOrThrow(required(input, 'AccountId'));
    if (account.id === store.managementAccountId)
      throw Errors.masterCannotLeave();
    store.detachAll(account.id);
    store.childAccounts.get(account.parentId)?.delete(account.id);
    store.accounts.delete(account.id);
    return {};
  });
}

/** Suspends the accounts whose closure delay has passed; true when any changed. */
export function completeAccountClosures(store: OrgStore, now: number): boolean {
  let changed = false;
  for (const id of [...store.closing]) {
    const a = store.accounts.get(id);
    if (!a || a.state !== 'PENDING_CLOSURE' || a.closeAt === undefined) {
      store.closing.delete(id);
    } else if (a.closeAt <= now) {
      a.state = 'SUSPENDED';
      delete a.closeAt;
      store.closing.delete(id);
      changed = true;
    }
  }
  return changed;
}
