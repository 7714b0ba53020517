import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EffectivePoliciesResponse,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { SnapshotView } from '../services/inventory/SnapshotView';
import { addEffectivePolicyRoutes } from './effectivePolicyRoutes';

/**
 * Root → AI OU → account, tag policies at the root (assigns the key, two values, allows children only to append) and
 * on the OU (appends one value, tries to remove one: not allowed), a Bedrock policy on the account, backup enabled
 * but unused. "Inheritance operators", https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html.
 */
const snapshot: OrgSnapshot = {
  organization: { id: 'o-test', managementAccountId: '111111111111' },
  capturedAt: '2026-12-01T00:00:00.000Z',
  nodes: [
    {
      id: 'r-test',
      kind: 'root',
      name: 'Root',
      enabledPolicyTypes: [
        'SERVICE_CONTROL_POLICY',
        'TAG_POLICY',
        'BACKUP_POLICY',
        'BEDROCK_POLICY',
      ],
      tags: {},
      policyIds: ['p-FullAWSAccess', 'p-tagroot'],
    },
    {
      id: 'ou-test-aiaiaiai',
      kind: 'ou',
      name: 'AI',
      parentId: 'r-test',
      tags: {},
      policyIds: ['p-FullAWSAccess', 'p-tagai'],
    },
    {
      id: '222222222222',
      kind: 'account',
      name: 'ml-prod',
      parentId: 'ou-test-aiaiaiai',
      state: 'ACTIVE',
      tags: {},
      policyIds: ['p-FullAWSAccess', 'p-bedrock'],
    },
  ],
  policies: [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: true,
      content:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    },
    {
      id: 'p-tagroot',
      name: 'CostCenterTags',
      type: 'TAG_POLICY',
      awsManaged: false,
      content: JSON.stringify({
        tags: {
          costcenter: {
            tag_key: { '@@assign': 'CostCenter' },
            tag_value: {
              '@@assign': ['cc-1', 'cc-2'],
              '@@operators_allowed_for_child_policies': ['@@append'],
            },
          },
        },
      }),
    },
    {
      id: 'p-tagai',
      name: 'AiCostCenters',
      type: 'TAG_POLICY',
      awsManaged: false,
      content: JSON.stringify({
        tags: {
          costcenter: {
            tag_value: { '@@append': ['cc-ai'], '@@remove': ['cc-1'] },
          },
        },
      }),
    },
    {
      id: 'p-bedrock',
      name: 'EnforceGuardrail',
      type: 'BEDROCK_POLICY',
      awsManaged: false,
      content: JSON.stringify({
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: {
                identifier: {
                  '@@assign':
                    'arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123:1',
                },
              },
            },
          },
        },
      }),
    },
  ],
};

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const view = new SnapshotView(snapshot);
  const server = await startRoutes(
    (router, services) =>
      addEffectivePolicyRoutes(router, {
        ...services,
        getView: async () => view,
      }),
    result,
  );
  return { server };
}

const PATH = '/api/ai-governance/nodes/222222222222/effective-policies';

describe('GET /nodes/:id/effective-policies', () => {
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

  it("answers an account's effective policy of each enabled management type, each value with its sources", async () => {
    const { server } = await start();
    const res = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body = res.body as EffectivePoliciesResponse;
    expect(body.account).toEqual({
      id: '222222222222',
      kind: 'account',
      name: 'ml-prod',
    });
    // SCPs have no effective policy; the management types enabled, in the product's order.
    expect(body.types.map(t => t.type)).toEqual([
      'TAG_POLICY',
      'BACKUP_POLICY',
      'BEDROCK_POLICY',
    ]);
    const tag = body.types[0];
    expect(tag.document).toEqual({
      tags: {
        costcenter: {
          tag_key: 'CostCenter',
          tag_value: ['cc-1', 'cc-2', 'cc-ai'],
        },
      },
    });
    expect(
      tag.entries.map(e => [
        e.path.join('/'),
        e.value,
        e.sources.map(s => `${s.operator} ${s.policy.name} at ${s.node.name}`),
      ]),
    ).toEqual([
      [
        'tags/costcenter/tag_key',
        'CostCenter',
        ['@@assign CostCenterTags at Root'],
      ],
      [
        'tags/costcenter/tag_value',
        ['cc-1', 'cc-2', 'cc-ai'],
        ['@@assign CostCenterTags at Root', '@@append AiCostCenters at AI'],
      ],
    ]);
    expect(tag.entries[1].sources[1].node).toEqual({
      id: 'ou-test-aiaiaiai',
      kind: 'ou',
      name: 'AI',
    });
    // The removal the root forbids is not applied, and the answer says so.
    expect(tag.warnings).toEqual([
      expect.stringMatching(
        /^AiCostCenters at AI uses @@remove on tags › costcenter › tag_value, which is not applied: /,
      ),
    ]);
    expect(
      tag.chain.map(l => [l.node.name, l.policies.map(p => p.name)]),
    ).toEqual([
      ['Root', ['CostCenterTags']],
      ['AI', ['AiCostCenters']],
      ['ml-prod', []],
    ]);

    const backup = body.types[1];
    expect(backup.document).toBeUndefined();
    expect(backup.entries).toEqual([]);

    const bedrock = body.types[2];
    expect(bedrock.entries).toEqual([
      {
        path: [
          'bedrock',
          'guardrail_inference',
          'us-east-1',
          'config_1',
          'identifier',
        ],
        value: 'arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123:1',
        sources: [
          {
            node: { id: '222222222222', kind: 'account', name: 'ml-prod' },
            policy: { id: 'p-bedrock', name: 'EnforceGuardrail' },
            operator: '@@assign',
          },
        ],
      },
    ]);
  });

  it('computes an account once per snapshot', async () => {
    const view = new SnapshotView(snapshot);
    const first = view.effectivePolicies('222222222222');
    expect(view.effectivePolicies('222222222222')).toBe(first);
  });

  it('answers 404 for an unknown id and 400 for a root or OU, saying what to ask instead', async () => {
    const { server } = await start();
    const unknown = await request(server)
      .get('/api/ai-governance/nodes/999999999999/effective-policies')
      .set('Authorization', mockCredentials.user.header());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /No account with id 999999999999/,
    );

    const ou = await request(server)
      .get('/api/ai-governance/nodes/ou-test-aiaiaiai/effective-policies')
      .set('Authorization', mockCredentials.service.header());
    expect(ou.status).toBe(400);
    expect(ou.body.error.message).toMatch(
      /accounts only .* Ask for an account under it/,
    );
  });
});
