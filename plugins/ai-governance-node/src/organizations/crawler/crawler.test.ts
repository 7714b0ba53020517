import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { generateOrgModel } from '@internal/plugin-ai-governance-common';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import { createOrganizationsClient } from '../client';
import {
  crawlLowerBound,
  crawlOrganization,
  orgShapeOf,
  refreshNodes,
} from '.';
import { OrganizationsRateLimiter } from '../rateLimiter';
import { normalizeSnapshot, parentsFirst } from '../../__testUtils__/snapshots';

function fastClient(running: RunningSandbox) {
  return createOrganizationsClient({
    endpoint: running.url,
    // The default attempts and budget, with tiny delays so the tests run in seconds.
    retry: { baseDelayMs: 2, maxDelayMs: 50 },
    rateLimiter: new OrganizationsRateLimiter({
      requestsPerSecond: 100_000,
      burst: 1000,
      maxConcurrency: 16,
    }),
  });
}

describe('crawlOrganization', () => {
  let running: RunningSandbox | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('reads the demo organization exactly, in as many calls as the lower bound', async () => {
    running = await startSandbox({ port: 0, seed: demoOrgModelPath });
    const { snapshot, stats } = await crawlOrganization(fastClient(running));
    const expected = running.sandbox.snapshot();
    expect(normalizeSnapshot(snapshot)).toEqual(normalizeSnapshot(expected));
    expect(parentsFirst(snapshot)).toBe(true);
    expect(stats.lowerBound).toBe(crawlLowerBound(orgShapeOf(expected)));
    expect(stats.calls).toBe(stats.lowerBound);
    expect(stats.calls).toBe(running.sandbox.stats().totalCalls);
    expect(stats.byOperation.ListPoliciesForTarget).toBeUndefined();
    expect(stats.byOperation.DescribePolicy).toBe(expected.policies.length);
    expect(stats.byOperation.ListTagsForResource).toBe(expected.nodes.length);
  });

  it('reads a generated organization of 1,000 accounts exactly', async () => {
    running = await startSandbox({
      port: 0,
      seed: generateOrgModel({
        accounts: 1000,
        ous: 60,
        policies: 25,
        seed: 3,
      }),
    });
    const { snapshot, stats } = await crawlOrganization(fastClient(running));
    expect(normalizeSnapshot(snapshot)).toEqual(
      normalizeSnapshot(running.sandbox.snapshot()),
    );
    expect(snapshot.nodes.filter(n => n.kind === 'account')).toHaveLength(1001);
    expect(stats.calls).toBe(stats.lowerBound);
  }, 30_000);

  it('gets the same snapshot in 10 of 10 crawls under throttling, empty pages and ConcurrentModificationException bursts', async () => {
    running = await startSandbox({
      port: 0,
      seed: generateOrgModel({ accounts: 60, ous: 8, policies: 6, seed: 5 }),
    });
    const client = fastClient(running);
    const expected = normalizeSnapshot(running.sandbox.snapshot());
    const someAccount = running.sandbox
      .snapshot()
      .nodes.find(n => n.kind === 'account' && Object.keys(n.tags).length > 0)!;
    const [tagKey, tagValue] = Object.entries(someAccount.tags)[0];
    for (let i = 0; i < 10; i++) {
      running.sandbox.setFaults({
        throttleProbability: 0.2,
        emptyPageProbability: 0.1,
        concurrentModificationBurst: 3,
        seed: 100 + i,
      });
      // A write through the same client (re-tagging with the same value) meets the ConcurrentModificationException
      // burst while the crawl runs; the product retries it.
      const [{ snapshot, stats, complete }] = await Promise.all([
        crawlOrganization(client),
        client.send(
          new TagResourceCommand({
            ResourceId: someAccount.id,
            Tags: [{ Key: tagKey, Value: tagValue }],
          }),
        ),
      ]);
      expect(normalizeSnapshot(snapshot)).toEqual(expected);
      expect(complete).toBe(true);
      expect(stats.throttles).toBeGreaterThan(0);
      expect(stats.retriesByReason.throttling).toBe(stats.throttles);
      expect(stats.retries).toBeGreaterThanOrEqual(stats.throttles);
      expect(
        running.sandbox.getFaults().concurrentModificationBurst,
      ).toBeUndefined();
    }
  }, 30_000);
});

describe('crawlOrganization when the organization changes under it', () => {
  let running: RunningSandbox;
  beforeEach(async () => {
    running = await startSandbox({ port: 0, seed: demoOrgModelPath });
  });
  afterEach(async () => {
    await running.close();
  });

  it('crawls again when an account moves between two OUs mid-crawl, and returns the state after the move', async () => {
    const before = running.sandbox.snapshot();
    const ous = before.nodes.filter(n => n.kind === 'ou');
    const account = before.nodes.find(
      n => n.kind === 'account' && ous.some(o => o.id === n.parentId),
    )!;
    const from = account.parentId!;
    const to = ous.find(o => o.id !== from)!.id;

    // Right after the crawl lists the account's OU, the account moves elsewhere: the crawl sees it under its old
    // parent, and under the new one too or nowhere, depending on which it lists first.
    const sandbox = running.sandbox as unknown as {
      call: (op: string, input: Record<string, unknown>) => Promise<unknown>;
    };
    const original = sandbox.call.bind(sandbox);
    let moved = false;
    sandbox.call = async (op, input) => {
      const result = await original(op, input);
      if (!moved && op === 'ListAccountsForParent' && input.ParentId === from) {
        moved = true;
        await original('MoveAccount', {
          AccountId: account.id,
          SourceParentId: from,
          DestinationParentId: to,
        });
      }
      return result;
    };

    const { snapshot, stats, complete } = await crawlOrganization(
      fastClient(running),
    );
    expect(moved).toBe(true);
    expect(complete).toBe(true);
    expect(stats.passes).toBe(2);
    expect(stats.warnings.join('\n')).toContain(account.id);
    expect(normalizeSnapshot(snapshot)).toEqual(
      normalizeSnapshot(running.sandbox.snapshot()),
    );
    expect(snapshot.nodes.find(n => n.id === account.id)?.parentId).toBe(to);
  });
});

describe('crawlOrganization when the organization never settles', () => {
  it('flags the snapshot incomplete when the organization changes during every pass', async () => {
    const running = await startSandbox({ port: 0, seed: demoOrgModelPath });
    try {
      const before = running.sandbox.snapshot();
      const ous = before.nodes.filter(n => n.kind === 'ou');
      const account = before.nodes.find(
        n => n.kind === 'account' && ous.some(o => o.id === n.parentId),
      )!;
      const parents = [
        account.parentId!,
        ous.find(o => o.id !== account.parentId)!.id,
      ];
      const sandbox = running.sandbox as unknown as {
        call: (op: string, input: Record<string, unknown>) => Promise<unknown>;
      };
      const original = sandbox.call.bind(sandbox);
      let at = 0;
      // Each time the crawl lists the account's parent, the account moves to the other OU.
      sandbox.call = async (op, input) => {
        const result = await original(op, input);
        if (op === 'ListAccountsForParent' && input.ParentId === parents[at]) {
          await original('MoveAccount', {
            AccountId: account.id,
            SourceParentId: parents[at],
            DestinationParentId: parents[1 - at],
          });
          at = 1 - at;
        }
        return result;
      };
      const { complete, stats } = await crawlOrganization(fastClient(running), {
        maxPasses: 2,
      });
      expect(stats.passes).toBe(2);
      expect(complete).toBe(false);
      expect(stats.warnings.join('\n')).toContain(account.id);
    } finally {
      await running.close();
    }
  });
});

describe('crawlOrganization cancellation', () => {
  it('stops when its signal aborts', async () => {
    const running = await startSandbox({
      port: 0,
      seed: demoOrgModelPath,
      faults: { latencyMs: 20 },
    });
    try {
      const controller = new AbortController();
      const crawl = crawlOrganization(fastClient(running), {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error('shutting down')), 50);
      await expect(crawl).rejects.toThrow();
      // Requests already on the wire when the abort came still reach the sandbox (it counts a call after its
      // injected latency); give them time to land, then nothing more may arrive.
      await new Promise(resolve => setTimeout(resolve, 300));
      const calls = running.sandbox.stats().totalCalls;
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(running.sandbox.stats().totalCalls).toBe(calls);
      expect(calls).toBeLessThan(61);
    } finally {
      await running.close();
    }
  });
});

describe('refreshNodes', () => {
  let running: RunningSandbox;
  beforeEach(async () => {
    running = await startSandbox({ port: 0, seed: demoOrgModelPath });
  });
  afterEach(async () => {
    await running.close();
  });

  it("brings a snapshot up to date after the product's own writes, without a full crawl", async () => {
    const client = fastClient(running);
    const { snapshot } = await crawlOrganization(client);
    const root = snapshot.nodes.find(n => n.kind === 'root')!;
    const account = snapshot.nodes.find(
      n =>
        n.kind === 'account' &&
        n.id !== snapshot.organization.managementAccountId,
    )!;

    const { OrganizationalUnit: ou } = await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: root.id,
        Name: 'Sandbox-New',
      }),
    );
    const { Policy: policy } = await client.send(
      new CreatePolicyCommand({
        Name: 'deny-leave',
        Description: 'No leaving',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: 'organizations:LeaveOrganization',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const policyId = policy!.PolicySummary!.Id!;
    await client.send(
      new AttachPolicyCommand({ PolicyId: policyId, TargetId: ou!.Id! }),
    );
    await client.send(
      new AttachPolicyCommand({ PolicyId: policyId, TargetId: account.id }),
    );
    await client.send(
      new TagResourceCommand({
        ResourceId: account.id,
        Tags: [{ Key: 'refreshed', Value: 'yes' }],
      }),
    );

    running.sandbox.resetStats();
    const result = await refreshNodes(client, snapshot, {
      ouIds: [ou!.Id!],
      accountIds: [account.id],
      policyIds: [policyId],
    });
    expect(normalizeSnapshot(result.snapshot)).toEqual(
      normalizeSnapshot(running.sandbox.snapshot()),
    );
    expect(parentsFirst(result.snapshot)).toBe(true);
    expect(result.stats.calls).toBe(running.sandbox.stats().totalCalls);
    // Refreshing a node reads its policies of each enabled type: the bound grows with the types the root enables.
    const enabledTypes = snapshot.nodes[0].enabledPolicyTypes!.length;
    expect(result.stats.calls).toBeLessThan(10 + 2 * enabledTypes);
    // The input snapshot is left alone.
    expect(snapshot.nodes.find(n => n.id === ou!.Id)).toBeUndefined();
  });

  it('rejects ids that are not ids, before calling anything', async () => {
    const client = fastClient(running);
    const { snapshot } = await crawlOrganization(client);
    running.sandbox.resetStats();
    await expect(
      refreshNodes(client, snapshot, { accountIds: ['Production'] }),
    ).rejects.toThrow('"Production" is not an account id');
    expect(running.sandbox.stats().totalCalls).toBe(0);
  });
});
