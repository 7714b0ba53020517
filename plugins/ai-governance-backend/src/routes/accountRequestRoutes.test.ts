import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
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
import request from 'supertest';
import {
  readAccountRequestSettings,
  type AccountRequestSettings,
} from '../services/accountRequests/settings';
import {
  ADA,
  BOB,
  JANE,
  body,
  recordingAuditor,
  testSettings,
} from '../services/accountRequests/__testUtils__/fakes';
import { inMemoryAccountRequests } from '../services/accountRequests/__testUtils__/inMemoryRequests';
import { createAccountRequestRouter } from './accountRequestRoutes';

const MALLORY = 'user:default/mallory';
const TASK_1 = '3f8a2c1e-5b7d-4e9a-8c6f-1a2b3c4d5e6f';
const TASK_2 = '9d0e1f2a-3b4c-4d5e-8f70-8192a3b4c5d6';
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

/** The groups each user belongs to, as the catalog would resolve them (the user's own ref included). */
const MEMBERSHIP: Record<string, string[]> = {
  [JANE]: ['group:default/fraud-ml'],
  [DEVON]: ['group:default/fraud-ml', 'group:default/Web-Shop'],
  [ADA]: ['group:default/governance-admins'],
  [BOB]: ['group:default/governance-admins'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const userEntityRef = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef,
      ownershipEntityRefs: [
        userEntityRef,
        ...(MEMBERSHIP[userEntityRef] ?? []),
      ],
    };
  },
};

async function setUp(
  permissions: PermissionsService = rolePermissions(),
  settings: AccountRequestSettings = testSettings(),
) {
  const { auditor, events } = recordingAuditor();
  const { store, service } = await inMemoryAccountRequests({
    auditor,
    settings,
  });
  const app = express();
  app.use(
    createAccountRequestRouter({
      httpAuth: mockServices.httpAuth(),
      permissions,
      auditor,
      service,
      userInfo,
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
      .send(body({ taskId: TASK_1 }));
    expect(created.status).toBe(201);
    expect(created.body.created).toBe(true);
    const id = created.body.request.id;
    expect(created.body.request).toMatchObject({
      state: 'requested',
      requestedBy: JANE,
      taskId: TASK_1,
    });
    expect(created.body.request.requestKey).toBeUndefined();

    const again = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ taskId: TASK_2 }));
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

  it('refuse a takeover of a name another requester holds, telling the owner group only to who may not read the request', async () => {
    const { app } = await setUp();
    const first = await request(app)
      .post('/account-requests')
      .set('Authorization', as(ADA))
      .send(body({ owner: 'group:default/search' }));
    expect(first.status).toBe(201);
    for (const path of ['/account-requests', '/account-requests?dryRun=true']) {
      const takeover = await request(app)
        .post(path)
        .set('Authorization', as(JANE))
        .send(body());
      expect(takeover.status).toBe(409);
      expect(takeover.body.error.message).toMatch(
        /^The account name "Fraud Models" is already requested by another team \(owner group group:default\/search\)\. Choose another name/,
      );
      for (const leak of [first.body.request.id, ADA, 'state']) {
        expect(takeover.body.error.message).not.toContain(leak);
      }
    }
    // A governance admin may read every request: told which one it is.
    const admin = await request(app)
      .post('/account-requests?dryRun=true')
      .set('Authorization', as(BOB))
      .send(body());
    expect(admin.status).toBe(409);
    expect(admin.body.error.message).toContain(
      `It is request ${first.body.request.id}, requested by ${ADA}, in state requested.`,
    );
  });

  it("bind the owner group to the requester's groups (403 listing them), admins excepted, with the owner ref normalised", async () => {
    const { app, store } = await setUp();
    for (const path of ['/account-requests', '/account-requests?dryRun=true']) {
      const other = await request(app)
        .post(path)
        .set('Authorization', as(DEVON))
        .send(
          body({ environment: 'development', owner: 'group:default/search' }),
        );
      expect(other.status).toBe(403);
      expect(other.body.error.message).toBe(
        'You can only request accounts for groups you belong to: user:default/devon, group:default/fraud-ml, group:default/web-shop. group:default/search is not one of them; ask a member of that group, or a governance admin, to request it.',
      );
    }
    expect(await store.list()).toEqual([]);

    // Short and differently cased refs name the same group, and are stored in the catalog's form.
    const mine = await request(app)
      .post('/account-requests')
      .set('Authorization', as(DEVON))
      .send(body({ environment: 'development', owner: 'WEB-SHOP' }));
    expect(mine.status).toBe(201);
    expect(mine.body.request.fields.owner).toBe('group:default/web-shop');

    const bad = await request(app)
      .post('/account-requests')
      .set('Authorization', as(DEVON))
      .send(body({ environment: 'development', owner: 'group:a/b/c' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/is not an entity ref/);

    // An admin requests for any group.
    const admin = await request(app)
      .post('/account-requests')
      .set('Authorization', as(ADA))
      .send(
        body({
          name: 'Search Ranking',
          environment: 'development',
          owner: 'group:default/search',
        }),
      );
    expect(admin.status).toBe(201);
  });

  it('accept only a scaffolder task id (a UUID) as taskId, and audit it with the caller', async () => {
    const { app, store, events } = await setUp();
    const bad = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ taskId: 'anything I like' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /taskId: must be the id of the scaffolder task submitting the request \(a UUID\)/,
    );
    expect(await store.list()).toEqual([]);

    const ok = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ taskId: TASK_1 }));
    expect(ok.status).toBe(201);
    const audited = events.filter(
      e => e.eventId === 'account-request-create' && e.outcome === 'success',
    );
    expect(audited).toHaveLength(1);
    expect(audited[0].meta).toMatchObject({
      requestId: ok.body.request.id,
      requestedBy: JANE,
      taskId: TASK_1,
    });
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

    // A given email is pointed out to the approver; a pattern email is not.
    const given = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ email: 'fraud-root@corp.example' }));
    expect(given.status).toBe(201);
    expect(given.body.request.emailGivenByRequester).toBe(true);
    const read = await request(app)
      .get(`/account-requests/${given.body.request.id}`)
      .set('Authorization', as(JANE));
    expect(read.body.emailGivenByRequester).toBe(true);
    const pattern = await request(app)
      .post('/account-requests')
      .set('Authorization', as(JANE))
      .send(body({ name: 'Pattern Mail' }));
    expect(pattern.status).toBe(201);
    expect(pattern.body.request.email).toBe('aws+pattern-mail@example.com');
    expect(pattern.body.request).not.toHaveProperty('emailGivenByRequester');
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
