import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
  aiGovernanceAccountRequestApprovePermission,
} from '@internal/plugin-ai-governance-common';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import knexFactory from 'knex';
import request from 'supertest';
import { AccountRequestService } from '../requests/AccountRequestService';
import { AccountRequestStore } from '../requests/AccountRequestStore';
import {
  readAccountRequestSettings,
  type AccountRequestSettings,
} from '../requests/settings';
import {
  ADA,
  BOB,
  JANE,
  body,
  recordingAuditor,
  testSettings,
} from '../requests/__testUtils__/fakes';
import { createAccountRequestRouter } from './accountRequestRoutes';

const MALLORY = 'user:default/mallory';
/** May request development accounts only. */
const DEVON = 'user:default/devon';
const ADMINS = [ADA, BOB];
const REQUESTERS = [JANE, DEVON, ...ADMINS];

/** Like the plugin's policy: admins may do everything, requesters act on their own and their group's requests. */
function rolePermissions(): PermissionsService {
  const userOf = (c: BackstageCredentials) => {
    const principal = c.principal as { type: string; userEntityRef?: string };
    return principal.type === 'user' ? principal.userEntityRef ?? '' : '';
  };
  const decide = (name: string, user: string): PolicyDecision => {
    if (ADMINS.includes(user)) return { result: AuthorizeResult.ALLOW };
    if (!REQUESTERS.includes(user)) return { result: AuthorizeResult.DENY };
    if (
      name === 'ai-governance.account.create' ||
      (name === 'ai-governance.account.production.create' && user !== DEVON)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      name === 'ai-governance.account-request.read' ||
      name === 'ai-governance.account-request.cancel'
    ) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'ai-governance',
        resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
        conditions: {
          anyOf: [
            {
              rule: 'IS_REQUESTER',
              resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
              params: { userRefs: [user] },
            },
            {
              rule: 'IS_OWNER',
              resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
              params: { ownerRefs: ['group:default/fraud-ml'] },
            },
          ],
        },
      };
    }
    return { result: AuthorizeResult.DENY };
  };
  return {
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const d = decide(r.permission.name, userOf(credentials));
        return {
          result:
            d.result === AuthorizeResult.ALLOW
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r => decide(r.permission.name, userOf(credentials))) as any,
  };
}

const as = (ref: string) => mockCredentials.user.header(ref);

async function setUp(
  permissions: PermissionsService = rolePermissions(),
  settings: AccountRequestSettings = testSettings(),
) {
  const database = mockServices.database({
    knex: knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    }),
  });
  const store = await AccountRequestStore.create({ database });
  const { auditor, events } = recordingAuditor();
  const service = new AccountRequestService({
    store,
    settings,
    auditor,
    logger: mockServices.logger.mock(),
    getSnapshot: async () => undefined,
  });
  const app = express();
  app.use(
    createAccountRequestRouter({
      httpAuth: mockServices.httpAuth(),
      permissions,
      auditor,
      service,
    }),
  );
  app.use(mockErrorHandler());
  return { app, store, events };
}

describe('account request routes', () => {
  it('answer 401 without credentials on every route, and record the failed event', async () => {
    const { app, events } = await setUp();
    const none = mockCredentials.none.header();
    const calls = [
      request(app).post('/account-requests').send(body()),
      request(app).get('/account-requests'),
      request(app).get('/account-requests/req-000000000000'),
      request(app).post('/account-requests/req-000000000000/approve').send({}),
      request(app).post('/account-requests/req-000000000000/reject').send({}),
      request(app).post('/account-requests/req-000000000000/cancel').send({}),
    ];
    for (const call of calls) {
      const res = await call.set('Authorization', none);
      expect(res.status).toBe(401);
    }
    expect(events.map(e => e.outcome)).toEqual(Array(6).fill('fail'));
  });

  it('answer 403 to a user without the permissions, and store nothing', async () => {
    const { app, store } = await setUp();
    const res = await request(app)
      .post('/account-requests')
      .set('Authorization', as(MALLORY))
      .send(body());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /may not request any accounts: ask an AI governance admin for the ai-governance.account.create permission/,
    );
    expect(
      (
        await request(app)
          .get('/account-requests')
          .set('Authorization', as(MALLORY))
      ).status,
    ).toBe(403);
    const prod = await request(app)
      .post('/account-requests')
      .set('Authorization', as(DEVON))
      .send(body());
    expect(prod.status).toBe(403);
    expect(prod.body.error.message).toMatch(
      /may not request production accounts: ask an AI governance admin for the ai-governance.account.production.create permission/,
    );
    const dev = await request(app)
      .post('/account-requests')
      .set('Authorization', as(DEVON))
      .send(body({ environment: 'development' }));
    expect(dev.status).toBe(201);
    expect(dev.body.request.state).toBe('approved');
    expect(await store.list()).toHaveLength(1);
  });

  it('let a requester submit, read and cancel their own request, idempotently, but not approve it', async () => {
    const { app } = await setUp();
    const created = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ taskId: 'task-1' }));
    expect(created.status).toBe(201);
    expect(created.body.created).toBe(true);
    const id = created.body.request.id;
    expect(created.body.request).toMatchObject({
      state: 'requested',
      requestedBy: JANE,
      taskId: 'task-1',
    });
    expect(created.body.request.requestKey).toBeUndefined();

    const again = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ taskId: 'task-2' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, request: { id } });

    const read = await request(app)
      .get(`/account-requests/${id}`)
      .set('Authorization', as(JANE));
    expect(read.status).toBe(200);
    expect(read.body.history).toHaveLength(1);

    const approve = await request(app)
      .post(`/account-requests/${id}/approve`)
      .set('Authorization', as(JANE))
      .send({});
    expect(approve.status).toBe(403);
    expect(approve.body.error.message).toContain(
      aiGovernanceAccountRequestApprovePermission.name,
    );

    const cancel = await request(app)
      .post(`/account-requests/${id}/cancel`)
      .set('Authorization', as(JANE))
      .send({ comment: 'wrong name' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('cancelled');
  });

  it('refuse a takeover of a name another requester holds (409 naming it)', async () => {
    const { app } = await setUp();
    const first = await request(app)
      .post('/account-requests')
      .set('Authorization', as(ADA))
      .send(body({ owner: 'group:default/search' }));
    const takeover = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body());
    expect(takeover.status).toBe(409);
    expect(takeover.body.error.message).toContain(
      `already held by request ${first.body.request.id} of group:default/search, requested by ${ADA}`,
    );
  });

  it('apply the root email policy with 400s that say what to do', async () => {
    const { app } = await setUp();
    const res = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ email: 'mine@gmail.com' }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /domain "gmail.com" is not allowed: use an address at corp.example, or leave the email empty/,
    );
    const bad = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send({ ...body(), extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Invalid account request/);
  });

  it('preview with dryRun=true without storing anything', async () => {
    const { app, store } = await setUp();
    const res = await request(app)
      .post('/account-requests?dryRun=true')
      .set('Authorization', as(JANE))
      .send(body({ environment: 'development' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: false,
      request: { state: 'approved', email: 'aws+fraud-models@example.com' },
    });
    expect(await store.list()).toEqual([]);
  });

  it('enforce four eyes for admins, count one of two approvals, and require a comment to reject', async () => {
    const { app } = await setUp();
    const created = await request(app)
      .post('/account-requests')
      .set('Authorization', as(ADA))
      .send(body());
    const id = created.body.request.id;

    const self = await request(app)
      .post(`/account-requests/${id}/approve`)
      .set('Authorization', as(ADA))
      .send({});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/yourself.*four eyes/);

    const noComment = await request(app)
      .post(`/account-requests/${id}/reject`)
      .set('Authorization', as(BOB))
      .send({});
    expect(noComment.status).toBe(400);

    const approved = await request(app)
      .post(`/account-requests/${id}/approve`)
      .set('Authorization', as(BOB))
      .send({ comment: 'ok' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      decidedBy: BOB,
      decisionComment: 'ok',
    });
    const second = await request(app)
      .post(`/account-requests/${id}/reject`)
      .set('Authorization', as(BOB))
      .send({ comment: 'changed my mind' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      new RegExp(`already approved by ${BOB}`),
    );
  });

  it('list only what a conditional decision allows, by state and mine', async () => {
    const { app } = await setUp();
    const post = (who: string, b: object) =>
      request(app)
        .post('/account-requests')
        .set('Authorization', as(who))
        .send(b);
    const janes = await post(JANE, body());
    const adas = await post(
      ADA,
      body({ name: 'Search Prod', owner: 'group:default/search' }),
    );
    await post(ADA, body({ name: 'Fraud Dev', environment: 'development' }));

    const list = async (who: string, query = '') =>
      (
        await request(app)
          .get(`/account-requests${query}`)
          .set('Authorization', as(who))
      ).body.items
        .map((r: any) => r.fields.name)
        .sort();
    // Jane: her own and those of her group (fraud-ml), not the search team's.
    expect(await list(JANE)).toEqual(['Fraud Dev', 'Fraud Models']);
    expect(await list(JANE, '?mine=true')).toEqual(['Fraud Models']);
    expect(await list(ADA)).toEqual([
      'Fraud Dev',
      'Fraud Models',
      'Search Prod',
    ]);
    expect(await list(ADA, '?state=approved')).toEqual(['Fraud Dev']);
    expect(await list(ADA, '?state=requested,approved')).toHaveLength(3);
    const unknown = await request(app)
      .get('/account-requests?state=done')
      .set('Authorization', as(ADA));
    expect(unknown.status).toBe(400);

    const hidden = await request(app)
      .get(`/account-requests/${adas.body.request.id}`)
      .set('Authorization', as(JANE));
    expect(hidden.status).toBe(403);
    const cancelOther = await request(app)
      .post(`/account-requests/${adas.body.request.id}/cancel`)
      .set('Authorization', as(JANE))
      .send({});
    expect(cancelOther.status).toBe(403);
    expect(janes.status).toBe(201);
  });

  it("serve each record with its environment's configured target OU, on every route", async () => {
    // A customised config: production lands in an OU given by id, development in a path other than the defaults.
    const settings = readAccountRequestSettings(
      new ConfigReader({
        aiGovernance: {
          vending: {
            organizationalUnits: {
              production: 'ou-wk12-prodai01',
              development: 'Workloads/AI Sandbox',
            },
          },
        },
      }),
    );
    const { app } = await setUp(rolePermissions(), {
      ...testSettings(),
      organizationalUnits: settings.organizationalUnits,
    });
    const prod = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body());
    expect(prod.status).toBe(201);
    expect(prod.body.request.targetOrganizationalUnit).toBe('ou-wk12-prodai01');
    const dev = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ name: 'Fraud Dev', environment: 'development' }));
    expect(dev.body.request.targetOrganizationalUnit).toBe(
      'Workloads/AI Sandbox',
    );
    const dryRun = await request(app)
      .post('/account-requests?dryRun=true')
      .set('Authorization', as(JANE))
      .send(body({ name: 'Fraud Preview' }));
    expect(dryRun.body.request.targetOrganizationalUnit).toBe(
      'ou-wk12-prodai01',
    );

    const list = await request(app)
      .get('/account-requests?state=requested')
      .set('Authorization', as(ADA));
    expect(
      list.body.items.map((r: any) => [
        r.fields.name,
        r.targetOrganizationalUnit,
      ]),
    ).toEqual([['Fraud Models', 'ou-wk12-prodai01']]);
    const read = await request(app)
      .get(`/account-requests/${dev.body.request.id}`)
      .set('Authorization', as(JANE));
    expect(read.body.targetOrganizationalUnit).toBe('Workloads/AI Sandbox');
    const approved = await request(app)
      .post(`/account-requests/${prod.body.request.id}/approve`)
      .set('Authorization', as(ADA))
      .send({});
    expect(approved.status).toBe(200);
    expect(approved.body.targetOrganizationalUnit).toBe('ou-wk12-prodai01');
    // Never stored: the worker's bookkeeping stays out of the wire record as before.
    expect(approved.body).not.toHaveProperty('requestKey');
  });

  it('answer 404 for an unknown request', async () => {
    const { app } = await setUp();
    const res = await request(app)
      .get('/account-requests/req-000000000000')
      .set('Authorization', as(ADA));
    expect(res.status).toBe(404);
  });
});
