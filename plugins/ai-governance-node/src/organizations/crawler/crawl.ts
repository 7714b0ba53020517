/**
 * The crawler: one consistent picture of an organization in the fewest calls the API allows (`plan.ts` counts
 * them). Walks the tree from each root, reads each enabled policy type's policies, and starts over when the
 * organization changes under it.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type {
  OrgNode,
  OrgSnapshot,
  PolicyType,
} from '@internal/plugin-ai-governance-common';
import { withCallStats } from '../callStats';
import {
  PassAssembly,
  accountNode,
  crawlStats,
  organizationInfo,
  ouNode,
  policyOf,
  rootNode,
  tagsOf,
} from './assemble';
import { OrganizationsFetcher, isNotFound } from './fetch';
import { crawlLowerBound, orgShapeOf } from './plan';
import type { CrawlOptions, CrawlResult } from './types';

async function crawlPass(
  fetcher: OrganizationsFetcher,
): Promise<{ snapshot: OrgSnapshot; warnings: string[]; retry: boolean }> {
  const capturedAt = new Date().toISOString();
  const pass = new PassAssembly();

  const tagNode = async (node: OrgNode) => {
    try {
      node.tags = tagsOf(await fetcher.listTags(node.id));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Listed a moment ago, yet its tags cannot be read (closed, or removed since): keep what the listing said
      // rather than start over, which would fail the same way for a node AWS lists but will not tag.
      pass.warnings.push(
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
      [ous, accounts] = await fetcher.listChildren(parentId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      pass.noteVanished(`parent ${parentId}`);
      return;
    }
    const work: Promise<void>[] = [];
    for (const ou of ous) {
      const node = ouNode(ou, ou.Id!, parentId);
      if (pass.addNode(node)) {
        work.push(tagNode(node), walk(node.id));
      }
    }
    for (const a of accounts) {
      const node = accountNode(a, parentId);
      if (pass.addNode(node)) work.push(tagNode(node));
    }
    await Promise.all(work);
  };

  const crawlPolicyType = async (type: PolicyType) => {
    const summaries = await fetcher.listPolicies(type);
    await Promise.all(
      summaries.map(async (summary, listedAt) => {
        const id = summary.Id!;
        try {
          const { policy, targetIds } = await fetcher.readPolicy(id);
          pass.addPolicy(
            policyOf(policy?.PolicySummary ?? summary, policy?.Content ?? ''),
            targetIds,
            listedAt,
          );
        } catch (error) {
          if (!isNotFound(error)) throw error;
          pass.noteVanished(`policy ${id}`);
        }
      }),
    );
  };

  const [organization, roots] = await Promise.all([
    fetcher.describeOrganization().then(organizationInfo),
    fetcher.listRoots(),
  ]);

  const types = new Set<PolicyType>();
  const work: Promise<void>[] = [];
  for (const root of roots) {
    const node = rootNode(root, pass.warnings);
    node.enabledPolicyTypes?.forEach(t => types.add(t));
    pass.addNode(node);
    work.push(tagNode(node), walk(node.id));
  }
  for (const type of types) {
    work.push(crawlPolicyType(type));
  }
  await Promise.all(work);

  const snapshot = pass.snapshot(organization, capturedAt);
  return { snapshot, warnings: pass.warnings, retry: pass.retry };
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
  const fetcher = new OrganizationsFetcher(client, options);
  const maxPasses = Math.max(1, options.maxPasses ?? 3);
  const { result, stats } = await withCallStats(async () => {
    let pass = 0;
    const allWarnings: string[] = [];
    for (;;) {
      pass++;
      const r = await crawlPass(fetcher);
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
