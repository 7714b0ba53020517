import path from 'path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BaselinePostureResponse,
  compileOrgModel,
  OrgModel,
  OrgSnapshot,
  parseOrgModel,
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
  baseline?: OrgModel,
) {
  return startRoutes(
    (router, services) =>
      addDriftRoutes(router, {
        ...services,
        getSnapshot: async () => snapshot,
        ...(baseline ? { getBaseline: async () => baseline } : {}),
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

describe('GET /drift/posture', () => {
  const PATH = '/api/ai-governance/drift/posture';
  const OPT_OUT = JSON.stringify({
    services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
  });
  /** A baseline that opts every account out of AI services' data use. */
  const baseline = parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
metadata: { name: opt-out-baseline }
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, AISERVICES_OPT_OUT_POLICY]
  policies:
    - { name: opt-out, type: AISERVICES_OPT_OUT_POLICY, document: '${OPT_OUT}' }
  root:
    policies: [FullAWSAccess, opt-out]
`);
  /** Two member accounts without any AI services opt-out policy. */
  function live(): OrgSnapshot {
    return compileOrgModel(
      parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '222222222222' }
          - { name: ml-prod, email: ml-prod@example.com, id: '333333333333' }
`),
      { capturedAt: '2026-01-01T00:00:00.000Z' },
    );
  }
  /** The same baseline without its opt-out policy: applying it leaves the accounts opted in. */
  const withoutOptOut = parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
metadata: { name: no-opt-out }
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess]
`);

  it('checks the organization as the baseline would leave it, and changes nothing', async () => {
    const snapshot = live();
    const pristine = JSON.stringify(snapshot);
    const res = await request(
      await start(snapshot, AuthorizeResult.ALLOW, baseline),
    ).get(PATH);
    expect(res.status).toBe(200);
    const body = res.body as BaselinePostureResponse;
    expect(body).toMatchObject({
      baseline: 'opt-out-baseline',
      snapshotTime: '2026-01-01T00:00:00.000Z',
      changes: 3,
      posture: { accountsChecked: 2 },
    });
    expect(body.posture.findings.map(f => f.code)).not.toContain(
      'POSTURE_AI_OPT_OUT_NOT_SET',
    );
    // The finding the organization has now, cleared by the baseline's opt-out policy.
    expect(body.findingsNow).toBeGreaterThan(0);
    expect(body.introduced).toEqual([]);
    expect(body.resolved).toContainEqual(
      expect.objectContaining({
        code: 'POSTURE_AI_OPT_OUT_NOT_SET',
        accountNames: ['ml-dev', 'ml-prod'],
      }),
    );
    expect(JSON.stringify(snapshot)).toBe(pristine);
  });

  it('lists the findings the baseline leaves, with their fix and accounts', async () => {
    const res = await request(
      await start(live(), AuthorizeResult.ALLOW, withoutOptOut),
    ).get(PATH);
    expect(res.status).toBe(200);
    const body = res.body as BaselinePostureResponse;
    expect(body.changes).toBe(0);
    // Already there today: left by the baseline, not brought by it.
    expect(body.introduced).toEqual([]);
    expect(body.resolved).toEqual([]);
    expect(body.findingsNow).toBe(body.posture.findings.length);
    expect(body.posture.findings).toContainEqual(
      expect.objectContaining({
        code: 'POSTURE_AI_OPT_OUT_NOT_SET',
        severity: 'warning',
        fix: expect.any(String),
        accountNames: ['ml-dev', 'ml-prod'],
      }),
    );
  });

  it('says what to set when no baseline is installed', async () => {
    const server = await startRoutes(
      (router, services) =>
        addDriftRoutes(router, {
          ...services,
          getSnapshot: async () => live(),
          baselineFile: 'no-such-baseline.yaml',
        }),
      AuthorizeResult.ALLOW,
    );
    const res = await request(server).get(PATH);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /The governance baseline cannot be read/,
    );
  });

  it('requires credentials and the policy read permission', async () => {
    const server = await start(live(), AuthorizeResult.DENY, baseline);
    expect((await request(server).get(PATH)).status).toBe(403);
    const res = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
