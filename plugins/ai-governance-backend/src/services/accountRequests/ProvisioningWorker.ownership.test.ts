import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import { accountTags } from '@internal/plugin-ai-governance-node';
import { accountRequestTestDatabases } from '../../database/__testUtils__/databases';
import { BOB, JANE, body } from './__testUtils__/fakes';
import { workerBackend } from './__testUtils__/workerBackend';

const databases = accountRequestTestDatabases();

/** A backend (SQLite in memory, real SDK against the sandbox, one attempt per call) with its worker run by hand. */
async function setUp(running: RunningSandbox) {
  return workerBackend({
    knex: await databases.init('SQLITE_3'),
    sandboxUrl: running.url,
    workerId: 'w1',
    maxAttempts: 1,
  });
}

async function tagsOf(client: OrganizationsClient, id: string) {
  const page = await client.send(
    new ListTagsForResourceCommand({ ResourceId: id }),
  );
  return Object.fromEntries((page.Tags ?? []).map(t => [t.Key, t.Value]));
}

describe('provisioning: who may adopt an existing account', () => {
  let running: RunningSandbox;
  beforeEach(async () => {
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 20,
    });
  });
  afterEach(async () => {
    await running.close();
  });

  it('keeps the name and email of a request that failed after creating its account, until its requester retries', async () => {
    const { store, service, worker, client } = await setUp(running);
    const request = body({ name: 'Half Made', environment: 'development' });
    // The account is created, then moving it into its OU fails: the run fails after the account exists.
    running.sandbox.setFaults({
      serviceErrorProbability: 1,
      operations: ['MoveAccount'],
    });
    const janes = await service.create(request, JANE);
    expect(await worker.runOnce()).toBe(true);
    const failed = (await store.get(janes.request.id))!;
    expect(failed.state).toBe('failed');
    const made = running.sandbox
      .snapshot()
      .nodes.filter(n => n.kind === 'account' && n.name === 'Half Made');
    expect(made).toHaveLength(1);
    expect(failed.accountId).toBe(made[0].id);

    // Someone else asking for the same name, email and owner is refused: the failed request still holds them.
    await expect(service.create(request, BOB)).rejects.toThrow(
      /already requested by someone else in your owner group \(group:default\/fraud-ml\)/,
    );
    expect(await store.list({ requestedBy: BOB })).toEqual([]);

    // The requester's own retry takes the holds over and adopts the account.
    running.sandbox.setFaults({});
    const retry = await service.create(request, JANE);
    expect(retry.created).toBe(true);
    expect(await worker.runOnce()).toBe(true);
    const done = (await store.get(retry.request.id))!;
    expect(done.failureReason).toBeUndefined();
    expect(done.state).toBe('ready');
    expect(done.accountId).toBe(made[0].id);
    expect((await tagsOf(client, made[0].id))['ai-governance:task']).toBe(
      retry.request.id,
    );
  });

  it("refuses an account with this request's key and owner that another requester made, never retagging it", async () => {
    const { store, service, worker, client } = await setUp(running);
    const request = body({ name: 'Left Behind', environment: 'development' });
    // An account Jane's earlier run made (its request no longer holds it): same key and owner tag as Bob's request.
    const janesTags = accountTags({
      ...request,
      email: 'aws+left-behind@example.com',
      requestedBy: JANE,
      taskId: 'req-000000000000',
    } as Parameters<typeof accountTags>[0]);
    const started = await client.send(
      new CreateAccountCommand({
        AccountName: 'Left Behind',
        Email: 'aws+left-behind@example.com',
        Tags: Object.entries(janesTags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    let accountId: string | undefined;
    for (let i = 0; i < 500 && !accountId; i++) {
      const status = await client.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: started.CreateAccountStatus!.Id!,
        }),
      );
      accountId = status.CreateAccountStatus?.AccountId;
      if (!accountId) await new Promise(r => setTimeout(r, 10));
    }
    expect(accountId).toBeDefined();

    const bobs = await service.create(request, BOB);
    expect(bobs.request.requestKey).toBe(janesTags['ai-governance:request']);
    expect(await worker.runOnce()).toBe(true);
    const failed = (await store.get(bobs.request.id))!;
    expect(failed.state).toBe('failed');
    expect(failed.accountId).toBeUndefined();
    expect(failed.failureReason).toMatch(
      new RegExp(
        `An account named "Left Behind" already exists in the organization: account ${accountId}, which belongs to group:default/fraud-ml and was requested by someone else`,
      ),
    );
    const tags = await tagsOf(client, accountId!);
    expect(tags['ai-governance:requested-by']).toBe(JANE);
    expect(tags['ai-governance:task']).toBe('req-000000000000');
  });
});
