import {
  demoOrgModelPath,
  type RunningSandbox,
  startSandbox,
} from '@internal/organizations-sandbox';
import {
  crawlOrganization,
  createOrganizationsClient,
  OrganizationsRateLimiter,
} from '@internal/plugin-ai-governance-node';
import { buildEntities } from './buildEntities';
import { AI_GOVERNANCE_ANNOTATIONS, entityNameOf } from './entityVocabulary';
import type { BuildEntitiesOptions } from './types';

const OPTIONS: BuildEntitiesOptions = {
  ownerTagKeys: ['ai-governance:owner', 'owner'],
  defaultOwner: 'group:default/platform',
  namespace: 'default',
  locationRef: 'ai-governance:o-test',
};

/**
 * The entities of the demo organization as the inventory crawls it from the sandbox over HTTP (the same crawler the
 * ai-governance backend runs), before and after the organization changes.
 */
describe('entities of the sandbox organization', () => {
  let running: RunningSandbox;
  beforeAll(async () => {
    running = await startSandbox({
      port: 0,
      seed: demoOrgModelPath,
      closeAccountDelayMs: 0,
    });
  });
  afterAll(() => running.close());

  const crawl = async () =>
    (
      await crawlOrganization(
        createOrganizationsClient({
          endpoint: running.url,
          retry: { baseDelayMs: 2, maxDelayMs: 50 },
          rateLimiter: new OrganizationsRateLimiter({
            requestsPerSecond: 100_000,
            burst: 1000,
            maxConcurrency: 16,
          }),
        }),
      )
    ).snapshot;
  const call = async (operation: string, input: Record<string, unknown>) => {
    const res = await running.sandbox.call(operation, input);
    expect(res.statusCode).toBe(200);
  };

  it('owns every demo account by its owner tag, and a moved or closed account changes on the next refresh', async () => {
    const before = await crawl();
    const first = buildEntities(before, OPTIONS);
    expect(first.warnings).toEqual([]);
    const accounts = before.nodes.filter(
      n => n.kind === 'account' && n.parentId !== before.nodes[0].id,
    );
    for (const account of accounts) {
      const e = first.entities.find(
        x => x.metadata.name === entityNameOf('account', account.id),
      )!;
      expect(e.spec!.owner).toBe(account.tags.owner ?? OPTIONS.defaultOwner);
    }

    const [moved, closed] = accounts;
    const target = before.nodes.find(
      n => n.kind === 'ou' && n.id !== moved.parentId,
    )!;
    await call('MoveAccount', {
      AccountId: moved.id,
      SourceParentId: moved.parentId,
      DestinationParentId: target.id,
    });
    await call('CloseAccount', { AccountId: closed.id });

    const after = buildEntities(await crawl(), OPTIONS).entities;
    const movedEntity = after.find(
      x => x.metadata.name === entityNameOf('account', moved.id),
    )!;
    expect(movedEntity.spec!.dependsOn).toEqual([
      `resource:default/${entityNameOf('ou', target.id)}`,
    ]);
    expect(
      movedEntity.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.ouPath],
    ).toMatch(new RegExp(`/${target.name}/${moved.name}$`));
    const closedEntity = after.find(
      x => x.metadata.name === entityNameOf('account', closed.id),
    )!;
    expect(closedEntity.spec!.lifecycle).toBe('deprecated');
    expect(
      closedEntity.metadata.annotations![
        AI_GOVERNANCE_ANNOTATIONS.accountState
      ],
    ).toMatch(/^(PENDING_CLOSURE|SUSPENDED|CLOSED)$/);
    expect(after).toHaveLength(first.entities.length);
  });

  it('gives the crawled accounts their AI details and the crawled policies their summaries', async () => {
    const snapshot = await crawl();
    const { entities } = buildEntities(snapshot, {
      ...OPTIONS,
      policyContents: new Map(snapshot.policies.map(p => [p.id, p.content])),
      packPolicies: new Map([
        ['guardrail-region-lock', 'baseline'],
        ['guardrail-ai-protect-models', 'ai-production'],
      ]),
    });
    const prod = snapshot.nodes.find(n => n.name === 'ml-platform-prod')!;
    const annotations = entities.find(
      x => x.metadata.name === entityNameOf('account', prod.id),
    )!.metadata.annotations!;
    expect(annotations).toMatchObject({
      [AI_GOVERNANCE_ANNOTATIONS.guardrailPacks]: 'ai-production,baseline',
      [AI_GOVERNANCE_ANNOTATIONS.regionLock]: 'eu-west-1,us-east-1,us-west-2',
      [AI_GOVERNANCE_ANNOTATIONS.bedrockGuardrails]: 'us-east-1=demoguard001:1',
      [AI_GOVERNANCE_ANNOTATIONS.aiOptOut]: 'all',
    });
    expect(
      annotations[AI_GOVERNANCE_ANNOTATIONS.bedrockModelAllowList].split(','),
    ).toContain('anthropic.claude-3-5-sonnet-20240620-v1:0');
    const lock = entities.find(
      x => x.metadata.title === 'guardrail-region-lock',
    )!;
    expect(lock.metadata.description).toMatch(
      /unless the requested Region is one of us-east-1, us-west-2 or eu-west-1/,
    );
  });
});
