/**
 * The crawler: one consistent picture of an organization in the fewest calls the API allows.
 *
 * Calls, for an organization with R roots, containers c (roots and OUs) with ou_c child OUs and a_c child accounts,
 * O OUs, A accounts, and per enabled policy type t the policies p with T_p targets (page(n) = max(1, ceil(n / 20))):
 *   DescribeOrganization                       1
 *   ListRoots                                  page(R)
 *   ListOrganizationalUnitsForParent           Σ_c page(ou_c)
 *   ListAccountsForParent                      Σ_c page(a_c)
 *   ListTagsForResource                        R + O + A   (once per node)
 *   ListPolicies (per enabled type)            Σ_t page(P_t)
 *   DescribePolicy                             Σ_t P_t     (once per policy)
 *   ListTargetsForPolicy                       Σ_t Σ_p page(T_p)
 * `crawlLowerBound` computes this sum; docs/inventory.md explains it.
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
  type Account,
  type OrganizationsClient,
  type PolicySummary as AwsPolicySummary,
  type Root,
} from '@aws-sdk/client-organizations';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  POLICY_TYPES,
  type AccountState,
  type OrgInfo,
  type OrgNode,
  type OrgPolicy,
  type OrgSnapshot,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { type OrganizationsCallStats, withCallStats } from './callStats';
import { getOrganizationsRateLimiter } from './client';

/** Largest page the Organizations list calls accept. */
export const PAGE_SIZE = 20;

/** @public */
export interface CrawlOptions {
  /** Calls the crawler keeps going at once. Default: the client's limiter's concurrency cap (or 4). */
  concurrency?: number;
  /** Full crawls to attempt when the organization changes under the crawl (a node vanishes or shows up twice). Default 3. */
  maxPasses?: number;
  signal?: AbortSignal;
  logger?: LoggerService;
}

/** @public */
export interface CrawlStats {
  /** HTTP requests sent, retries included. */
  calls: number;
  /** Operations asked for (retries excluded). */
  operations: number;
  /** The fewest calls an organization of this shape needs (`crawlLowerBound`). */
  lowerBound: number;
  throttles: number;
  retries: number;
  /** Those retries by why they were needed (throttling, concurrentModification, transient). */
  retriesByReason: OrganizationsCallStats['retriesByReason'];
  durationMs: number;
  /** Full passes made (more than 1 when the organization changed during the crawl). */
  passes: number;
  byOperation: Record<string, number>;
  /** What changed during the crawl and was left out or reconciled. */
  warnings: string[];
}

/** @public */
export interface CrawlResult {
  snapshot: OrgSnapshot;
  stats: CrawlStats;
  /**
   * False when the crawl was interrupted by changes to the organization it could not reconcile within `maxPasses`:
   * the snapshot leaves out what it could not place (`stats.warnings` says what).
   */
  complete: boolean;
}

/** The shape of an organization, as far as the number of calls to crawl it goes. @public */
export interface OrgShape {
  roots: number;
  organizationalUnits: number;
  accounts: number;
  /** One entry per root and OU: how many OUs and accounts sit directly under it. */
  containers: Array<{ childOus: number; childAccounts: number }>;
  /** Per enabled policy type: the number of targets of each of its policies. */
  policyTargets: Partial<Record<PolicyType, number[]>>;
}

function pages(n: number) {
  return Math.max(1, Math.ceil(n / PAGE_SIZE));
}

/** The fewest calls a crawl of an organization of this shape needs (see the formula at the top of this file). @public */
export function crawlLowerBound(shape: OrgShape): number {
  let calls = 1 + pages(shape.roots);
  for (const c of shape.containers) {
    calls += pages(c.childOus) + pages(c.childAccounts);
  }
  calls += shape.roots + shape.organizationalUnits + shape.accounts;
  for (const targets of Object.values(shape.policyTargets)) {
    if (!targets) continue;
    calls += pages(targets.length);
    for (const t of targets) {
      calls += 1 + pages(t);
    }
  }
  return calls;
}

/** The shape of the organization a snapshot describes. @public */
export function orgShapeOf(snapshot: OrgSnapshot): OrgShape {
  const childOus = new Map<string, number>();
  const childAccounts = new Map<string, number>();
  let roots = 0;
  let organizationalUnits = 0;
  let accounts = 0;
  const enabled = new Set<PolicyType>();
  for (const node of snapshot.nodes) {
    if (node.kind === 'root') {
      roots++;
      node.enabledPolicyTypes?.forEach(t => enabled.add(t));
    } else if (node.kind === 'ou') {
      organizationalUnits++;
    } else {
      accounts++;
    }
    if (node.kind !== 'account') {
      childOus.set(node.id, childOus.get(node.id) ?? 0);
      childAccounts.set(node.id, childAccounts.get(node.id) ?? 0);
    }
    if (node.parentId) {
      const m = node.kind === 'account' ? childAccounts : childOus;
      m.set(node.parentId, (m.get(node.parentId) ?? 0) + 1);
    }
  }
  const targetCount = new Map<string, number>();
  for (const node of snapshot.nodes) {
    for (const id of node.policyIds) {
      targetCount.set(id, (targetCount.get(id) ?? 0) + 1);
    }
  }
  const policyTargets: Partial<Record<PolicyType, number[]>> = {};
  for (const t of enabled) {
    policyTargets[t] = [];
  }
  for (const p of snapshot.policies) {
    policyTargets[p.type]?.push(targetCount.get(p.id) ?? 0);
  }
  return {
    roots,
    organizationalUnits,
    accounts,
    containers: [...childOus.keys()].map(id => ({
      childOus: childOus.get(id) ?? 0,
      childAccounts: childAccounts.get(id) ?? 0,
    })),
    policyTargets,
  };
}

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
    priority: 0 | 1 = 0,
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

/** Pool priority of calls that only read details (tags, policy documents). */
const DETAIL = 1;

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

function isNotFound(error: unknown): boolean {
  return NOT_FOUND.has((error as { name?: string })?.name ?? '');
}

/** Every page of a list call; an empty page that carries a NextToken is not the end. */
async function allPages<T>(
  pool: Pool,
  fetchPage: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[] | undefined; nextToken: string | undefined }>,
  signal?: AbortSignal,
  priority: 0 | 1 = 0,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    signal?.throwIfAborted();
    const current = token;
    const page = await pool(() => fetchPage(current), priority);
    out.push(...(page.items ?? []));
    token = page.nextToken || undefined;
  } while (token);
  return out;
}

function tagsOf(list: Array<{ Key?: string; Value?: string }> | undefined) {
  const tags: Record<string, string> = {};
  for (const t of list ?? []) {
    if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  }
  return tags;
}

async function listTags(
  client: OrganizationsClient,
  pool: Pool,
  resourceId: string,
  signal?: AbortSignal,
) {
  const list = await allPages(
    pool,
    async token => {
      const r = await client.send(
        new ListTagsForResourceCommand({
          ResourceId: resourceId,
          NextToken: token,
        }),
        { abortSignal: signal },
      );
      return { items: r.Tags, nextToken: r.NextToken };
    },
    signal,
    DETAIL,
  );
  return tagsOf(list);
}

function enabledTypes(root: Root): PolicyType[] {
  return (root.PolicyTypes ?? [])
    .filter(
      t =>
        t.Status === 'ENABLED' && POLICY_TYPES.includes(t.Type as PolicyType),
    )
    .map(t => t.Type as PolicyType);
}

function rootNode(root: Root): OrgNode {
  return {
    id: root.Id!,
    kind: 'root',
    arn: root.Arn,
    name: root.Name ?? 'Root',
    enabledPolicyTypes: enabledTypes(root),
    tags: {},
    policyIds: [],
  };
}

function accountNode(a: Account, parentId: string): OrgNode {
  const node: OrgNode = {
    id: a.Id!,
    kind: 'account',
    arn: a.Arn,
    name: a.Name ?? '',
    parentId,
    email: a.Email,
    state: (a.State ?? stateFromStatus(a.Status)) as AccountState | undefined,
    joinedMethod: a.JoinedMethod as OrgNode['joinedMethod'],
    joinedTimestamp: a.JoinedTimestamp
      ? new Date(a.JoinedTimestamp).toISOString()
      : undefined,
    tags: {},
    policyIds: [],
  };
  for (const key of Object.keys(node) as Array<keyof OrgNode>) {
    if (node[key] === undefined) delete node[key];
  }
  return node;
}

function stateFromStatus(status: string | undefined): AccountState | undefined {
  if (
    status === 'ACTIVE' ||
    status === 'SUSPENDED' ||
    status === 'PENDING_CLOSURE'
  ) {
    return status;
  }
  return undefined;
}

function policyOf(summary: AwsPolicySummary, content: string): OrgPolicy {
  const policy: OrgPolicy = {
    id: summary.Id!,
    arn: summary.Arn,
    name: summary.Name ?? '',
    type: summary.Type as PolicyType,
    awsManaged: summary.AwsManaged ?? false,
    content,
  };
  if (summary.Description) policy.description = summary.Description;
  if (policy.arn === undefined) delete policy.arn;
  return policy;
}

async function describeOrganization(
  client: OrganizationsClient,
  pool: Pool,
  signal?: AbortSignal,
): Promise<OrgInfo> {
  const { Organization: o } = await pool(() =>
    client.send(new DescribeOrganizationCommand({}), { abortSignal: signal }),
  );
  if (!o?.Id || !o.MasterAccountId) {
    throw new Error(
      'DescribeOrganization returned no organization: is this account a member of an organization with all features?',
    );
  }
  const info: OrgInfo = {
    id: o.Id,
    arn: o.Arn,
    managementAccountId: o.MasterAccountId,
    managementAccountEmail: o.MasterAccountEmail,
    featureSet: o.FeatureSet as OrgInfo['featureSet'],
  };
  for (const key of Object.keys(info) as Array<keyof OrgInfo>) {
    if (info[key] === undefined) delete info[key];
  }
  return info;
}

/** Orders nodes parents before children: each root, then its subtree breadth first. */
function orderNodes(
  nodes: Map<string, OrgNode>,
  childOrder: Map<string, string[]>,
) {
  const out: OrgNode[] = [];
  const queue = [...nodes.values()]
    .filter(n => n.kind === 'root')
    .map(n => n.id);
  for (let i = 0; i < queue.length; i++) {
    const node = nodes.get(queue[i]);
    if (!node) continue;
    out.push(node);
    for (const child of childOrder.get(node.id) ?? []) {
      if (nodes.get(child)?.parentId === node.id) queue.push(child);
    }
  }
  return out;
}

async function crawlPass(
  client: OrganizationsClient,
  pool: Pool,
  signal: AbortSignal | undefined,
): Promise<{ snapshot: OrgSnapshot; warnings: string[]; retry: boolean }> {
  const capturedAt = new Date().toISOString();
  const warnings: string[] = [];
  let retry = false;
  const nodes = new Map<string, OrgNode>();
  /** parent id → child ids in the order the API listed them (OUs first, then accounts) */
  const childOrder = new Map<string, string[]>();
  const policies = new Map<string, OrgPolicy>();
  const targets = new Map<string, string[]>();

  const noteVanished = (what: string) => {
    warnings.push(`${what} disappeared during the crawl`);
    retry = true;
  };

  const addNode = (node: OrgNode) => {
    if (nodes.has(node.id)) {
      const before = nodes.get(node.id)!;
      warnings.push(
        `${node.id} was listed under both ${before.parentId} and ${node.parentId} (moved during the crawl)`,
      );
      retry = true;
      return false;
    }
    nodes.set(node.id, node);
    if (node.parentId) {
      const list = childOrder.get(node.parentId) ?? [];
      list.push(node.id);
      childOrder.set(node.parentId, list);
    }
    return true;
  };

  const tagNode = async (node: OrgNode) => {
    try {
      node.tags = await listTags(client, pool, node.id, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Listed a moment ago, yet its tags cannot be read (closed, or removed since): keep what the listing said
      // rather than start over, which would fail the same way for a node AWS lists but will not tag.
      warnings.push(
        `the tags of ${node.kind} ${node.id} could not be read (${
          (error as Error).name
        }); it is kept without tags`,
      );
    }
  };

  const walk = async (parentId: string): Promise<void> => {
    let ous;
    let accounts;
    try {
      [ous, accounts] = await Promise.all([
        allPages(
          pool,
          async token => {
            const r = await client.send(
              new ListOrganizationalUnitsForParentCommand({
                ParentId: parentId,
                MaxResults: PAGE_SIZE,
                NextToken: token,
              }),
              { abortSignal: signal },
            );
            return { items: r.OrganizationalUnits, nextToken: r.NextToken };
          },
          signal,
        ),
        allPages(
          pool,
          async token => {
            const r = await client.send(
              new ListAccountsForParentCommand({
                ParentId: parentId,
                MaxResults: PAGE_SIZE,
                NextToken: token,
              }),
              { abortSignal: signal },
            );
            return { items: r.Accounts, nextToken: r.NextToken };
          },
          signal,
        ),
      ]);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      noteVanished(`parent ${parentId}`);
      return;
    }
    const work: Promise<void>[] = [];
    for (const ou of ous) {
      const node: OrgNode = {
        id: ou.Id!,
        kind: 'ou',
        arn: ou.Arn,
        name: ou.Name ?? '',
        parentId,
        tags: {},
        policyIds: [],
      };
      if (node.arn === undefined) delete node.arn;
      if (addNode(node)) {
        work.push(tagNode(node), walk(node.id));
      }
    }
    for (const a of accounts) {
      const node = accountNode(a, parentId);
      if (addNode(node)) work.push(tagNode(node));
    }
    await Promise.all(work);
  };

  const crawlPolicyType = async (type: PolicyType) => {
    const summaries = await allPages(
      pool,
      async token => {
        const r = await client.send(
          new ListPoliciesCommand({
            Filter: type,
            MaxResults: PAGE_SIZE,
            NextToken: token,
          }),
          { abortSignal: signal },
        );
        return { items: r.Policies, nextToken: r.NextToken };
      },
      signal,
    );
    await Promise.all(
      summaries.map(async summary => {
        const id = summary.Id!;
        try {
          const [described, policyTargets] = await Promise.all([
            pool(
              () =>
                client.send(new DescribePolicyCommand({ PolicyId: id }), {
                  abortSignal: signal,
                }),
              DETAIL,
            ),
            allPages(
              pool,
              async token => {
                const r = await client.send(
                  new ListTargetsForPolicyCommand({
                    PolicyId: id,
                    MaxResults: PAGE_SIZE,
                    NextToken: token,
                  }),
                  { abortSignal: signal },
                );
                return { items: r.Targets, nextToken: r.NextToken };
              },
              signal,
            ),
          ]);
          const p = described.Policy;
          policies.set(
            id,
            policyOf(p?.PolicySummary ?? summary, p?.Content ?? ''),
          );
          targets.set(id, policyTargets.map(t => t.TargetId!).filter(Boolean));
        } catch (error) {
          if (!isNotFound(error)) throw error;
          noteVanished(`policy ${id}`);
        }
      }),
    );
  };

  const [organization, roots] = await Promise.all([
    describeOrganization(client, pool, signal),
    allPages(
      pool,
      async token => {
        const r = await client.send(
          new ListRootsCommand({ MaxResults: PAGE_SIZE, NextToken: token }),
          { abortSignal: signal },
        );
        return { items: r.Roots, nextToken: r.NextToken };
      },
      signal,
    ),
  ]);

  const types = new Set<PolicyType>();
  const work: Promise<void>[] = [];
  for (const root of roots) {
    const node = rootNode(root);
    node.enabledPolicyTypes?.forEach(t => types.add(t));
    addNode(node);
    work.push(tagNode(node), walk(node.id));
  }
  for (const type of types) {
    work.push(crawlPolicyType(type));
  }
  await Promise.all(work);

  // Attachments, from each policy's targets; a target the walk did not see is left out.
  const ordered = orderNodes(nodes, childOrder);
  if (ordered.length !== nodes.size) {
    warnings.push(
      `${
        nodes.size - ordered.length
      } node(s) were cut off from the root during the crawl`,
    );
    retry = true;
  }
  const byId = new Map(ordered.map(n => [n.id, n]));
  for (const policy of policies.values()) {
    for (const targetId of targets.get(policy.id) ?? []) {
      const node = byId.get(targetId);
      if (node) {
        node.policyIds.push(policy.id);
      } else {
        warnings.push(
          `policy ${policy.id} is attached to ${targetId}, which the crawl did not see`,
        );
        retry = true;
      }
    }
  }
  return {
    snapshot: {
      organization,
      nodes: ordered,
      policies: [...policies.values()],
      capturedAt,
    },
    warnings,
    retry,
  };
}

function defaultConcurrency(client: OrganizationsClient, concurrency?: number) {
  return Math.max(
    1,
    concurrency ?? getOrganizationsRateLimiter(client)?.maxConcurrency ?? 4,
  );
}

function crawlStats(
  calls: OrganizationsCallStats,
  started: number,
  lowerBound: number,
  passes: number,
  warnings: string[],
): CrawlStats {
  return {
    calls: calls.calls,
    operations: calls.operations,
    lowerBound,
    throttles: calls.throttles,
    retries: calls.retries,
    retriesByReason: { ...calls.retriesByReason },
    durationMs: Math.round(performance.now() - started),
    passes,
    byOperation: { ...calls.byOperation },
    warnings,
  };
}

/**
 * Crawls the organization into one snapshot: walking the tree by id from each root (OUs and accounts per parent,
 * MaxResults 20), tags once per node, and per enabled policy type the policies, each described once, with their
 * targets. When the organization changes under the crawl (a node or policy vanishes, an account shows up under two
 * parents, an attachment names a node the walk missed) the crawl starts over, up to `maxPasses` times; the last
 * pass's snapshot leaves out what it could not place and says so in `stats.warnings`.
 * @public
 */
export async function crawlOrganization(
  client: OrganizationsClient,
  options: CrawlOptions = {},
): Promise<CrawlResult> {
  const started = performance.now();
  const pool = createPool(defaultConcurrency(client, options.concurrency));
  const maxPasses = Math.max(1, options.maxPasses ?? 3);
  const { result, stats } = await withCallStats(async () => {
    let pass = 0;
    const allWarnings: string[] = [];
    for (;;) {
      pass++;
      const r = await crawlPass(client, pool, options.signal);
      allWarnings.push(...r.warnings);
      if (!r.retry || pass >= maxPasses) {
        return { ...r, pass, allWarnings };
      }
      options.logger?.info(
        `The organization changed during the crawl (${r.warnings.join(
          '; ',
        )}); crawling again`,
      );
    }
  });
  if (result.retry) {
    options.logger?.warn(
      `The organization kept changing during ${
        result.pass
      } crawl passes; the snapshot is incomplete: ${result.warnings.join(
        '; ',
      )}`,
    );
  }
  return {
    snapshot: result.snapshot,
    complete: !result.retry,
    stats: crawlStats(
      stats,
      started,
      crawlLowerBound(orgShapeOf(result.snapshot)),
      result.pass,
      result.allWarnings,
    ),
  };
}

/** What the product changed: the nodes and policies to read again. @public */
export interface TouchedNodes {
  accountIds?: string[];
  ouIds?: string[];
  policyIds?: string[];
  /** Read the roots again (enabled policy types). */
  roots?: boolean;
}

/** @public */
export interface RefreshResult {
  snapshot: OrgSnapshot;
  stats: CrawlStats;
  /** Ids no longer in the organization, removed from the snapshot. */
  removed: string[];
}

function cloneSnapshot(s: OrgSnapshot): OrgSnapshot {
  return {
    organization: { ...s.organization },
    nodes: s.nodes.map(n => ({
      ...n,
      tags: { ...n.tags },
      policyIds: [...n.policyIds],
      ...(n.enabledPolicyTypes
        ? { enabledPolicyTypes: [...n.enabledPolicyTypes] }
        : {}),
    })),
    policies: s.policies.map(p => ({ ...p })),
    capturedAt: s.capturedAt,
  };
}

/**
 * Reads again only what the product's own writes touched (an account it created or moved, an OU it created, a
 * policy it created, changed or attached) and returns an updated copy of `snapshot`, without a full crawl.
 * Per account or OU: Describe, ListParents, ListTagsForResource and ListPoliciesForTarget per enabled type; per
 * policy: DescribePolicy and ListTargetsForPolicy. Something that no longer exists is removed.
 * @public
 */
export async function refreshNodes(
  client: OrganizationsClient,
  snapshot: OrgSnapshot,
  touched: TouchedNodes,
  options: Pick<CrawlOptions, 'concurrency' | 'signal'> = {},
): Promise<RefreshResult> {
  const started = performance.now();
  const signal = options.signal;
  const pool = createPool(defaultConcurrency(client, options.concurrency));
  const next = cloneSnapshot(snapshot);
  const removed: string[] = [];
  const warnings: string[] = [];
  for (const id of touched.accountIds ?? []) {
    if (!/^\d{12}$/.test(id)) {
      throw new TypeError(`"${id}" is not an account id (12 digits)`);
    }
  }
  for (const id of touched.ouIds ?? []) {
    if (!/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id)) {
      throw new TypeError(`"${id}" is not an OU id (ou-xxxx-xxxxxxxx)`);
    }
  }
  for (const id of touched.policyIds ?? []) {
    if (!/^p-[0-9a-zA-Z_]{8,128}$/.test(id)) {
      throw new TypeError(`"${id}" is not a policy id (p-xxxxxxxx)`);
    }
  }

  const { stats } = await withCallStats(async () => {
    if (touched.roots) {
      const roots = await allPages(
        pool,
        async token => {
          const r = await client.send(
            new ListRootsCommand({ MaxResults: PAGE_SIZE, NextToken: token }),
            { abortSignal: signal },
          );
          return { items: r.Roots, nextToken: r.NextToken };
        },
        signal,
      );
      for (const root of roots) {
        const existing = next.nodes.find(n => n.id === root.Id);
        if (existing) {
          existing.enabledPolicyTypes = enabledTypes(root);
          existing.name = root.Name ?? existing.name;
        }
      }
    }
    const enabled = new Set<PolicyType>();
    for (const n of next.nodes) {
      if (n.kind === 'root') n.enabledPolicyTypes?.forEach(t => enabled.add(t));
    }
    const nodeIndex = () => new Map(next.nodes.map(n => [n.id, n]));

    const removeNode = (id: string) => {
      next.nodes = next.nodes.filter(n => n.id !== id);
      removed.push(id);
    };

    const readPlacement = async (id: string) => {
      const [parents, tags, attached] = await Promise.all([
        pool(() =>
          client.send(new ListParentsCommand({ ChildId: id }), {
            abortSignal: signal,
          }),
        ),
        listTags(client, pool, id, signal),
        Promise.all(
          [...enabled].map(type =>
            allPages(
              pool,
              async token => {
                const r = await client.send(
                  new ListPoliciesForTargetCommand({
                    TargetId: id,
                    Filter: type,
                    MaxResults: PAGE_SIZE,
                    NextToken: token,
                  }),
                  { abortSignal: signal },
                );
                return { items: r.Policies, nextToken: r.NextToken };
              },
              signal,
            ),
          ),
        ),
      ]);
      return {
        parentId: parents.Parents?.[0]?.Id,
        tags,
        policyIds: attached.flat().map(p => p.Id!),
      };
    };

    const place = (node: OrgNode) => {
      const index = nodeIndex();
      next.nodes = next.nodes.filter(n => n.id !== node.id);
      if (node.parentId && !index.has(node.parentId)) {
        warnings.push(
          `${node.id}'s parent ${node.parentId} is not in the snapshot`,
        );
      }
      // Keep parents before children: put the node right after its parent's last descendant is not needed for
      // readers, only that the parent comes first; appending satisfies that. An OU that moved keeps its children
      // after it because OUs cannot move in AWS Organizations.
      next.nodes.push(node);
    };

    await Promise.all([
      ...(touched.accountIds ?? []).map(async id => {
        try {
          const [{ Account: a }, placement] = await Promise.all([
            pool(() =>
              client.send(new DescribeAccountCommand({ AccountId: id }), {
                abortSignal: signal,
              }),
            ),
            readPlacement(id),
          ]);
          const node = accountNode(a!, placement.parentId ?? '');
          node.tags = placement.tags;
          node.policyIds = placement.policyIds;
          place(node);
        } catch (error) {
          if (!isNotFound(error)) throw error;
          removeNode(id);
        }
      }),
      ...(touched.ouIds ?? []).map(async id => {
        try {
          const [{ OrganizationalUnit: ou }, placement] = await Promise.all([
            pool(() =>
              client.send(
                new DescribeOrganizationalUnitCommand({
                  OrganizationalUnitId: id,
                }),
                { abortSignal: signal },
              ),
            ),
            readPlacement(id),
          ]);
          const existing = nodeIndex().get(id);
          if (existing) {
            existing.name = ou?.Name ?? existing.name;
            existing.arn = ou?.Arn ?? existing.arn;
            existing.parentId = placement.parentId ?? existing.parentId;
            existing.tags = placement.tags;
            existing.policyIds = placement.policyIds;
          } else {
            const node: OrgNode = {
              id,
              kind: 'ou',
              arn: ou?.Arn,
              name: ou?.Name ?? '',
              parentId: placement.parentId,
              tags: placement.tags,
              policyIds: placement.policyIds,
            };
            if (node.arn === undefined) delete node.arn;
            place(node);
          }
        } catch (error) {
          if (!isNotFound(error)) throw error;
          removeNode(id);
        }
      }),
    ]);

    await Promise.all(
      (touched.policyIds ?? []).map(async id => {
        try {
          const [described, policyTargets] = await Promise.all([
            pool(() =>
              client.send(new DescribePolicyCommand({ PolicyId: id }), {
                abortSignal: signal,
              }),
            ),
            allPages(
              pool,
              async token => {
                const r = await client.send(
                  new ListTargetsForPolicyCommand({
                    PolicyId: id,
                    MaxResults: PAGE_SIZE,
                    NextToken: token,
                  }),
                  { abortSignal: signal },
                );
                return { items: r.Targets, nextToken: r.NextToken };
              },
              signal,
            ),
          ]);
          const policy = policyOf(
            described.Policy!.PolicySummary!,
            described.Policy?.Content ?? '',
          );
          const at = next.policies.findIndex(p => p.id === id);
          if (at >= 0) next.policies[at] = policy;
          else next.policies.push(policy);
          const targetIds = new Set(policyTargets.map(t => t.TargetId!));
          for (const node of next.nodes) {
            const has = node.policyIds.includes(id);
            if (has && !targetIds.has(node.id)) {
              node.policyIds = node.policyIds.filter(p => p !== id);
            } else if (!has && targetIds.has(node.id)) {
              node.policyIds.push(id);
            }
          }
        } catch (error) {
          if (!isNotFound(error)) throw error;
          next.policies = next.policies.filter(p => p.id !== id);
          for (const node of next.nodes) {
            node.policyIds = node.policyIds.filter(p => p !== id);
          }
          removed.push(id);
        }
      }),
    );
  });
  next.capturedAt = new Date().toISOString();
  return {
    snapshot: next,
    stats: crawlStats(stats, started, 0, 1, warnings),
    removed,
  };
}
