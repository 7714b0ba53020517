/**
 * Account creation: CreateAccount starts a request that stays IN_PROGRESS for the creation delay, then ends SUCCEEDED
 * (a new account under the root) or FAILED with AWS's FailureReason; DescribeCreateAccountStatus and
 * ListCreateAccountStatus read the requests.
 */
import {
  ID_PATTERNS,
  isValidAccountEmail,
} from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import type { ResolvedLimits } from '../limits';
import type { OrgStore } from '../OrgStore';
import type { CreateAccountRecord } from '../records';
import {
  checkLength,
  checkPattern,
  checkTagCount,
  optionalString,
  required,
  tagsInput,
} from '../wire/input';
import { createAccountShape } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';

const REQUEST_STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'];

export function registerAccountCreationOperations(
  table: OperationTable,
  { store, pager, limits, faults, now, createAccountDelayMs }: OperationContext,
) {
  table.write('CreateAccount', input => {
    const email = required(input, 'Email');
    const accountName = required(input, 'AccountName');
    checkLength(email, 'Email', 6, 64);
    if (!isValidAccountEmail(email)) {
      throw Errors.invalidInput(
        'INVALID_PATTERN',
        `You provided a value for Email that does not match the required pattern. (${email})`,
      );
    }
    checkLength(accountName, 'AccountName', 1, 50);
    if (!/^[\u0020-\u007E]+$/.test(accountName)) {
      throw Errors.invalidInput(
        'INVALID_PATTERN',
        'You provided a value for AccountName that does not match the required pattern (printable ASCII).',
      );
    }
    const roleName = optionalString(input, 'RoleName');
    if (roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      throw Errors.invalidInput(
        'INVALID_ROLE_NAME',
        `You provided a role name that isn't valid. (${roleName})`,
      );
    }
    const billing = optionalString(input, 'IamUserAccessToBilling');
    if (billing !== undefined && billing !== 'ALLOW' && billing !== 'DENY') {
      throw Errors.invalidInput(
        'INVALID_ENUM',
        'IamUserAccessToBilling must be ALLOW or DENY.',
      );
    }
    const tags = tagsInput(input);
    checkTagCount(tags);
    // AWS's API reference (ConstraintViolationException reasons, as the SDK in the lockfile carries them):
    // ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED is "the number of accounts that can be in progress at a time". The number
    // of accounts in the organization is another quota: the request is accepted and ends FAILED with the
    // CreateAccountStatus FailureReason ACCOUNT_LIMIT_EXCEEDED (see completeCreateAccountRequests). AWS documents no daily
    // creation quota of its own, so none is modelled.
    if (store.inProgress.size >= limits.maxCreateAccountInProgress) {
      throw Errors.constraintViolation(
        'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
        `You can have at most ${limits.maxCreateAccountInProgress} account creation requests in progress. Wait for one to finish (DescribeCreateAccountStatus), then try again.`,
      );
    }
    const plannedFailure = faults.plannedCreateAccountFailure(email);
    const requested = now();
    const record: CreateAccountRecord = {
      id: store.newCreateAccountRequestId(),
      accountName,
      email,
      tags,
      state: 'IN_PROGRESS',
      requestedTimestamp: requested,
      completeAt: requested + createAccountDelayMs,
    };
    if (plannedFailure) record.plannedFailure = plannedFailure;
    store.createAccountStatuses.set(record.id, record);
    store.inProgress.add(record.id);
    return { CreateAccountStatus: createAccountShape(record) };
  });

  table.read('DescribeCreateAccountStatus', input => {
    const id = required(input, 'CreateAccountRequestId');
    checkPattern(
      id,
      ID_PATTERNS.createAccountRequest,
      'CreateAccountRequestId',
    );
    const s = store.createAccountStatuses.get(id);
    if (!s) throw Errors.createAccountStatusNotFound(id);
    return { CreateAccountStatus: createAccountShape(s) };
  });

  table.read('ListCreateAccountStatus', input => {
    const states = input.States;
    if (states !== undefined && states !== null) {
      if (
        !Array.isArray(states) ||
        states.some(s => !REQUEST_STATES.includes(s))
      ) {
        throw Errors.invalidInput(
          'INVALID_ENUM',
          'States may hold only IN_PROGRESS, SUCCEEDED and FAILED.',
        );
      }
    }
    const list = [...store.createAccountStatuses.values()].filter(
      s =>
        !Array.isArray(states) ||
        states.length === 0 ||
        states.includes(s.state),
    );
    const { items, NextToken } = pager.page(
      'ListCreateAccountStatus',
      JSON.stringify(states ?? []),
      list,
      input,
    );
    return {
      CreateAccountStatuses: items.map(s => createAccountShape(s)),
      NextToken,
    };
  });
}

/**
 * Ends the CreateAccount requests whose delay has passed: FAILED with the planned reason, EMAIL_ALREADY_EXISTS or
 * ACCOUNT_LIMIT_EXCEEDED, else SUCCEEDED with a new account under the root. True when any ended.
 */
export function completeCreateAccountRequests(
  store: OrgStore,
  limits: ResolvedLimits,
  now: number,
): boolean {
  let changed = false;
  for (const requestId of [...store.inProgress]) {
    const s = store.createAccountStatuses.get(requestId)!;
    if (s.completeAt > now) continue;
    store.inProgress.delete(requestId);
    changed = true;
    s.completedTimestamp = s.completeAt;
    const emailTaken = [...store.accounts.values()].some(
      a => a.email.toLowerCase() === s.email.toLowerCase(),
    );
    let reason = s.plannedFailure;
    if (!reason && emailTaken) reason = 'EMAIL_ALREADY_EXISTS';
    if (!reason && store.accounts.size >= limits.maxAccounts) {
      reason = 'ACCOUNT_LIMIT_EXCEEDED';
    }
    if (reason) {
      s.state = 'FAILED';
      s.failureReason = reason;
      continue;
    }
    const id = store.newAccountId();
    store.insertAccount({
      id,
      name: s.accountName,
      email: s.email,
      parentId: store.root.id,
      state: 'ACTIVE',
      joinedMethod: 'CREATED',
      joinedTimestamp: s.completeAt,
      tags: s.tags,
    });
    store.attachDefaults(id);
    s.state = 'SUCCEEDED';
    s.accountId = id;
  }
  return changed;
}
