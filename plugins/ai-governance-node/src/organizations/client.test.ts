import {
  ListRootsCommand,
  TagResourceCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import {
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import { withCallStats } from './callStats';
import { createOrganizationsClient } from './client';
import {
  isConcurrentModificationError,
  withConcurrentModificationRetry,
} from './concurrentModification';
import { OrganizationsRateLimiter } from './rateLimiter';

describe('createOrganizationsClient', () => {
  let running: RunningSandbox;

  beforeEach(async () => {
    running = await startSandbox({ port: 0 });
  });
  afterEach(async () => {
    await running.close();
  });

  function client(
    options: Parameters<typeof createOrganizationsClient>[0] = {},
  ) {
    return createOrganizationsClient({
      endpoint: running.url,
      rateLimiter: new OrganizationsRateLimiter({
        requestsPerSecond: 1000,
        maxConcurrency: 8,
      }),
      ...options,
    });
  }

  it('retries throttled calls through the SDK retry strategy and counts them', async () => {
    running.sandbox.setFaults({ throttleProbability: 0.5, seed: 7 });
    const c = client({ maxAttempts: 20, retryBaseDelayMs: 5 });
    const { result, stats } = await withCallStats(async () =>
      Promise.all(
        Array.from({ length: 10 }, () => c.send(new ListRootsCommand({}))),
      ),
    );
    expect(result.every(r => r.Roots?.length === 1)).toBe(true);
    const sandboxStats = running.sandbox.stats();
    expect(stats.operations).toBe(10);
    expect(stats.calls).toBe(sandboxStats.totalCalls);
    expect(stats.throttles).toBe(sandboxStats.throttled);
    expect(stats.throttles).toBeGreaterThan(0);
    expect(stats.retries).toBe(stats.calls - stats.operations);
    expect(stats.byOperation.ListRoots).toBe(stats.calls);
  });

  it('retries ConcurrentModificationException a bounded number of times', async () => {
    const c = client({
      concurrentModificationRetry: { maxAttempts: 4, baseDelayMs: 5 },
    });
    const rootId = (await c.send(new ListRootsCommand({}))).Roots![0].Id!;

    running.sandbox.setFaults({ concurrentModificationBurst: 3 });
    const { stats } = await withCallStats(() =>
      c.send(
        new TagResourceCommand({
          ResourceId: rootId,
          Tags: [{ Key: 'team', Value: 'platform' }],
        }),
      ),
    );
    expect(stats.concurrentModifications).toBe(3);
    expect(stats.retries).toBe(3);
    const tags = await c.send(
      new ListTagsForResourceCommand({ ResourceId: rootId }),
    );
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);

    running.sandbox.setFaults({ concurrentModificationBurst: 4 });
    const failed = c.send(
      new TagResourceCommand({
        ResourceId: rootId,
        Tags: [{ Key: 'team', Value: 'data' }],
      }),
    );
    await expect(failed).rejects.toMatchObject({
      name: 'ConcurrentModificationException',
    });
  });

  it('sends no more than the limiter allows', async () => {
    const c = client({
      rateLimiter: new OrganizationsRateLimiter({
        requestsPerSecond: 50,
        maxConcurrency: 2,
      }),
    });
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 11 }, () => c.send(new ListRootsCommand({}))),
    );
    // 11 requests at 50 per second: the last one starts 200 ms after the first.
    expect(performance.now() - start).toBeGreaterThanOrEqual(195);
  });
});

describe('OrganizationsRateLimiter', () => {
  it('caps calls in flight', async () => {
    const limiter = new OrganizationsRateLimiter({
      requestsPerSecond: 10_000,
      maxConcurrency: 3,
    });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise(r => setTimeout(r, 2));
          inFlight--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.inFlight).toBe(0);
  });

  it('is shared per organization key', () => {
    const a = OrganizationsRateLimiter.forOrganization('test|org-a');
    expect(OrganizationsRateLimiter.forOrganization('test|org-a')).toBe(a);
    expect(OrganizationsRateLimiter.forOrganization('test|org-b')).not.toBe(a);
  });

  it('rejects a rate that is not positive', () => {
    expect(
      () => new OrganizationsRateLimiter({ requestsPerSecond: 0 }),
    ).toThrow(/requestsPerSecond must be a positive number/);
  });
});

describe('withConcurrentModificationRetry', () => {
  it('retries only ConcurrentModificationException, up to maxAttempts', async () => {
    const cme = Object.assign(new Error('busy'), {
      name: 'ConcurrentModificationException',
    });
    let n = 0;
    await expect(
      withConcurrentModificationRetry(
        async () => {
          n++;
          if (n < 3) throw cme;
          return 'ok';
        },
        { baseDelayMs: 1 },
      ),
    ).resolves.toBe('ok');
    expect(n).toBe(3);

    n = 0;
    await expect(
      withConcurrentModificationRetry(
        async () => {
          n++;
          throw new Error('other');
        },
        { baseDelayMs: 1 },
      ),
    ).rejects.toThrow('other');
    expect(n).toBe(1);
    expect(isConcurrentModificationError(cme)).toBe(true);
  });
});
