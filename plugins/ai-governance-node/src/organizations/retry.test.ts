import { ListRootsCommand } from '@aws-sdk/client-organizations';
import {
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import { emptyCallStats, withCallStats } from './callStats';
import {
  createOrganizationsClient,
  failedOrganizationsOperation,
} from './client';
import { OrganizationsRateLimiter } from './rateLimiter';
import {
  decideRetry,
  fullJitterBackoff,
  resolveRetryOptions,
  retryReason,
} from './retry';

const named = (name: string, extra: object = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('retry policy', () => {
  it('classifies throttling, ConcurrentModificationException and transient failures as retryable, nothing else', () => {
    expect(retryReason(named('TooManyRequestsException'))).toBe('throttling');
    expect(retryReason(named('ThrottlingException'))).toBe('throttling');
    expect(
      retryReason(named('Whatever', { $metadata: { httpStatusCode: 429 } })),
    ).toBe('throttling');
    expect(retryReason(named('ConcurrentModificationException'))).toBe(
      'concurrentModification',
    );
    expect(
      retryReason(
        named('ServiceException', { $metadata: { httpStatusCode: 500 } }),
      ),
    ).toBe('transient');
    expect(retryReason(named('Reset', { code: 'ECONNRESET' }))).toBe(
      'transient',
    );
    expect(retryReason(named('AccessDeniedException'))).toBeUndefined();
    expect(retryReason(named('AbortError'))).toBeUndefined();
    expect(retryReason('TooManyRequestsException')).toBeUndefined();
  });

  it('backs off with full jitter under a capped exponential ceiling', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(fullJitterBackoff(1, options, () => 0.999)).toBe(99);
    expect(fullJitterBackoff(3, options, () => 0.5)).toBe(200);
    expect(fullJitterBackoff(4, options, () => 0.999)).toBe(799);
    expect(fullJitterBackoff(50, options, () => 0.999)).toBe(999);
    expect(fullJitterBackoff(5000, options, () => 0.5)).toBe(500);
    expect(fullJitterBackoff(2, options, () => 0)).toBe(0);
  });

  it('stops at maxAttempts, and before a backoff that would end past the budget', () => {
    const options = resolveRetryOptions({
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      budgetMs: 500,
    });
    const throttled = named('TooManyRequestsException');
    expect(decideRetry(throttled, 1, 0, options, () => 0.5)).toEqual({
      retry: true,
      reason: 'throttling',
      delayMs: 50,
    });
    expect(decideRetry(throttled, 4, 0, options, () => 0.5)).toMatchObject({
      retry: false,
      why: 'gave up after 4 attempts',
    });
    expect(decideRetry(throttled, 2, 450, options, () => 0.5)).toMatchObject({
      retry: false,
      why: expect.stringMatching(/retry budget of 500 ms was spent/),
    });
    expect(
      decideRetry(named('InvalidInputException'), 1, 0, options),
    ).toMatchObject({ retry: false });
  });

  it('refuses options that make no sense, naming the option', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(
      /retry.maxAttempts must be a number of at least 1/,
    );
    expect(() => resolveRetryOptions({ budgetMs: -1 })).toThrow(
      /retry.budgetMs/,
    );
    expect(resolveRetryOptions({})).toEqual({
      maxAttempts: 10,
      baseDelayMs: 200,
      maxDelayMs: 20_000,
      budgetMs: 120_000,
    });
  });
});

describe('the client retry loop against the sandbox', () => {
  let running: RunningSandbox;
  beforeEach(async () => {
    running = await startSandbox({ port: 0 });
  });
  afterEach(async () => {
    await running.close();
  });

  const client = (retry: Parameters<typeof createOrganizationsClient>[0]) =>
    createOrganizationsClient({
      endpoint: running.url,
      rateLimiter: new OrganizationsRateLimiter({
        requestsPerSecond: 10_000,
        burst: 100,
        maxConcurrency: 8,
      }),
      ...retry,
    });

  it('gives up when every attempt is throttled, says where and why, and counts it', async () => {
    running.sandbox.setFaults({ throttleProbability: 1 });
    const c = client({ retry: { maxAttempts: 4, baseDelayMs: 1 } });
    const { result: error, stats } = await withCallStats(() =>
      c.send(new ListRootsCommand({})).catch(e => e),
    );
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.message).toMatch(
      /\(Organizations ListRoots: gave up after 4 attempts\)/,
    );
    expect(failedOrganizationsOperation(error)).toBe('ListRoots');
    expect(running.sandbox.stats().totalCalls).toBe(4);
    expect(stats).toMatchObject({
      operations: 1,
      calls: 4,
      throttles: 4,
      retries: 3,
      retriesByReason: { throttling: 3 },
      exhausted: 1,
    });
  });

  it('retries transient service errors too', async () => {
    running.sandbox.setFaults({ serviceErrorProbability: 0.5, seed: 3 });
    const c = client({ retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    const { stats } = await withCallStats(() =>
      Promise.all(
        Array.from({ length: 20 }, () => c.send(new ListRootsCommand({}))),
      ),
    );
    expect(stats.retriesByReason.transient).toBeGreaterThan(0);
    expect(stats.calls).toBe(running.sandbox.stats().totalCalls);
    expect(stats.exhausted).toBe(0);
  });

  it('a backoff ends at once when the call is aborted', async () => {
    running.sandbox.setFaults({ throttleProbability: 1 });
    const c = client({
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, budgetMs: 600_000 },
    });
    const controller = new AbortController();
    const stats = emptyCallStats();
    const call = withCallStats(
      () =>
        c
          .send(new ListRootsCommand({}), { abortSignal: controller.signal })
          .catch(e => e),
      stats,
    );
    // The first attempt is throttled, then the loop waits (up to a minute) until the abort.
    while (stats.retries < 1) {
      await new Promise(resolve => setTimeout(resolve, 1));
    }
    controller.abort(new Error('shutting down'));
    const { result: error } = await call;
    expect(error.message).toBe('shutting down');
    expect(running.sandbox.stats().totalCalls).toBe(1);
  });
});
