/**
 * The touched-node refresh: reads again only what the product's own writes touched and updates a copy of the last
 * snapshot, without a full crawl.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  ID_PATTERNS,
  type OrgNode,
  type OrgSnapshot,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { withCallStats } from '../callStats';
import {
  accountNode,
  cloneSnapshot,
  crawlStats,
  enabledTypes,
  ouNode,
  policyOf,
  tagsOf,
} from './assemble';
import { OrganizationsFetcher, isNotFound } from './fetch';
import type { CrawlOptions, RefreshResult, TouchedNodes } from './types';

/** Refuses ids that are not AWS ids of their kind, before any call. */
function assertTouchedIds(touched: TouchedNodes) {
  const kinds = [
    [touched.accountIds, ID_PATTERNS.account, 'an account id (12 digits)'],
    [
      touched.ouIds,
      ID_PATTERNS.organizationalUnit,
      'an OU id (ou-xxxx-xxxxxxxx)',
    ],
    [touched.policyIds, ID_PATTERNS.policy, 'a policy id (p-xxxxxxxx)'],
  ] as const;
  for (const [ids, pattern, what] of kinds) {
    for (const id of ids ?? []) {
      if (!pattern.test(id)) {
        throw new TypeError(`"${id}" is not ${what}`);
      }
    }
  }
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
  assertTouchedIds(touched);
  const fetcher = new OrganizationsFetcher(client, options);
  const next = cloneSnapshot(snapshot);
  const removed: string[] = [];
  const warnings: string[] = [];

  const { stats } = await withCallStats(async () => {
    if (touched.roots) {
      for (const root of await fetcher.listRoots()) {
        const existing = next.nodes.find(n => n.id === root.Id);
        if (existing) {
          existing.enabledPolicyTypes = enabledTypes(root, warnings);
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
      const [parentId, tags, policyIds] = await Promise.all([
        fetcher.parentOf(id),
        fetcher.listTags(id).then(tagsOf),
        fetcher.attachedPolicyIds(id, enabled),
      ]);
      return { parentId, tags, policyIds };
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

    /** Runs `read` for a touched node; a node that no longer exists is removed from the snapshot. */
    const refreshNode = async (id: string, read: () => Promise<void>) => {
      try {
        await read();
      } catch (error) {
        if (!isNotFound(error)) throw error;
        removeNode(id);
      }
    };

    await Promise.all([
      ...(touched.accountIds ?? []).map(id =>
        refreshNode(id, async () => {
          const [account, placement] = await Promise.all([
            fetcher.describeAccount(id),
            readPlacement(id),
          ]);
          const node = accountNode(account!, placement.parentId ?? '');
          node.tags = placement.tags;
          node.policyIds = placement.policyIds;
          place(node);
        }),
      ),
      ...(touched.ouIds ?? []).map(id =>
        refreshNode(id, async () => {
          const [ou, placement] = await Promise.all([
            fetcher.describeOrganizationalUnit(id),
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
            const node = ouNode(ou, id, placement.parentId);
            node.tags = placement.tags;
            node.policyIds = placement.policyIds;
            place(node);
          }
        }),
      ),
    ]);

    await Promise.all(
      (touched.policyIds ?? []).map(async id => {
        try {
          const { policy: described, targetIds } = await fetcher.readPolicy(id);
          const policy = policyOf(
            described!.PolicySummary!,
            described?.Content ?? '',
          );
          const at = next.policies.findIndex(p => p.id === id);
          if (at >= 0) next.policies[at] = policy;
          else next.policies.push(policy);
          const targets = new Set(targetIds);
          for (const node of next.nodes) {
            const has = node.policyIds.includes(id);
            if (has && !targets.has(node.id)) {
              node.policyIds = node.policyIds.filter(p => p !== id);
            } else if (!has && targets.has(node.id)) {
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
  // Each node's policy ids in the snapshot's order of policies (by type, then listing, as the crawler leaves them),
  // not in the order ListPoliciesForTarget answered per type: an unchanged node stays byte for byte the same.
  const rank = new Map(next.policies.map((p, i) => [p.id, i]));
  const rankOf = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  for (const node of next.nodes) {
    node.policyIds = [...node.policyIds].sort((a, b) => rankOf(a) - rankOf(b));
  }
  next.capturedAt = new Date().toISOString();
  return {
    snapshot: next,
    stats: crawlStats(stats, started, 0, 1, warnings),
    removed,
  };
}
