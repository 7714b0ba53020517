/**
 * Finding the account a request already made: by its email, adopted only when it is ACTIVE and carries the
 * request's tag. Shared by both provisioners, so both refuse the same accounts with the same advice.
 */
import {
  Account,
  DescribeAccountCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { listInProgress } from './creationWatcher';
import { AccountVendingError } from './failures';
import { ACCOUNT_TAG_KEYS, accountStackName } from './request';
import type { AccountRequest } from './types';

/** An account of the organization with where it sits and its tags. */
export interface ExistingAccount {
  account: Account;
  parentId: string;
  tags: Record<string, string>;
}

/** The account among `accounts` whose email is the request's (compared without case), if any. */
export function accountWithEmail(
  accounts: Account[] | undefined,
  request: Pick<AccountRequest, 'email'>,
): Account | undefined {
  const email = request.email.trim().toLowerCase();
  return accounts?.find(a => a.Email?.toLowerCase() === email);
}

/**
 * Refuses an account of the request's email that the request may not adopt: one that is not ACTIVE (it does not
 * count as vended, and its email cannot be used again), or one that does not carry the request's tag (another
 * request, or someone by hand, made it).
 */
export function assertAdoptable(
  match: Account,
  request: AccountRequest,
  tags: Record<string, string>,
): void {
  const state = match.State ?? match.Status;
  if (state && state !== 'ACTIVE') {
    throw new AccountVendingError(
      'EMAIL_IN_USE',
      `Account ${match.Id} ("${match.Name}") uses ${request.email} but is ${state}: it does not count as vended, and AWS does not let a new account use its email. Choose another email, or ask an AWS admin to reopen the account (through AWS Support within 90 days of closing).`,
    );
  }
  const key = accountStackName(request);
  const tagged = tags[ACCOUNT_TAG_KEYS.request];
  if (tagged !== key) {
    throw new AccountVendingError(
      'EMAIL_IN_USE',
      `Account ${match.Id} ("${match.Name}") already uses ${
        request.email
      } and was not made by this request${
        tagged ? ` (it belongs to request ${tagged})` : ''
      }. Choose another email, or ask an admin to tag that account ${
        ACCOUNT_TAG_KEYS.request
      }=${key} to adopt it.`,
    );
  }
}

/** Every tag of a resource, all pages read. */
export async function listAccountTags(
  client: OrganizationsClient,
  resourceId: string,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListTagsForResourceCommand({
        ResourceId: resourceId,
        NextToken: token,
      }),
      { abortSignal: signal },
    );
    for (const tag of page.Tags ?? []) {
      if (tag.Key) {
        tags[tag.Key] = tag.Value ?? '';
      }
    }
    token = page.NextToken;
  } while (token);
  return tags;
}

/**
 * The reads of the Organizations API provisioner: accounts by email and creations in progress, each listed once
 * for concurrent callers (one ListAccounts serves 20 requests arriving at once), and one account in full.
 */
export class AccountLookup {
  private readonly shared = new Map<string, Promise<unknown>>();

  constructor(private readonly client: OrganizationsClient) {}

  /** Runs `fn` once for concurrent callers of the same key. */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let running = this.shared.get(key) as Promise<T> | undefined;
    if (!running) {
      running = fn().finally(() => this.shared.delete(key));
      this.shared.set(key, running);
    }
    return running;
  }

  /** Every CreateAccount request still in progress. */
  inProgressCreations() {
    return this.once('in-progress', () => listInProgress(this.client));
  }

  /** The account of this request, found by its email; refuses an account of that email that it may not adopt. */
  async findExisting(
    request: AccountRequest,
    signal?: AbortSignal,
  ): Promise<ExistingAccount | undefined> {
    signal?.throwIfAborted();
    const accounts = await this.once('accounts', async () => {
      const all: Account[] = [];
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListAccountsCommand({ NextToken: token }),
        );
        all.push(...(page.Accounts ?? []));
        token = page.NextToken;
      } while (token);
      return all;
    });
    const match = accountWithEmail(accounts, request);
    if (!match?.Id) {
      return undefined;
    }
    const state = match.State ?? match.Status;
    if (state && state !== 'ACTIVE') {
      assertAdoptable(match, request, {});
    }
    const existing = await this.describe(match.Id, signal, match);
    assertAdoptable(match, request, existing.tags);
    return existing;
  }

  /** The account, its parent and its tags. */
  async describe(
    accountId: string,
    signal?: AbortSignal,
    known?: Account,
  ): Promise<ExistingAccount> {
    const [account, parents, tags] = await Promise.all([
      known
        ? Promise.resolve(known)
        : this.client
            .send(new DescribeAccountCommand({ AccountId: accountId }), {
              abortSignal: signal,
            })
            .then(r => r.Account!),
      this.client.send(new ListParentsCommand({ ChildId: accountId }), {
        abortSignal: signal,
      }),
      listAccountTags(this.client, accountId, signal),
    ]);
    return {
      account,
      parentId: parents.Parents?.[0]?.Id ?? '',
      tags,
    };
  }
}
