/**
 * Faults, counters, the control API and persistence, seen through the real AWS SDK.
 */
import {
  CreateOrganizationalUnitCommand,
  ListAccountsCommand,
  ListRootsCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  demoOrgModelPath,
  OrganizationsSandbox,
  RunningSandbox,
  startSandbox,
} from '.';
import { seededRandom } from '@internal/plugin-ai-governance-common';
import { validateFaultOptions } from './faults';

let running: RunningSandbox | undefined;

const clientFor = (url: string, maxAttempts?: number) =>
  new OrganizationsClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIDSANDBOX',
      secretAccessKey: 'sandbox-secret',
    },
    maxAttempts,
  });

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A seed whose first draw throttles (below p) and whose second does not. */
function seedThrottlingOnceThenPassing(p: number): number {
  for (let seed = 1; ; seed++) {
    const r = seededRandom(seed);
    if (r() < p && r() >= p) return seed;
  }
}

describe('throttling', () => {
  it("the SDK's retry strategy recovers from a throttled call", async () => {
    running = await startSandbox({
      faults: {
        throttleProbability: 0.5,
        seed: seedThrottlingOnceThenPassing(0.5),
      },
    });
    const client = clientFor(running!.url);
    const result = await client.send(new ListRootsCommand({}));
    expect(result.Roots).toHaveLength(1);
    expect(result.$metadata.attempts).toBe(2);
    expect(running!.sandbox.stats()).toMatchObject({
      totalCalls: 2,
      calls: { ListRoots: 2 },
      throttled: 1,
      errors: { TooManyRequestsException: 1 },
    });
    client.destroy();
  });

  it('a call throttled beyond its retry budget surfaces as TooManyRequestsException', async () => {
    running = await startSandbox({ faults: { throttleProbability: 1 } });
    const client = clientFor(running!.url, 2);
    const error = await client.send(new ListRootsCommand({})).catch(e => e);
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.attempts).toBe(2);
    expect(running!.sandbox.stats().calls.ListRoots).toBe(2);
    client.destroy();
  });

  it('an enforced request rate throttles calls beyond it', async () => {
    // A slow refill (one call per 100 s) keeps the count exact however slowly this machine runs.
    running = await startSandbox({
      faults: { requestsPerSecond: 0.01, burst: 3 },
    });
    const client = clientFor(running!.url, 1);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.send(new ListRootsCommand({})).then(
          () => 'ok',
          e => e.name,
        ),
      ),
    );
    expect(outcomes.filter(o => o === 'ok')).toHaveLength(3);
    expect(outcomes.filter(o => o === 'TooManyRequestsException')).toHaveLength(
      3,
    );
    client.destroy();
  });

  it('the request rate refills over time (in-process, with a fake clock)', async () => {
    let now = 1_000_000;
    const sandbox = new OrganizationsSandbox({
      now: () => now,
      faults: { requestsPerSecond: 2, burst: 2 },
    });
    const status = async () => (await sandbox.call('ListRoots', {})).statusCode;
    expect([await status(), await status(), await status()]).toEqual([
      200, 200, 400,
    ]);
    now += 500; // one token back
    expect([await status(), await status()]).toEqual([200, 400]);
    now += 5_000; // the bucket holds at most `burst`
    expect([await status(), await status(), await status()]).toEqual([
      200, 200, 400,
    ]);
    expect(sandbox.stats()).toMatchObject({ totalCalls: 8, throttled: 3 });
  });

  it('faults can be limited to some operations', async () => {
    running = await startSandbox({
      seed: demoOrgModelPath,
      faults: { throttleProbability: 1, operations: ['ListAccounts'] },
    });
    const client = clientFor(running!.url, 1);
    await expect(client.send(new ListRootsCommand({}))).resolves.toMatchObject({
      Roots: [{ Id: expect.stringMatching(/^r-/) }],
    });
    await expect(client.send(new ListAccountsCommand({}))).rejects.toThrow(
      TooManyRequestsException,
    );
    client.destroy();
  });
});

describe('other faults', () => {
  it('a ConcurrentModificationException burst fails the next N writes, not reads', async () => {
    running = await startSandbox({});
    const client = clientFor(running!.url, 1);
    running!.sandbox.setFaults({ concurrentModificationBurst: 2 });
    const rootId = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
    const create = (name: string) =>
      client
        .send(
          new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }),
        )
        .then(
          () => 'ok',
          e => e.name,
        );
    expect(await create('a')).toBe('ConcurrentModificationException');
    expect(await create('a')).toBe('ConcurrentModificationException');
    expect(await create('a')).toBe('ok');
    client.destroy();
  });

  it('ServiceException (HTTP 500) is injected and retried by the SDK', async () => {
    running = await startSandbox({ faults: { serviceErrorProbability: 1 } });
    const client = clientFor(running!.url, 2);
    const error = await client.send(new ListRootsCommand({})).catch(e => e);
    expect(error.name).toBe('ServiceException');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$metadata.attempts).toBe(2);
    client.destroy();
  });

  it('latency delays every call', async () => {
    running = await startSandbox({ faults: { latencyMs: 120 } });
    const client = clientFor(running!.url);
    await client.send(new ListRootsCommand({})); // warm up the connection
    const start = Date.now();
    await client.send(new ListRootsCommand({}));
    expect(Date.now() - start).toBeGreaterThanOrEqual(115);
    client.destroy();
  });

  it('setFaults rejects invalid options and changes nothing', async () => {
    running = await startSandbox({ faults: { latencyMs: 5 } });
    expect(() =>
      running!.sandbox.setFaults({ throttleProbability: 2 }),
    ).toThrow(/throttleProbability must be a number from 0 to 1/);
    expect(running!.sandbox.getFaults().latencyMs).toBe(5);
  });
});

describe('control API', () => {
  it('GET /_sandbox/stats counts calls; POST /_sandbox/stats/reset clears them', async () => {
    running = await startSandbox({ seed: demoOrgModelPath });
    const client = clientFor(running!.url);
    await client.send(new ListAccountsCommand({ MaxResults: 5 }));
    await client.send(new ListRootsCommand({}));
    await client.send(new ListRootsCommand({}));
    const stats = await (await fetch(`${running!.url}/_sandbox/stats`)).json();
    expect(stats).toMatchObject({
      totalCalls: 3,
      calls: { ListAccounts: 1, ListRoots: 2 },
      throttled: 0,
    });
    await fetch(`${running!.url}/_sandbox/stats/reset`, { method: 'POST' });
    expect(running!.sandbox.stats().totalCalls).toBe(0);
    client.destroy();
  });

  it('POST /_sandbox/faults replaces faults, PATCH merges, bad input is refused', async () => {
    running = await startSandbox({ faults: { latencyMs: 1 } });
    const post = (method: string, body: unknown) =>
      fetch(`${running!.url}/_sandbox/faults`, {
        method,
        body: JSON.stringify(body),
      });
    let res = await post('POST', { throttleProbability: 0.25 });
    expect(res.status).toBe(200);
    expect(running!.sandbox.getFaults()).toMatchObject({
      throttleProbability: 0.25,
    });
    expect(running!.sandbox.getFaults().latencyMs).toBeUndefined();
    res = await post('PATCH', { latencyMs: 3 });
    expect(await res.json()).toMatchObject({
      throttleProbability: 0.25,
      latencyMs: 3,
    });
    res = await post('POST', { throttleProbabilty: 1 });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0]).toMatch(
      /unknown fault option "throttleProbabilty"/,
    );
    expect(running!.sandbox.getFaults()).toMatchObject({
      throttleProbability: 0.25,
      latencyMs: 3,
    });
    const snapshot = await (
      await fetch(`${running!.url}/_sandbox/snapshot`)
    ).json();
    expect(snapshot.nodes.map((n: any) => n.name)).toEqual([
      'Root',
      'management',
    ]);
  });
});

describe('seeding and persistence', () => {
  it('without a seed: only the management account, SCPs enabled', async () => {
    running = await startSandbox({});
    const snapshot = running!.sandbox.snapshot();
    expect(snapshot.nodes.map(n => n.kind)).toEqual(['root', 'account']);
    expect(snapshot.nodes[0].enabledPolicyTypes).toEqual([
      'SERVICE_CONTROL_POLICY',
    ]);
    expect(snapshot.nodes[1].id).toBe(
      snapshot.organization.managementAccountId,
    );
  });

  it('a persisted sandbox keeps what was created across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const persistFile = join(dir, 'state.json');
    try {
      running = await startSandbox({ seed: demoOrgModelPath, persistFile });
      let client = clientFor(running!.url);
      const rootId = (await client.send(new ListRootsCommand({}))).Roots![0]
        .Id!;
      const { OrganizationalUnit } = await client.send(
        new CreateOrganizationalUnitCommand({
          ParentId: rootId,
          Name: 'Persisted',
        }),
      );
      client.destroy();
      await running.close();

      running = await startSandbox({ seed: demoOrgModelPath, persistFile });
      client = clientFor(running!.url);
      const snapshot = running!.sandbox.snapshot();
      const ou = snapshot.nodes.find(n => n.name === 'Persisted');
      expect(ou?.id).toBe(OrganizationalUnit!.Id);
      expect(ou?.policyIds).toEqual(['p-FullAWSAccess']);
      expect(snapshot.nodes.filter(n => n.kind === 'account')).toHaveLength(13);
      client.destroy();
    } finally {
      await running?.close();
      running = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a corrupt persist file is reported with what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const persistFile = join(dir, 'state.json');
    writeFileSync(persistFile, '{broken');
    try {
      await expect(startSandbox({ persistFile })).rejects.toThrow(
        /Delete it to start from the seed/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createAccountFailures email patterns', () => {
  const problemsFor = (emailPattern: string) =>
    validateFaultOptions({
      createAccountFailures: [{ reason: 'INVALID_EMAIL', emailPattern }],
    });

  it.each(['^bounce', '^aws\\+retry@', '[0-9]+@example\\.com$'])(
    'accepts the linear pattern %s',
    pattern => {
      expect(problemsFor(pattern)).toEqual([]);
    },
  );

  it.each([
    ['(a+)+$', /quantify a group/],
    ['^(x|xx)*y', /quantify a group/],
    ['(a)\\1', /back-references/],
    ['a'.repeat(201), /longer than 200/],
    ['(', /not a valid regular expression/],
  ])('refuses %s, which could hang the sandbox', (pattern, message) => {
    const problems = problemsFor(pattern);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});
