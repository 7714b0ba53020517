/**
 * Assembling a snapshot from what the calls returned: AWS shapes to snapshot nodes and policies, the nodes of one
 * crawl pass gathered and ordered parents first, policies attached to the nodes they target, and the statistics.
 */
import type {
  Account,
  Organization,
  OrganizationalUnit,
  PolicySummary as AwsPolicySummary,
  Root,
} from '@aws-sdk/client-organizations';
import {
  POLICY_TYPES,
  type AccountState,
  type OrgInfo,
  type OrgNode,
  type OrgPolicy,
  type OrgSnapshot,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import type { OrganizationsCallStats } from '../callStats';
import type { CrawlStats } from './types';

/** Drops the keys whose value is undefined, so snapshots compare and serialise without them. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

export function tagsOf(list: Array<{ Key?: string; Value?: string }>) {
  const tags: Record<string, string> = {};
  for (const t of list) {
    if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  }
  return tags;
}

/**
 * The policy types enabled on a root that the product reads. A type AWS added after this version of the product
 * cannot be read into the snapshot; it is named in `warnings` (shown with the crawl) rather than dropped silently.
 */
export function enabledTypes(root: Root, warnings?: string[]): PolicyType[] {
  const enabled = (root.PolicyTypes ?? []).filter(t => t.Status === 'ENABLED');
  for (const t of enabled) {
    if (!POLICY_TYPES.includes(t.Type as PolicyType)) {
      warnings?.push(
        `policy type ${t.Type} is enabled on root ${root.Id}, but this version of the product does not know it: its policies are not in the snapshot`,
      );
    }
  }
  return enabled
    .filter(t => POLICY_TYPES.includes(t.Type as PolicyType))
    .map(t => t.Type as PolicyType);
}

export function organizationInfo(o: Organization | undefined): OrgInfo {
  if (!o?.Id || !o.MasterAccountId) {
    throw new Error(
      'DescribeOrganization returned no organization: is this account a member of an organization with all features?',
    );
  }
  return withoutUndefined<OrgInfo>({
    id: o.Id,
    arn: o.Arn,
    managementAccountId: o.MasterAccountId,
    managementAccountEmail: o.MasterAccountEmail,
    featureSet: o.FeatureSet as OrgInfo['featureSet'],
  });
}

export function rootNode(root: Root, warnings?: string[]): OrgNode {
  return {
    id: root.Id!,
    kind: 'root',
    arn: root.Arn,
    name: root.Name ?? 'Root',
    enabledPolicyTypes: enabledTypes(root, warnings),
    tags: {},
    policyIds: [],
  };
}

export function ouNode(
  ou: OrganizationalUnit | undefined,
  id: string,
  parentId: string | undefined,
): OrgNode {
  return withoutUndefined<OrgNode>({
    id,
    kind: 'ou',
    arn: ou?.Arn,
    name: ou?.Name ?? '',
    parentId,
    tags: {},
    policyIds: [],
  });
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

export function accountNode(a: Account, parentId: string): OrgNode {
  return withoutUndefined<OrgNode>({
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
  });
}

export function policyOf(
  summary: AwsPolicySummary,
  content: string,
): OrgPolicy {
  const policy: OrgPolicy = {
    id: summary.Id!,
    arn: summary.Arn,
    name: summary.Name ?? '',
    type: summary.Type as PolicyType,
    awsManaged: summary.AwsManaged ?? false,
    content,
  };
  if (summary.Description) policy.description = summary.Description;
  return withoutUndefined(policy);
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

/**
 * What one crawl pass found, gathered as the calls answer, and the snapshot made of it. Notes what changed under
 * the crawl (`warnings`) and whether that calls for another pass (`retry`).
 */
export class PassAssembly {
  readonly warnings: string[] = [];
  retry = false;
  private readonly nodes = new Map<string, OrgNode>();
  /** parent id → child ids in the order the API listed them (OUs first, then accounts) */
  private readonly childOrder = new Map<string, string[]>();
  private readonly policies = new Map<string, OrgPolicy>();
  private readonly targets = new Map<string, string[]>();
  private readonly listedAt = new Map<string, number>();

  /** Something listed a moment ago is gone: the pass goes on, and another one follows. */
  noteVanished(what: string) {
    this.warnings.push(`${what} disappeared during the crawl`);
    this.retry = true;
  }

  /** Adds a node; false when it was listed already (it moved during the crawl), which calls for another pass. */
  addNode(node: OrgNode): boolean {
    const before = this.nodes.get(node.id);
    if (before) {
      this.warnings.push(
        `${node.id} was listed under both ${before.parentId} and ${node.parentId} (moved during the crawl)`,
      );
      this.retry = true;
      return false;
    }
    this.nodes.set(node.id, node);
    if (node.parentId) {
      const list = this.childOrder.get(node.parentId) ?? [];
      list.push(node.id);
      this.childOrder.set(node.parentId, list);
    }
    return true;
  }

  /**
   * Adds a policy read, with its place in its type's ListPolicies listing. Policies of different types (and of one
   * type) finish reading in any order; the snapshot orders them by type, then by listing, so two crawls of the same
   * organization give the same snapshot (and the same `GET /tree` ETag).
   */
  addPolicy(policy: OrgPolicy, targetIds: string[], listedAt = 0) {
    this.policies.set(policy.id, policy);
    this.targets.set(policy.id, targetIds);
    this.listedAt.set(policy.id, listedAt);
  }

  /** The policies read, by type (the product's order of types), then in the order their type's listing gave. */
  private orderedPolicies(): OrgPolicy[] {
    const rank = (p: OrgPolicy) => POLICY_TYPES.indexOf(p.type);
    return [...this.policies.values()].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (this.listedAt.get(a.id) ?? 0) - (this.listedAt.get(b.id) ?? 0),
    );
  }

  /** The nodes parents first, with the policies attached; a target the walk did not see is left out. */
  snapshot(organization: OrgInfo, capturedAt: string): OrgSnapshot {
    const ordered = orderNodes(this.nodes, this.childOrder);
    if (ordered.length !== this.nodes.size) {
      this.warnings.push(
        `${
          this.nodes.size - ordered.length
        } node(s) were cut off from the root during the crawl`,
      );
      this.retry = true;
    }
    const byId = new Map(ordered.map(n => [n.id, n]));
    const policies = this.orderedPolicies();
    for (const policy of policies) {
      for (const targetId of this.targets.get(policy.id) ?? []) {
        const node = byId.get(targetId);
        if (node) {
          node.policyIds.push(policy.id);
        } else {
          this.warnings.push(
            `policy ${policy.id} is attached to ${targetId}, which the crawl did not see`,
          );
          this.retry = true;
        }
      }
    }
    return {
      organization,
      nodes: ordered,
      policies,
      capturedAt,
    };
  }
}

export function cloneSnapshot(s: OrgSnapshot): OrgSnapshot {
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

export function crawlStats(
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
