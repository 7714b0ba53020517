/**
 * The inventory never fails silently: a failed crawl shows up in GET /status with the failing operation beside the
 * last success, an interrupted crawl's snapshot is flagged incomplete (and stays so after a restart), and manual
 * refreshes are coalesced and limited per user. Real SDK against the sandbox over HTTP, real SQLite.
 */
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import {
  createOrganizationsClient,
  OrganizationsRateLimiter,
} from '@internal/plugin-ai-governance-node';
import type { TreeResponse } from '@internal/plugin-ai-governance-common';
import type { JsonObject } from '@backstage/types';
import { InventoryManager, RefreshCooldownError } from './InventoryManager';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

let running: RunningSandbox;
beforeEach(async () => {
  running = await startSandbox({ port: 0, seed: demoOrgModelPath });
});
afterEach(async () => {
  await running.close();
});

async function manager(
  options: {
    knex?: Awaited<ReturnType<typeof databases.init>>;
    inventory?: JsonObject;
  } = {},
) {
  const knex = options.knex ?? (await databases.init('SQLITE_3'));
  const logger = mockServices.logger.mock();
  const inventory = await InventoryManager.create({
    config: mockServices.rootConfig({
      data: { aiGovernance: { inventory: options.inventory ?? {} } },
    }),
    logger,
    database: mockServices.database({ knex }),
    client: createOrganizationsClient({
      endpoint: running.url,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      rateLimiter: new OrganizationsRateLimiter({
        requestsPerSecond: 10_000,
        burst: 100,
        maxConcurrency: 8,
      }),
    }),
    source: { kind: 'sandbox', endpoint: running.url, region: 'us-east-1' },
  });
  return { inventory, logger, knex };
}

/** Each time a crawl lists one account's parent, the account moves to another OU: the crawl never settles. */
function keepMovingAnAccount(sandbox: RunningSandbox['sandbox']) {
  const before = sandbox.snapshot();
  const ous = before.nodes.filter(n => n.kind === 'ou');
  const account = before.nodes.find(
    n => n.kind === 'account' && ous.some(o => o.id === n.parentId),
  )!;
  const parents = [
    account.parentId!,
    ous.find(o => o.id !== account.parentId)!.id,
  ];
  const s = sandbox as unknown as {
    call: (op: string, input: Record<string, unknown>) => Promise<unknown>;
  };
  const original = s.call.bind(s);
  let at = 0;
  let enabled = true;
  s.call = async (op, input) => {
    const result = await original(op, input);
    if (
      enabled &&
      op === 'ListAccountsForParent' &&
      input.ParentId === parents[at]
    ) {
      await original('MoveAccount', {
        AccountId: account.id,
        SourceParentId: parents[at],
        DestinationParentId: parents[1 - at],
      });
      at = 1 - at;
    }
    return result;
  };
  return {
    accountId: account.id,
    stop: () => {
      enabled = false;
    },
  };
}

describe('InventoryManager', () => {
  it('shows a failed crawl in /status with the failing operation and its figures, beside the last success', async () => {
    const { inventory, logger } = await manager();
    await inventory.refresh('manual');
    const success = inventory.status();
    expect(success.lastCrawl?.calls).toBeGreaterThan(0);
    expect(success.lastFailure).toBeUndefined();

    running.sandbox.setFaults({
      throttleProbability: 1,
      operations: ['ListAccountsForParent'],
    });
    await expect(inventory.refresh('schedule')).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    const status = inventory.status();
    // The last success is unchanged, not overwritten with zeros.
    expect(status.lastCrawl).toEqual(success.lastCrawl);
    expect(status.snapshotTime).toBe(success.snapshotTime);
    expect(status.lastFailure).toMatchObject({
      trigger: 'schedule',
      operation: 'ListAccountsForParent',
      error: expect.stringMatching(
        /^TooManyRequestsException: .*gave up after 3 attempts/,
      ),
    });
    expect(status.lastFailure!.calls).toBeGreaterThan(3);
    expect(status.lastFailure!.throttles).toBeGreaterThanOrEqual(3);
    expect(status.lastFailure!.retries).toBeGreaterThanOrEqual(2);
    expect(Date.parse(status.lastFailure!.failedAt)).toBeGreaterThanOrEqual(
      Date.parse(success.lastCrawl!.startedAt),
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /Organization crawl \(schedule\) failed at Organizations ListAccountsForParent after \d+ calls/,
      ),
    );

    // A later success is shown beside the earlier failure.
    running.sandbox.setFaults({});
    await inventory.refresh('manual');
    const after = inventory.status();
    expect(after.lastCrawl?.trigger).toBe('manual');
    expect(after.lastFailure?.trigger).toBe('schedule');
    expect(Date.parse(after.lastCrawl!.startedAt)).toBeGreaterThanOrEqual(
      Date.parse(after.lastFailure!.failedAt),
    );
  });

  it('flags the snapshot of an interrupted crawl incomplete in /tree and /status, also after a restart', async () => {
    const { inventory, knex } = await manager();
    const mover = keepMovingAnAccount(running.sandbox);
    await inventory.refresh('manual');
    mover.stop();
    const status = inventory.status();
    expect(status.snapshotComplete).toBe(false);
    expect(status.lastCrawl?.complete).toBe(false);
    expect(status.lastCrawl?.errors.join('\n')).toContain(mover.accountId);
    const tree: TreeResponse = JSON.parse(
      inventory.view()!.treeJson.toString('utf8'),
    );
    expect(tree.complete).toBe(false);

    // A touched-node refresh does not make it complete.
    await inventory.refreshNodes({ accountIds: [mover.accountId] });
    expect(inventory.status().snapshotComplete).toBe(false);

    // A restarted backend serves the stored snapshot with its flag.
    const restarted = await manager({ knex });
    expect(restarted.inventory.status().snapshotComplete).toBe(false);
    expect(
      JSON.parse(restarted.inventory.view()!.treeJson.toString('utf8'))
        .complete,
    ).toBe(false);

    // The next full crawl, undisturbed, is complete again.
    await restarted.inventory.refresh('manual');
    expect(restarted.inventory.status().snapshotComplete).toBe(true);
    expect(
      JSON.parse(restarted.inventory.view()!.treeJson.toString('utf8'))
        .complete,
    ).toBe(true);
  });

  it('coalesces refreshes asked for at once into one crawl, and answers both', async () => {
    const { inventory } = await manager();
    running.sandbox.resetStats();
    const [a, b, c] = [
      inventory.manualRefresh('user:default/alice'),
      inventory.manualRefresh('user:default/bob'),
      inventory.manualRefresh('user:default/alice'),
    ];
    expect(b).toBe(a);
    expect(c).toBe(a);
    const [ra, rb] = await Promise.all([a, b, c]);
    expect(ra).toBe(rb);
    expect(running.sandbox.stats().calls.DescribeOrganization).toBe(1);
  });

  it('lets each user start one refresh per cooldown, and says when to try again', async () => {
    const { inventory } = await manager({
      inventory: { refreshCooldown: { minutes: 5 } },
    });
    await inventory.manualRefresh('user:default/alice');
    running.sandbox.resetStats();
    let error: unknown;
    try {
      await inventory.manualRefresh('user:default/alice');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RefreshCooldownError);
    const cooldown = error as RefreshCooldownError;
    expect(cooldown.statusCode).toBe(429);
    expect(cooldown.retryAfterSeconds).toBeGreaterThan(290);
    expect(cooldown.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect(cooldown.message).toContain(
      `Try again after ${cooldown.retryAt.toISOString()}`,
    );
    expect(cooldown.message).toMatch(/aiGovernance.inventory.refreshCooldown/);
    // Nothing was crawled for the refused request.
    expect(running.sandbox.stats().totalCalls).toBe(0);

    // Another user is not held back by alice's cooldown.
    await expect(
      inventory.manualRefresh('user:default/bob'),
    ).resolves.toMatchObject({ trigger: 'manual' });
  });

  it('refuses a cooldown that is not a duration, naming the key', async () => {
    await expect(
      manager({ inventory: { refreshCooldown: 'soon' } }),
    ).rejects.toThrow(
      /aiGovernance.inventory.refreshCooldown must be a duration/,
    );
  });

  it('records a failed touched-node refresh too', async () => {
    const { inventory } = await manager();
    await inventory.refresh('manual');
    running.sandbox.setFaults({ throttleProbability: 1 });
    await expect(
      inventory.refreshNodes({ accountIds: ['111111111111'] }, 'write'),
    ).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(inventory.status().lastFailure).toMatchObject({
      trigger: 'write',
      operation: expect.any(String),
    });
  });

  it('keeps what another backend stored: two backends re-reading different writes on one database lose neither', async () => {
    const a = await manager();
    const b = await manager({ knex: a.knex });
    await a.inventory.refresh('manual');
    // B serves the same stored snapshot as A (it loaded it at start, before A's crawl: load it now).
    await b.inventory.refreshNodes({}, 'write');
    const sandbox = running.sandbox as unknown as {
      call: (op: string, input: Record<string, unknown>) => Promise<any>;
    };
    const policies = a.inventory
      .view()!
      .snapshot.policies.filter(
        p => !p.awsManaged && p.type === 'SERVICE_CONTROL_POLICY',
      )
      .slice(0, 2);
    expect(policies).toHaveLength(2);
    const edited = (sid: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: sid, Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' },
        ],
      });
    await sandbox.call('UpdatePolicy', {
      PolicyId: policies[0].id,
      Content: edited('EditedThroughBackendA'),
    });
    await a.inventory.refreshNodes({ policyIds: [policies[0].id] }, 'write');
    // B still serves the older snapshot in memory; its re-read must start from A's stored one.
    await sandbox.call('UpdatePolicy', {
      PolicyId: policies[1].id,
      Content: edited('EditedThroughBackendB'),
    });
    await b.inventory.refreshNodes({ policyIds: [policies[1].id] }, 'write');

    const reloaded = await manager({ knex: a.knex });
    const stored = reloaded.inventory.view()!.snapshot.policies;
    expect(stored.find(p => p.id === policies[0].id)?.content).toContain(
      'EditedThroughBackendA',
    );
    expect(stored.find(p => p.id === policies[1].id)?.content).toContain(
      'EditedThroughBackendB',
    );
  });
});
