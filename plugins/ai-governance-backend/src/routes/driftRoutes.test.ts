import path from 'path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  compileOrgModel,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { loadBaselineModel } from '@internal/plugin-ai-governance-node';
import request from 'supertest';
import { addDriftRoutes, defaultBaseline } from './driftRoutes';
import { startRoutes } from '../__testUtils__/routesTestPlugin';

const baselineFile = path.resolve(
  __dirname,
  '../../../../guardrails/baseline.yaml',
);

function start(
  snapshot: OrgSnapshot,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return startRoutes(
    (router, services) =>
      addDriftRoutes(router, {
        ...services,
        getSnapshot: async () => snapshot,
      }),
    result,
  );
}

describe('GET /drift', () => {
  const model = loadBaselineModel(baselineFile);

  it('is in sync for an organization built from the baseline', async () => {
    const server = await start(
      compileOrgModel(model, { capturedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const res = await request(server).get('/api/ai-governance/drift');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      inSync: true,
      items: [],
      baseline: 'governance-baseline',
      snapshotTime: '2026-01-01T00:00:00.000Z',
    });
  });

  it('shows an edited policy and a missing OU', async () => {
    const live = compileOrgModel(model);
    const policy = live.policies.find(p => p.name === 'guardrail-region-lock')!;
    policy.content = '{"Version":"2012-10-17","Statement":[]}';
    live.nodes = live.nodes.filter(n => n.name !== 'Infrastructure');
    const res = await request(await start(live)).get(
      '/api/ai-governance/drift',
    );
    expect(res.status).toBe(200);
    expect(res.body.inSync).toBe(false);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        kind: 'policy-changed',
        policyName: 'guardrail-region-lock',
        policyId: policy.id,
      }),
      expect.objectContaining({
        kind: 'ou-missing',
        path: 'Root/Infrastructure',
      }),
    ]);
  });

  it('requires credentials and the tree read permission', async () => {
    const server = await start(compileOrgModel(model), AuthorizeResult.DENY);
    expect((await request(server).get('/api/ai-governance/drift')).status).toBe(
      403,
    );
    const res = await request(server)
      .get('/api/ai-governance/drift')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('GET /drift with a configured baseline file', () => {
  it('compares with that file, and says what to set when it cannot be read', async () => {
    await expect(defaultBaseline('no-such-baseline.yaml')).rejects.toThrow(
      /The governance baseline cannot be read: .*cannot read no-such-baseline.yaml/s,
    );
    const model = await defaultBaseline(baselineFile);
    expect(model.metadata?.name).toBe('governance-baseline');
  });
});
