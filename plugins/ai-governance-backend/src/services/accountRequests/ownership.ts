import {
  paginateListAccounts,
  ListTagsForResourceCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ConflictError } from '@backstage/errors';
import type {
  AccountRequestFields,
  OrgNode,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import {
  ACCOUNT_TAG_KEYS,
  tagValue,
} from '@internal/plugin-ai-governance-node';
import {
  holdKey,
  type StoredAccountRequest,
} from '../../database/AccountRequestStore';

/** What binds a request to an account: its name, root email and request key, and who asks for it. */
export interface AccountClaim {
  name: string;
  email: string;
  requestKey: string;
  owner: string;
  requestedBy: string;
}

/** The fields that make two submissions "the same request" (the task carrying it does not count). */
export function sameFields(
  a: AccountRequestFields,
  b: AccountRequestFields,
): boolean {
  const norm = (f: AccountRequestFields) =>
    JSON.stringify([
      f.name.trim(),
      f.environment,
      f.owner,
      f.costCenter,
      f.dataClassification,
      f.purpose.trim(),
      f.email?.trim().toLowerCase() ?? '',
    ]);
  return norm(a) === norm(b);
}

/** What to do with the requests that already hold the account. */
export type HolderVerdict =
  | { kind: 'free'; release: string[] }
  | { kind: 'same'; existing: StoredAccountRequest };

function what(claim: AccountClaim, holder: StoredAccountRequest): string {
  if (holdKey(holder.fields.name) === holdKey(claim.name)) {
    return `the account name "${holder.fields.name}"`;
  }
  if (holdKey(holder.email) === holdKey(claim.email)) {
    return `the root email ${holder.email}`;
  }
  return `this account (request key ${holder.requestKey})`;
}

/**
 * Decides between the requests holding the name, email or request key: the same requester re-submitting the same
 * fields gets the existing request back; the same requester retrying a failed request takes the hold over (its
 * account, if the failed run made one, is adopted because it carries this requester's tags); anyone else is refused.
 * The refusal names only the owner group (visible in the tree anyway); the holding request's id, requester, state and
 * account are told only to a caller who may read that request (`canRead`, the conditional read permission).
 */
export function judgeHolders(
  claim: AccountClaim,
  fields: AccountRequestFields,
  holders: StoredAccountRequest[],
  canRead: (holder: StoredAccountRequest) => boolean = () => false,
): HolderVerdict {
  const release: string[] = [];
  for (const holder of holders) {
    const mine =
      holder.requestedBy === claim.requestedBy &&
      holder.fields.owner === claim.owner;
    if (
      mine &&
      holder.state !== 'failed' &&
      sameFields(holder.fields, fields)
    ) {
      return { kind: 'same', existing: holder };
    }
  }
  for (const holder of holders) {
    const mine =
      holder.requestedBy === claim.requestedBy &&
      holder.fields.owner === claim.owner;
    const account = holder.accountId ? ` (account ${holder.accountId})` : '';
    if (mine && holder.state === 'failed') {
      // A retry of one's own failed request, for the same account: the new request takes the hold over.
      release.push(holder.id);
      continue;
    }
    if (mine) {
      throw new ConflictError(
        `You already have request ${holder.id} for ${what(
          claim,
          holder,
        )}${account}, in state ${
          holder.state
        }, with other fields. Cancel it (or wait for it to finish) before submitting a different request, or choose another name.`,
      );
    }
    const team =
      holder.fields.owner === claim.owner
        ? `by someone else in your owner group (${holder.fields.owner})`
        : `by another team (owner group ${holder.fields.owner})`;
    const details = canRead(holder)
      ? ` It is request ${holder.id}${account}, requested by ${holder.requestedBy}, in state ${holder.state}.`
      : '';
    throw new ConflictError(
      `${capitalize(
        what(claim, holder),
      )} is already requested ${team}.${details} Choose another name or email; accounts are never handed from one owner to another by a request.`,
    );
  }
  return { kind: 'free', release };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An existing account of the organization that a request may not take. */
interface ForeignAccount {
  id: string;
  name: string;
  email?: string;
  tags: Record<string, string>;
}

function refusal(
  claim: AccountClaim,
  account: ForeignAccount,
): string | undefined {
  const sameName = holdKey(account.name) === holdKey(claim.name);
  const sameEmail =
    account.email !== undefined &&
    holdKey(account.email) === holdKey(claim.email);
  if (!sameName && !sameEmail) return undefined;
  if (isRequestAccount(claim, account)) {
    // This requester's account for this very request, from an earlier run (a failed one, or one from before
    // requests were recorded): adoptable.
    return undefined;
  }
  const tagged = account.tags[ACCOUNT_TAG_KEYS.request];
  const owner = account.tags[ACCOUNT_TAG_KEYS.owner];
  const clash = sameName
    ? `An account named "${account.name}"`
    : `The root email ${claim.email}`;
  let whose = 'was not created by AI Governance';
  if (tagged) {
    whose = owner ? `belongs to ${owner}` : `belongs to request ${tagged}`;
    if (tagged === claim.requestKey) {
      // The same name and email, so the same key, but another requester (or owner): never adopted, or anyone who
      // can read the name and email in the tree could take over an account a failed request left behind.
      whose += ' and was requested by someone else';
    }
  }
  return `${clash} already exists in the organization: account ${account.id}${
    sameName ? '' : ` ("${account.name}")`
  }, which ${whose}. A vending request never moves or retags an existing account; choose another ${
    sameName ? 'name' : 'email'
  }.`;
}

/**
 * True when the account was made for this request by this requester: its request tag is the request key, its
 * requested-by tag is the requester and its owner tag the owner. (The key alone derives from name, email and
 * environment, which everyone can read, so it proves nothing about who asks.)
 */
function isRequestAccount(
  claim: AccountClaim,
  account: ForeignAccount,
): boolean {
  return (
    account.tags[ACCOUNT_TAG_KEYS.request] === claim.requestKey &&
    account.tags[ACCOUNT_TAG_KEYS.requestedBy] ===
      tagValue(claim.requestedBy) &&
    account.tags[ACCOUNT_TAG_KEYS.owner] === tagValue(claim.owner)
  );
}

/** Refuses (409) a request whose name or email an account of the inventory snapshot already has. */
export function checkSnapshot(
  claim: AccountClaim,
  snapshot: OrgSnapshot | undefined,
): void {
  if (!snapshot) return;
  for (const node of snapshot.nodes as OrgNode[]) {
    if (node.kind !== 'account') continue;
    const why = refusal(claim, {
      id: node.id,
      name: node.name,
      email: node.email,
      tags: node.tags ?? {},
    });
    if (why) throw new ConflictError(why);
  }
}

/** The organization's accounts with the claim's name or email, with their tags. */
async function accountsLike(
  claim: AccountClaim,
  client: OrganizationsClient,
  signal?: AbortSignal,
): Promise<ForeignAccount[]> {
  const matches: Account[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    signal?.throwIfAborted();
    for (const account of page.Accounts ?? []) {
      const sameName = holdKey(account.Name ?? '') === holdKey(claim.name);
      const sameEmail = holdKey(account.Email ?? '') === holdKey(claim.email);
      if (account.Id && (sameName || sameEmail)) matches.push(account);
    }
  }
  const found: ForeignAccount[] = [];
  for (const account of matches) {
    const tags: Record<string, string> = {};
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListTagsForResourceCommand({
          ResourceId: account.Id!,
          NextToken: token,
        }),
        { abortSignal: signal },
      );
      for (const tag of page.Tags ?? []) {
        if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      }
      token = page.NextToken;
    } while (token);
    found.push({
      id: account.Id!,
      name: account.Name ?? '',
      email: account.Email,
      tags,
    });
  }
  return found;
}

/**
 * The same check against the live organization, just before provisioning (the snapshot may be older than an
 * account someone made by hand). Returns the refusal, or undefined when the request may go ahead.
 */
export async function checkOrganization(
  claim: AccountClaim,
  client: OrganizationsClient,
  signal?: AbortSignal,
): Promise<string | undefined> {
  for (const account of await accountsLike(claim, client, signal)) {
    const why = refusal(claim, account);
    if (why) return why;
  }
  return undefined;
}

/**
 * The account a run of this request made (its name or email, and this request's key, requester and owner tags), or
 * undefined when the organization has none: asked when a run fails without the provisioner having said, so the
 * failed request keeps the account's name and email.
 */
export async function findRequestAccount(
  claim: AccountClaim,
  client: OrganizationsClient,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const accounts = await accountsLike(claim, client, signal);
  return accounts.find(account => isRequestAccount(claim, account))?.id;
}
