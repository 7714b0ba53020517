import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotFoundError } from '@backstage/errors';
import {
  OrgModel,
  OrgSnapshot,
  parseOrgModel,
} from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';
import { addWhatIfRoutes, WHAT_IF_ROUTE_MAX_CHANGES } from './whatIfRoutes';

const EU_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyOutsideEu',
      Effect: 'Deny',
      NotAction: 'iam:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
    },
  ],
});
const DENY_BEDROCK = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyNonAnthropic',
      Effect: 'Deny',
      Action: 'bedrock:InvokeModel',
      NotResource: 'arn:aws:bedrock:*::foundation-model/anthropic.*',
    },
  ],
};

/** An org of our own, so that demo org changes do not move these tests. */
const snapshot: OrgSnapshot = smallSnapshot(
  `
  policies:
    - { name: eu-only, type: SERVICE_CONTROL_POLICY, document: '${EU_ONLY}' }
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: Workloads
        policies: [FullAWSAccess, eu-only]
        accounts:
          - { name: web-shop, email: web@example.com, id: '222222222222' }
      - name: AI
        policies: [FullAWSAccess]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
          - { name: ml-prod, email: ml-prod@example.com, id: '444444444444' }
`,
  { capturedAt: '2026-01-01T00:00:00.000Z' },
);
const pristine = JSON.stringify(snapshot);

/** The baseline: the organization above, plus a guardrail on AI that only lets Anthropic models run. */
const BASELINE = parseOrgModel(`apiVersion: ai-governance/v1
kind: Organization
metadata: { name: test-baseline }
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  policies:
    - { name: eu-only, type: SERVICE_CONTROL_POLICY, document: '${EU_ONLY}' }
    - name: deny-non-anthropic
      type: SERVICE_CONTROL_POLICY
      document: '${JSON.stringify(DENY_BEDROCK)}'
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: Workloads
        policies: [FullAWSAccess, eu-only]
      - name: AI
        policies: [FullAWSAccess, deny-non-anthropic]
`);

function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  getBaseline: () => Promise<OrgModel> = async () => BASELINE,
) {
  return startRoutes(
    (router, services) =>
      addWhatIfRoutes(router, {
        ...services,
        getSnapshot: async () => snapshot,
        getBaseline,
      }),
    result,
  );
}

const PATH = '/api/ai-governance/what-if';
const DETACH = {
  changes: [{ op: 'detach', policy: 'eu-only', target: 'Workloads' }],
};

describe('POST /what-if', () => {
  it('answers 401 without credentials and 403 without the policy read permission', async () => {
    const open = await start();
    const anonymous = await request(open)
      .post(PATH)
      .set('Authorization', mockCredentials.none.header())
      .send(DETACH);
    expect(anonymous.status).toBe(401);

    const denied = await request(await start(AuthorizeResult.DENY))
      .post(PATH)
      .set('Authorization', mockCredentials.user.header())
      .send(DETACH);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/ai-governance.policy.read/);
  });

  it('says which accounts lose access to a new guardrail, with its summary, and changes nothing', async () => {
    const res = await request(await start())
      .post(PATH)
      .send({
        description: 'Only Anthropic models in AI',
        changes: [
          {
            op: 'create',
            name: 'deny-non-anthropic',
            document: DENY_BEDROCK,
            attachTo: ['AI'],
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.opensAccess).toBe(false);
    expect(res.body.applied).toEqual([
      'Create deny-non-anthropic.',
      'Attach deny-non-anthropic to AI.',
    ]);
    const losers = new Set(
      res.body.changes
        .filter((c: { direction: string }) => c.direction === 'loses')
        .map((c: { accountName: string }) => c.accountName),
    );
    expect([...losers].sort()).toEqual(['ml-dev', 'ml-prod']);
    expect(res.body.totals.accountsLosing).toBe(2);
    // ml-prod counts as production by its name: its loss is flagged.
    expect(
      res.body.groups.some(
        (g: { dangerous: boolean; accounts: Array<{ name: string }> }) =>
          g.dangerous && g.accounts.some(a => a.name === 'ml-prod'),
      ),
    ).toBe(true);
    expect(res.body.policySummaries).toEqual([
      expect.objectContaining({
        change: 'create',
        policyName: 'deny-non-anthropic',
        after: expect.objectContaining({
          headline: expect.stringMatching(/Bedrock/),
        }),
      }),
    ]);
    expect(JSON.stringify(snapshot)).toBe(pristine);
  });

  it('says when a change opens access', async () => {
    const res = await request(await start())
      .post(PATH)
      .send(DETACH);
    expect(res.status).toBe(200);
    expect(res.body.opensAccess).toBe(true);
    expect(res.body.totals.accountsGaining).toBe(1);
    expect(res.body.warnings[0]).toMatch(/opens access/);
    expect(res.body.byProbe[0]).toMatchObject({
      direction: 'gains',
      dangerous: true,
    });
    expect(JSON.stringify(snapshot)).toBe(pristine);
  });

  it.each([
    [{}, /changes/],
    [{ changes: [] }, /at least one change/],
    [{ changes: [{ op: 'rename', policy: 'eu-only' }] }, /changes\.0\.op/],
    [{ changes: [{ op: 'detach', policy: 'eu-only' }] }, /changes\.0\.target/],
    [
      {
        changes: Array.from({ length: WHAT_IF_ROUTE_MAX_CHANGES + 1 }, () => ({
          op: 'detach',
          policy: 'eu-only',
          target: 'Workloads',
        })),
      },
      /at most 20 changes/,
    ],
    [
      {
        changes: [
          { op: 'edit', policy: 'eu-only', document: 'x'.repeat(20_001) },
        ],
      },
      /at most 20000 characters/,
    ],
    [{ ...DETACH, extra: true }, /Unrecognized key/],
    [{ ...DETACH, probes: [{ action: 'InvokeModel' }] }, /service:Action/],
    // The engine's own refusals come back as 400 with its message.
    [
      { changes: [{ op: 'detach', policy: 'no-such-policy', target: 'AI' }] },
      /No policy is named or numbered "no-such-policy"/,
    ],
    [
      { changes: [{ op: 'attach', policy: 'eu-only', target: 'Workloads' }] },
      /already attached/,
    ],
    [
      { changes: [{ op: 'edit', policy: 'eu-only', document: '{not json' }] },
      /not JSON/,
    ],
  ])('answers 400 with what to fix (%#)', async (body, message) => {
    const res = await request(await start())
      .post(PATH)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(snapshot)).toBe(pristine);
  });
});

describe('GET /drift/what-if', () => {
  const PATH_BASELINE = '/api/ai-governance/drift/what-if';

  it('says which accounts lose what when the baseline is applied, and changes nothing', async () => {
    const res = await request(await start()).get(PATH_BASELINE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      baseline: 'test-baseline',
      snapshotTime: '2026-01-01T00:00:00.000Z',
      changes: 2,
      whatIf: {
        opensAccess: false,
        applied: [
          'Create deny-non-anthropic.',
          'Attach deny-non-anthropic to AI.',
        ],
        totals: { accountsGaining: 0, accountsLosing: 2 },
      },
    });
    expect(res.body.whatIf.policySummaries[0].after.headline).toMatch(
      /Bedrock/,
    );
    expect(JSON.stringify(snapshot)).toBe(pristine);
  });

  it('answers whatIf null when the organization matches the baseline', async () => {
    const same = parseOrgModel(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  policies:
    - { name: eu-only, type: SERVICE_CONTROL_POLICY, document: '${EU_ONLY}' }
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: Workloads
        policies: [FullAWSAccess, eu-only]
      - name: AI
        policies: [FullAWSAccess]
`);
    const res = await request(
      await start(AuthorizeResult.ALLOW, async () => same),
    ).get(PATH_BASELINE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changes: 0, whatIf: null });
  });

  it('requires credentials and the policy read permission, and says when no baseline is installed', async () => {
    const anonymous = await request(await start())
      .get(PATH_BASELINE)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const denied = await request(await start(AuthorizeResult.DENY)).get(
      PATH_BASELINE,
    );
    expect(denied.status).toBe(403);
    const missing = await request(
      await start(AuthorizeResult.ALLOW, async () => {
        throw new NotFoundError('No governance baseline is installed');
      }),
    ).get(PATH_BASELINE);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No governance baseline is installed',
    );
  });
});
