import {
  CloseAccountCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AccountVendingError, describeOrganizationsError } from './failures';
import { ID_PATTERNS } from '@internal/plugin-ai-governance-common';

/** Options of {@link closeAccount}. @public */
export interface CloseAccountOptions {
  /** Must repeat the account id: a guard against closing the wrong one. */
  confirmAccountId: string;
  /** Who asked (an entity ref), for the log. The caller checks `ai-governance.account.close`. */
  requestedBy: string;
  logger: { info(message: string): void };
  signal?: AbortSignal;
}

/**
 * Closes an AWS account: the one explicit way the product closes an account (the Pulumi program never does,
 * `closeOnDeletion` is always false and every account resource is retainOnDelete). Admin-only: the caller checks
 * the `ai-governance.account.close` permission. Refuses the management account, an account that is not ACTIVE,
 * and a confirmation that does not repeat the id. AWS keeps a closed account SUSPENDED for 90 days (it can be
 * reopened through AWS Support) and limits how many accounts may be closed in a period (CloseAccount quota).
 * @public
 */
export async function closeAccount(
  client: OrganizationsClient,
  accountId: string,
  options: CloseAccountOptions,
): Promise<{ accountId: string; state: string }> {
  if (
    !ID_PATTERNS.account.test(accountId) ||
    options.confirmAccountId !== accountId
  ) {
    throw new AccountVendingError(
      'CLOSE_NOT_CONFIRMED',
      `Closing needs the 12-digit account id twice (the account and its confirmation); got ${accountId} and ${options.confirmAccountId}. Nothing was closed.`,
    );
  }
  try {
    const [org, described] = await Promise.all([
      client.send(new DescribeOrganizationCommand({}), {
        abortSignal: options.signal,
      }),
      client.send(new DescribeAccountCommand({ AccountId: accountId }), {
        abortSignal: options.signal,
      }),
    ]);
    if (org.Organization?.MasterAccountId === accountId) {
      throw new AccountVendingError(
        'CLOSE_REFUSED',
        `Account ${accountId} is the management account of the organization; it cannot be closed from here.`,
      );
    }
    const state = described.Account?.State ?? described.Account?.Status;
    if (state !== 'ACTIVE') {
      throw new AccountVendingError(
        'CLOSE_REFUSED',
        `Account ${accountId} is ${
          state ?? 'in an unknown state'
        }, not ACTIVE: nothing to close.`,
      );
    }
    options.logger.info(
      `Closing account ${accountId} ("${described.Account?.Name}") at the request of ${options.requestedBy}`,
    );
    await client.send(new CloseAccountCommand({ AccountId: accountId }), {
      abortSignal: options.signal,
    });
    return { accountId, state: 'PENDING_CLOSURE' };
  } catch (error) {
    if (error instanceof AccountVendingError) throw error;
    throw new AccountVendingError(
      (error as Error)?.name ?? 'UNKNOWN',
      describeOrganizationsError(error),
      { cause: error },
    );
  }
}
