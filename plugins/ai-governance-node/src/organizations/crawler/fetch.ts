/**
 * Fetching for the crawler and the touched-node refresh: every Organizations call they make, each list call read to
 * its last page, through one pool that caps the calls in flight and starts list calls before detail calls.
 */
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { PolicyType } from '@internal/plugin-ai-governance-common';
import { getOrganizationsRateLimiter } from '../client';
import { PAGE_SIZE } from './plan';

/** Pool priority of list calls, which discover more work. */
const LIST = 0;
/** Pool priority of calls that only read details (tags, policy documents). */
const DETAIL = 1;

type Priority = typeof LIST | typeof DETAIL;

/**
 * Runs at most `n` tasks at once. Waiting tasks start by priority, then in arrival order: list calls (which
 * discover more work, and whose next page must not wait behind hundreds of queued calls) before tag and describe
 * calls, so the rate limiter always has work and a long pagination chain does not become the crawl's tail.
 */
function createPool(n: number) {
  let active = 0;
  const waiting: Array<Array<() => void>> = [[], []];
  return async function run<T>(
    fn: () => Promise<T>,
    priority: Priority = LIST,
  ): Promise<T> {
    if (active >= n) {
      await new Promise<void>(resolve => waiting[priority].push(resolve));
    } else {
      active++;
    }
    try {
      return await fn();
    } finally {
      const next = waiting[0].shift() ?? waiting[1].shift();
      if (next) next();
      else active--;
    }
  };
}

type Pool = ReturnType<typeof createPool>;

const NOT_FOUND = new Set([
  'AccountNotFoundException',
  'OrganizationalUnitNotFoundException',
  'ParentNotFoundException',
  'PolicyNotFoundException',
  'RootNotFoundException',
  'TargetNotFoundException',
  'ChildNotFoundException',
]);

/** True when the error says the node, policy or parent asked about no longer exists. */
export function isNotFound(error: unknown): boolean {
  return NOT_FOUND.has((error as { name?: string })?.name ?? '');
}

/** Calls at once: the option, else the client's limiter's concurrency cap, else 4. */
function defaultConcurrency(client: OrganizationsClient, concurrency?: number) {
  return Math.max(
    1,
    concurrency ?? getOrganizationsRateLimiter(client)?.maxConcurrency ?? 4,
  );
}

/** The Organizations calls of one crawl or refresh, sharing one pool and one abort signal. */
export class OrganizationsFetcher {
  private readonly pool: Pool;
  private readonly signal?: AbortSignal;

  constructor(
    private readonly client: OrganizationsClient,
    options: { concurrency?: number; signal?: AbortSignal },
  ) {
    this.pool = createPool(defaultConcurrency(client, options.concurrency));
    this.signal = options.signal;
  }

  private get sendOptions() {
    return { abortSignal: this.signal };
  }

  /** Every page of a list call; an empty page that carries a NextToken is not the end. */
  private async all<R extends { NextToken?: string }, T>(
    fetchPage: (nextToken: string | undefined) => Promise<R>,
    items: (page: R) => T[] | undefined,
    priority: Priority = LIST,
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      this.signal?.throwIfAborted();
      const current = token;
      const page = await this.pool(() => fetchPage(current), priority);
      out.push(...(items(page) ?? []));
      token = page.NextToken || undefined;
    } while (token);
    return out;
  }

  async describeOrganization() {
    const r = await this.pool(() =>
      this.client.send(new DescribeOrganizationCommand({}), this.sendOptions),
    );
    return r.Organization;
  }

  listRoots() {
    return this.all(
      token =>
        this.client.send(
          new ListRootsCommand({ MaxResults: PAGE_SIZE, NextToken: token }),
          this.sendOptions,
        ),
      r => r.Roots,
    );
  }

  /** The OUs and the accounts directly under a root or OU, in the order the API lists them. */
  listChildren(parentId: string) {
    return Promise.all([
      this.all(
        token =>
          this.client.send(
            new ListOrganizationalUnitsForParentCommand({
              ParentId: parentId,
              MaxResults: PAGE_SIZE,
              NextToken: token,
            }),
            this.sendOptions,
          ),
        r => r.OrganizationalUnits,
      ),
      this.all(
        token =>
          this.client.send(
            new ListAccountsForParentCommand({
              ParentId: parentId,
              MaxResults: PAGE_SIZE,
              NextToken: token,
            }),
            this.sendOptions,
          ),
        r => r.Accounts,
      ),
    ]);
  }

  listTags(resourceId: string) {
    return this.all(
      token =>
        this.client.send(
          new ListTagsForResourceCommand({
            ResourceId: resourceId,
            NextToken: token,
          }),
          this.sendOptions,
        ),
      r => r.Tags,
      DETAIL,
    );
  }

  listPolicies(type: PolicyType) {
    return this.all(
      token =>
        this.client.send(
          new ListPoliciesCommand({
            Filter: type,
            MaxResults: PAGE_SIZE,
            NextToken: token,
          }),
          this.sendOptions,
        ),
      r => r.Policies,
    );
  }

  /** A policy's document (DescribePolicy) and the ids of its targets. */
  async readPolicy(policyId: string) {
    const [described, targets] = await Promise.all([
      this.pool(
        () =>
          this.client.send(
            new DescribePolicyCommand({ PolicyId: policyId }),
            this.sendOptions,
          ),
        DETAIL,
      ),
      this.all(
        token =>
          this.client.send(
            new ListTargetsForPolicyCommand({
              PolicyId: policyId,
              MaxResults: PAGE_SIZE,
              NextToken: token,
            }),
            this.sendOptions,
          ),
        r => r.Targets,
      ),
    ]);
    return {
      policy: described.Policy,
      targetIds: targets.map(t => t.TargetId!).filter(Boolean),
    };
  }

  async describeAccount(accountId: string) {
    const r = await this.pool(() =>
      this.client.send(
        new DescribeAccountCommand({ AccountId: accountId }),
        this.sendOptions,
      ),
    );
    return r.Account;
  }

  async describeOrganizationalUnit(ouId: string) {
    const r = await this.pool(() =>
      this.client.send(
        new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }),
        this.sendOptions,
      ),
    );
    return r.OrganizationalUnit;
  }

  async parentOf(childId: string): Promise<string | undefined> {
    const r = await this.pool(() =>
      this.client.send(
        new ListParentsCommand({ ChildId: childId }),
        this.sendOptions,
      ),
    );
    return r.Parents?.[0]?.Id;
  }

  /** The ids of the policies of these types attached directly to a root, OU or account. */
  async attachedPolicyIds(targetId: string, types: Iterable<PolicyType>) {
    const attached = await Promise.all(
      [...types].map(type =>
        this.all(
          token =>
            this.client.send(
              new ListPoliciesForTargetCommand({
                TargetId: targetId,
                Filter: type,
                MaxResults: PAGE_SIZE,
                NextToken: token,
              }),
              this.sendOptions,
            ),
          r => r.Policies,
        ),
      ),
    );
    return attached.flat().map(p => p.Id!);
  }
}
