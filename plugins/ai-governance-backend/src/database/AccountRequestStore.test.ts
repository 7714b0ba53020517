import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import { AccountRequestService } from '../services/accountRequests/AccountRequestService';
import { AccountRequestStore } from './AccountRequestStore';
import { accountRequestTestDatabases } from './__testUtils__/databases';
import {
  ADA,
  BOB,
  JANE,
  body,
  recordingAuditor,
  testSettings,
} from '../services/accountRequests/__testUtils__/fakes';

const databases = accountRequestTestDatabases();
const migrationsDir = resolvePackagePath(
  '@internal/plugin-ai-governance-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())(
  'account requests on %s',
  databaseId => {
    async function setUp(
      options: { snapshot?: OrgSnapshot; developmentApproval?: boolean } = {},
    ) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      const store = await AccountRequestStore.create({ database });
      const { auditor, events } = recordingAuditor();
      const approved = jest.fn();
      const service = new AccountRequestService({
        store,
        settings: testSettings({
          approvalRequired: {
            development: options.developmentApproval ?? false,
            production: true,
          },
        }),
        auditor,
        logger: mockServices.logger.mock(),
        getSnapshot: async () => options.snapshot,
        onApproved: approved,
      });
      return { knex, database, store, service, events, approved };
    }

    it('migrates down and up again', async () => {
      const { knex } = await setUp();
      expect(await knex.schema.hasTable('ai_governance_account_requests')).toBe(
        true,
      );
      for (const name of [
        '20261217_account_request_outputs.js',
        '20261205_account_requests.js',
      ]) {
        await knex.migrate.down({ directory: migrationsDir, name });
      }
      expect(await knex.schema.hasTable('ai_governance_account_requests')).toBe(
        false,
      );
      expect(
        await knex.schema.hasTable('ai_governance_account_request_events'),
      ).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn(
          'ai_governance_account_requests',
          'organizational_unit_id',
        ),
      ).toBe(true);
    });

    it('stores a production request as requested and a development one as approved, with history and audit', async () => {
      const { service, store, events, approved } = await setUp();
      const prod = await service.create(body(), JANE);
      expect(prod.created).toBe(true);
      expect(prod.request).toMatchObject({
        state: 'requested',
        email: 'aws+fraud-models@example.com',
        requestedBy: JANE,
        fields: { name: 'Fraud Models', costCenter: 'CC-4711' },
      });
      expect(prod.request.id).toMatch(/^req-[0-9a-f]{12}$/);
      expect(approved).not.toHaveBeenCalled();

      const dev = await service.create(
        body({ name: 'Fraud Sandbox', environment: 'development' }),
        JANE,
      );
      expect(dev.request.state).toBe('approved');
      expect(dev.request.decidedBy).toBeUndefined();
      expect(dev.request.history.map(h => [h.from, h.to, h.actor])).toEqual([
        [undefined, 'requested', JANE],
        ['requested', 'approved', 'service:ai-governance'],
      ]);
      expect(approved).toHaveBeenCalledTimes(1);
      expect(
        events
          .filter(e => e.eventId === 'account-request-transition')
          .map(e => [e.meta?.requestId, e.meta?.to]),
      ).toEqual([
        [prod.request.id, 'requested'],
        [dev.request.id, 'requested'],
        [dev.request.id, 'approved'],
      ]);

      // A restarted backend (a new store on the same database) reads the same records.
      const again = await AccountRequestStore.create({
        database: mockServices.database({ knex: (store as any).db }),
      });
      expect(await again.get(prod.request.id)).toEqual(
        await store.get(prod.request.id),
      );
    });

    it('needs approval for development requests too when configured', async () => {
      const { service } = await setUp({ developmentApproval: true });
      const dev = await service.create(
        body({ environment: 'development' }),
        JANE,
      );
      expect(dev.request.state).toBe('requested');
    });

    it('counts exactly one of two approvals at once, and tells the other who decided', async () => {
      const { service, store } = await setUp();
      const { request } = await service.create(body(), JANE);
      const results = await Promise.allSettled([
        service.decide(request.id, 'approve', ADA, 'fine'),
        service.decide(request.id, 'approve', BOB, 'also fine'),
      ]);
      const won = results.filter(r => r.status === 'fulfilled');
      const lost = results.filter(
        r => r.status === 'rejected',
      ) as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(ConflictError);
      const stored = (await store.get(request.id))!;
      expect(lost[0].reason.message).toContain(
        `already approved by ${stored.decidedBy}`,
      );
      expect(
        stored.history.filter(h => h.to === 'approved').map(h => h.actor),
      ).toEqual([stored.decidedBy]);
    });

    it('lets exactly one of an approval and a cancellation win, visibly', async () => {
      const { service, store } = await setUp();
      const { request } = await service.create(body(), JANE);
      // Both acted on the request as they saw it (requested).
      const results = await Promise.allSettled([
        service.decide(request.id, 'approve', ADA, undefined, request),
        service.decide(
          request.id,
          'cancel',
          JANE,
          'not needed any more',
          request,
        ),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const stored = (await store.get(request.id))!;
      const loser = results.find(
        r => r.status === 'rejected',
      ) as PromiseRejectedResult;
      expect(loser.reason.message).toContain(`already ${stored.state} by`);
      expect(['approved', 'cancelled']).toContain(stored.state);
      expect(stored.history).toHaveLength(2);
    });

    it('refuses self-approval (four eyes) and a rejection without a comment, changing nothing', async () => {
      const { service, store } = await setUp();
      const { request } = await service.create(body(), ADA);
      await expect(
        service.decide(request.id, 'approve', ADA, 'me'),
      ).rejects.toThrow(/yourself.*four eyes/);
      await expect(
        service.decide(request.id, 'reject', BOB, '  '),
      ).rejects.toThrow(/needs a comment/);
      expect((await store.get(request.id))!.state).toBe('requested');
      const rejected = await service.decide(
        request.id,
        'reject',
        BOB,
        'use the shared fraud account',
      );
      expect(rejected).toMatchObject({
        state: 'rejected',
        decidedBy: BOB,
        decisionComment: 'use the shared fraud account',
      });
    });

    it('binds the account to its request: idempotent for the same requester, refused for anyone else', async () => {
      const { service } = await setUp();
      const first = await service.create(
        body({ taskId: 't-1', email: 'fraud@corp.example' }),
        JANE,
      );
      const again = await service.create(
        body({ taskId: 't-2', email: 'fraud@corp.example' }),
        JANE,
      );
      expect(again.created).toBe(false);
      expect(again.request.id).toBe(first.request.id);

      // Another requester, or another owner, asking for the same name: told only the owner group, unless they
      // may read the holding request.
      const refusal = await service.create(body(), BOB).catch(e => e);
      expect(refusal).toBeInstanceOf(ConflictError);
      expect(refusal.message).toMatch(
        /account name "Fraud Models" is already requested by someone else in your owner group \(group:default\/fraud-ml\)\. Choose another name/,
      );
      for (const leak of [first.request.id, JANE, 'state']) {
        expect(refusal.message).not.toContain(leak);
      }
      await expect(
        service.create(body({ owner: 'group:default/search' }), BOB, {
          dryRun: true,
        }),
      ).rejects.toThrow(
        /is already requested by another team \(owner group group:default\/fraud-ml\)\. Choose/,
      );
      const readable = await service
        .create(body(), BOB, {
          canRead: holder => holder.id === first.request.id,
        })
        .catch(e => e);
      expect(readable.message).toContain(
        `It is request ${first.request.id}, requested by ${JANE}, in state requested.`,
      );
      await expect(
        service.create(body({ owner: 'group:default/other' }), JANE),
      ).rejects.toThrow(ConflictError);
      // The same email through another name.
      await expect(
        service.create(
          body({ name: 'Other Name', email: 'FRAUD@corp.example' }),
          BOB,
        ),
      ).rejects.toThrow(
        /The root email fraud@corp.example is already requested/,
      );
      // The same requester with other fields: told to cancel first.
      await expect(
        service.create(
          body({ costCenter: 'CC-9', email: 'fraud@corp.example' }),
          JANE,
        ),
      ).rejects.toThrow(/You already have request .* Cancel it/);

      // Once rejected, the name is free again.
      await service.decide(first.request.id, 'reject', ADA, 'no');
      const bobs = await service.create(body(), BOB);
      expect(bobs.created).toBe(true);
    });

    it('lets the requester retry a failed request, taking its hold over', async () => {
      const { service, store } = await setUp();
      const { request } = await service.create(
        body({ environment: 'development' }),
        JANE,
      );
      const claimed = await store.claim({
        workerId: 'w1',
        leaseMs: 60_000,
        now: Date.now(),
        actor: 'service:ai-governance',
      });
      await service.workerTransition({
        id: claimed!.record.id,
        workerId: 'w1',
        to: 'failed',
        changes: { accountId: '123456789012', failureReason: 'move failed' },
      });
      await expect(
        service.create(body({ environment: 'development' }), BOB),
      ).rejects.toThrow(/already requested by someone else/);
      const retry = await service.create(
        body({ environment: 'development' }),
        JANE,
      );
      expect(retry.created).toBe(true);
      expect(retry.request.id).not.toBe(request.id);
    });

    it('refuses a name or email that an account of the organization already has, naming it and its owner', async () => {
      const snapshot = {
        organization: { id: 'o-1', managementAccountId: '111111111111' },
        capturedAt: '2026-01-01T00:00:00.000Z',
        policies: [],
        nodes: [
          {
            id: '222222222222',
            kind: 'account',
            name: 'Payments',
            email: 'payments@corp.example',
            parentId: 'r-1',
            tags: {},
            policyIds: [],
          },
          {
            id: '333333333333',
            kind: 'account',
            name: 'Search',
            email: 'aws+search@example.com',
            parentId: 'r-1',
            tags: {
              'ai-governance:owner': 'group:default/search',
              'ai-governance:request': 'prod-search-12345678',
            },
            policyIds: [],
          },
        ],
      } as OrgSnapshot;
      const { service } = await setUp({ snapshot });
      await expect(
        service.create(body({ name: 'payments' }), JANE),
      ).rejects.toThrow(
        /An account named "Payments" already exists in the organization: account 222222222222, which was not created by AI Governance/,
      );
      await expect(
        service.create(body({ email: 'payments@corp.example' }), JANE),
      ).rejects.toThrow(/root email payments@corp.example/);
      await expect(
        service.create(body({ name: 'Search' }), JANE),
      ).rejects.toThrow(/belongs to group:default\/search/);
    });

    it('applies the root email policy', async () => {
      const { service } = await setUp();
      await expect(
        service.create(body({ email: 'me@gmail.com' }), JANE),
      ).rejects.toThrow(
        /domain "gmail.com" is not allowed: use an address at corp.example/,
      );
      const ok = await service.create(
        body({ email: 'Fraud.Root@corp.example' }),
        JANE,
      );
      expect(ok.request.email).toBe('Fraud.Root@corp.example');
      expect(ok.request.emailGiven).toBe(true);
    });

    it('refuses a tag longer than AWS allows instead of truncating it', async () => {
      const { service, store } = await setUp();
      await expect(
        service.create(
          body({ owner: `group:default/${'x'.repeat(250)}` }),
          JANE,
        ),
      ).rejects.toThrow(/AWS allows at most 256/);
      expect(await store.list()).toEqual([]);
    });

    it('filters lists by state, requester and permission conditions in SQL', async () => {
      const { service, store } = await setUp();
      const a = await service.create(body({ name: 'Alpha One' }), JANE);
      const b = await service.create(
        body({ name: 'Beta One', owner: 'group:default/search' }),
        BOB,
      );
      await service.create(
        body({
          name: 'Gamma One',
          owner: 'group:default/other',
          environment: 'development',
        }),
        ADA,
      );
      const ids = (list: { id: string }[]) => list.map(r => r.id).sort();
      expect(
        ids(await store.list({ criteria: { requestedBy: [JANE] } })),
      ).toEqual([a.request.id]);
      expect(
        ids(
          await store.list({
            criteria: {
              anyOf: [
                { requestedBy: [JANE] },
                { ownerIn: ['group:default/search'] },
              ],
            },
          }),
        ),
      ).toEqual(ids([a.request, b.request]));
      expect(
        ids(
          await store.list({
            criteria: { not: { requestedBy: [JANE, BOB] } },
            states: ['approved'],
          }),
        ),
      ).toHaveLength(1);
      expect(await store.list({ criteria: { anyOf: [] } as any })).toEqual([]);
      expect(ids(await store.list({ requestedBy: BOB }))).toEqual([
        b.request.id,
      ]);
      expect(await store.list({ states: ['ready'] })).toEqual([]);
    });

    it('lets exactly one of two backends claim an approved request, and another resume it once the lease expired', async () => {
      const { service, store } = await setUp();
      const { request } = await service.create(
        body({ environment: 'development' }),
        JANE,
      );
      const now = Date.now();
      const claims = await Promise.all([
        store.claim({ workerId: 'a', leaseMs: 1000, now, actor: 's' }),
        store.claim({ workerId: 'b', leaseMs: 1000, now, actor: 's' }),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = claims.find(Boolean)!.record.claimedBy!;
      expect(
        await store.claim({
          workerId: 'c',
          leaseMs: 1000,
          now: now + 500,
          actor: 's',
        }),
      ).toBeUndefined();
      // The winner's heartbeat keeps it; the loser's does nothing.
      expect(
        await store.heartbeat({
          id: request.id,
          workerId: winner,
          leaseMs: 1000,
          now: now + 900,
        }),
      ).toBe(true);
      expect(
        await store.heartbeat({
          id: request.id,
          workerId: 'zz',
          leaseMs: 1000,
          now: now + 900,
        }),
      ).toBe(false);
      // The winner dies: after its lease another backend resumes, and the old claim is void.
      const resumed = await store.claim({
        workerId: 'c',
        leaseMs: 1000,
        now: now + 2000,
        actor: 's',
      });
      expect(resumed?.resumedFrom).toBe(winner);
      expect(resumed?.record.attempts).toBe(2);
      expect(resumed?.record.history.at(-1)?.comment).toMatch(/Resumed/);
      const late = await service.workerTransition({
        id: request.id,
        workerId: winner,
        to: 'ready',
        changes: { accountId: '123456789012' },
      });
      expect(late).toBeUndefined();
      const done = await service.workerTransition({
        id: request.id,
        workerId: 'c',
        to: 'ready',
        changes: { accountId: '123456789012', engine: 'organizations-api' },
      });
      expect(done).toMatchObject({ state: 'ready', accountId: '123456789012' });
      expect(done!.claimedBy).toBeUndefined();
      // Cancelling a request that started provisioning is refused with who moved it.
      await expect(
        service.decide(request.id, 'cancel', JANE, undefined),
      ).rejects.toThrow(/already ready by service:ai-governance/);
    });
  },
);
