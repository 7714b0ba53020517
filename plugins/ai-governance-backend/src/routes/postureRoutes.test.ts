import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { type OrgSnapshot } from '@internal/plugin-ai-governance-common';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import request from 'supertest';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';
import { addPostureRoutes } from './postureRoutes';

/** Two member accounts and no AI services opt-out policy: each is reported as not opted out. */
const snapshot: OrgSnapshot = smallSnapshot(
  `
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
          - { name: ml-prod, email: ml-prod@example.com, id: '444444444444' }
`,
  { capturedAt: '2026-01-01T00:00:00.000Z' },
);

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const catalog = await loadIamDataCatalog();
  const ensureServices = jest.spyOn(catalog, 'ensureServices');
  const server = await startRoutes(
    (router, services) =>
      addPostureRoutes(router, {
        ...services,
        getSnapshot: async () => snapshot,
        catalog: Promise.resolve(catalog),
      }),
    result,
  );
  return { server, ensureServices };
}

const PATH = '/api/ai-governance/posture';

describe('GET /posture', () => {
  it('answers 401 without credentials and 403 without the policy read permission', async () => {
    const { server } = await start();
    const anonymous = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);

    const denied = await request((await start(AuthorizeResult.DENY)).server)
      .get(PATH)
      .set('Authorization', mockCredentials.user.header());
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/ai-governance.policy.read/);
  });

  it('answers the posture findings of the snapshot to a service, computed once per snapshot', async () => {
    const { server, ensureServices } = await start();
    const res = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.snapshotTime).toBe('2026-01-01T00:00:00.000Z');
    expect(res.body.accountsChecked).toBe(2);
    const optOut = res.body.findings.find(
      (f: { code: string }) => f.code === 'POSTURE_AI_OPT_OUT_NOT_SET',
    );
    expect(optOut.accountIds.sort()).toEqual(['333333333333', '444444444444']);
    expect(optOut.fix).toEqual(expect.any(String));

    const again = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.user.header());
    expect(again.body).toEqual(res.body);
    expect(ensureServices).toHaveBeenCalledTimes(1);
  });
});
