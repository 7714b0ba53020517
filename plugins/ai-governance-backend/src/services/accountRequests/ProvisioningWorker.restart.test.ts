import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListCreateAccountStatusCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import knexFactory, { type Knex } from 'knex';
import { accountRequestTestDatabases } from '../../database/__testUtils__/databases';
import { JANE, body, testSettings } from './__testUtils__/fakes';
import { testVending, workerBackend } from './__testUtils__/workerBackend';

/** One backend: its own database connection, store, service, vendor (real SDK against the sandbox) and worker. */
function startBackend(name: string, knex: Knex, sandboxUrl: string) {
  return workerBackend({
    knex,
    sandboxUrl,
    workerId: name,
    settings: testSettings({
      provisioning: { leaseMs: 5_000, pollIntervalMs: 20, maxAttempts: 3 },
    }),
    vending: testVending({ pollIntervalMs: 25 }),
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

async function creationsInProgress(client: OrganizationsClient) {
  const page = await client.send(
    new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'] }),
  );
  return page.CreateAccountStatuses ?? [];
}

/**
 * A request is approved, the backend provisioning it stops while AWS is still creating the account, and a new
 * backend on the same database resumes it: one account, the request ready with it.
 */
async function survivesRestart(connect: () => Knex): Promise<void> {
  const running: RunningSandbox = await startSandbox({
    seed: demoOrgModelPath,
    createAccountDelayMs: 1500,
  });
  const knexes: Knex[] = [];
  try {
    const first = await startBackend(
      'backend-1',
      knexes[knexes.push(connect()) - 1],
      running.url,
    );
    const { request } = await first.service.create(
      body({ name: 'Restart Check', environment: 'development' }),
      JANE,
    );
    expect(request.state).toBe('approved');
    first.worker.start();
    await until('the creation to start', async () =>
      (
        await creationsInProgress(first.client)
      ).some(s => s.AccountName === 'Restart Check'),
    );
    // The backend stops mid-provisioning (AWS is still creating the account).
    await first.worker.stop();
    const interrupted = (await first.store.get(request.id))!;
    expect(interrupted.state).toBe('provisioning');
    expect(interrupted.accountId).toBeUndefined();

    // A new backend on the same database.
    const second = await startBackend(
      'backend-2',
      knexes[knexes.push(connect()) - 1],
      running.url,
    );
    second.worker.start();
    const done = await until('the request to be ready', async () => {
      const r = await second.store.get(request.id);
      return r && ['ready', 'failed'].includes(r.state) && r;
    });
    await second.worker.stop();

    expect(done.failureReason).toBeUndefined();
    expect(done.state).toBe('ready');
    const accounts = running.sandbox
      .snapshot()
      .nodes.filter(n => n.kind === 'account' && n.name === 'Restart Check');
    expect(accounts).toHaveLength(1);
    expect(done.accountId).toBe(accounts[0].id);
    expect(accounts[0].tags['ai-governance:request']).toBe(
      interrupted.requestKey,
    );
    expect(done.attempts).toBe(2);
    expect(
      done.history.filter(h => h.to === 'provisioning').map(h => h.comment),
    ).toEqual([undefined, 'Resumed after the lease of backend-1 expired']);
    expect(second.notified).toEqual([done.accountId]);
  } finally {
    await Promise.all(knexes.map(k => k.destroy()));
    await running.close();
  }
}

describe('provisioning across a backend restart', () => {
  it('on a SQLite file', async () => {
    expect.hasAssertions();
    const dir = mkdtempSync(join(tmpdir(), 'aigov-requests-'));
    try {
      await survivesRestart(() =>
        knexFactory({
          client: 'better-sqlite3',
          connection: { filename: join(dir, 'ai-governance.sqlite') },
          useNullAsDefault: true,
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const databases = accountRequestTestDatabases();
  const postgres = databases
    .eachSupportedId()
    .filter(([id]) => id.startsWith('POSTGRES'));
  if (postgres.length > 0) {
    it.each(postgres)('on %s', async id => {
      expect.hasAssertions();
      const knex = await databases.init(id);
      const config = knex.client.config;
      await survivesRestart(() => knexFactory(config));
    });
  } else {
    it.todo(
      'on PostgreSQL (set AIGOV_TEST_POSTGRES_URL or BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );
  }
});
