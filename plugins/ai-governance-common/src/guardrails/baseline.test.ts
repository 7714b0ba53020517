import { compileOrgModel } from '../orgModel/compileSnapshot';
import { parseOrgModel } from '../orgModel/parse';
import type { OrgSnapshot } from '../orgModel/types';
import { diffBaseline } from './baselineDrift';
import { planBaseline } from './baselinePlan';
import { samePolicyContent } from './policyContent';

const MODEL = parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
metadata: { name: test-baseline }
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, AISERVICES_OPT_OUT_POLICY]
  policies:
    - name: deny-leave
      type: SERVICE_CONTROL_POLICY
      description: No leaving
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
    - name: ai-only
      type: SERVICE_CONTROL_POLICY
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"bedrock:DeleteCustomModel","Resource":"*"}]}'
    - name: opt-out
      type: AISERVICES_OPT_OUT_POLICY
      document: '{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}'
  root:
    policies: [FullAWSAccess, deny-leave, opt-out]
    organizationalUnits:
      - name: Security
      - name: AI
        policies: [FullAWSAccess, ai-only]
        organizationalUnits:
          - name: AI Production
`);

function live(mutate?: (s: OrgSnapshot) => void): OrgSnapshot {
  const snapshot = compileOrgModel(MODEL, {
    capturedAt: '2026-01-01T00:00:00.000Z',
  });
  // A live organization has ids of its own, and accounts the baseline does not declare.
  snapshot.nodes = snapshot.nodes.map(n => ({
    ...n,
    id: `live-${n.id}`,
    parentId: n.parentId && `live-${n.parentId}`,
  }));
  const ai = snapshot.nodes.find(n => n.name === 'AI')!;
  snapshot.nodes.push({
    id: '999999999999',
    kind: 'account',
    name: 'vended',
    parentId: ai.id,
    tags: {},
    policyIds: ['p-FullAWSAccess'],
  });
  mutate?.(snapshot);
  return snapshot;
}

describe('diffBaseline', () => {
  it('finds no drift in an organization built from the baseline, whatever its ids and accounts', () => {
    const drift = diffBaseline(live(), MODEL);
    expect(drift).toEqual({
      inSync: true,
      items: [],
      baseline: 'test-baseline',
      snapshotTime: '2026-01-01T00:00:00.000Z',
    });
  });

  it('leaves alone policies of types the baseline does not enable: it does not govern them', () => {
    const drift = diffBaseline(
      live(s => {
        s.nodes[0].enabledPolicyTypes = [
          ...(s.nodes[0].enabledPolicyTypes ?? []),
          'TAG_POLICY',
        ];
        s.policies.push({
          id: 'p-tagpolicy',
          name: 'tags',
          type: 'TAG_POLICY',
          awsManaged: false,
          content: '{"tags":{"owner":{"tag_key":{"@@assign":"owner"}}}}',
        });
        s.nodes[0].policyIds.push('p-tagpolicy');
      }),
      MODEL,
    );
    expect(drift).toMatchObject({ inSync: true, items: [] });
  });

  it('reports a changed policy, a missing OU, and extra OUs and attachments', () => {
    const drift = diffBaseline(
      live(s => {
        const policy = s.policies.find(p => p.name === 'ai-only')!;
        policy.content = policy.content.replace(
          'DeleteCustomModel',
          'InvokeModel',
        );
        s.nodes = s.nodes.filter(n => n.name !== 'AI Production');
        const security = s.nodes.find(n => n.name === 'Security')!;
        security.policyIds.push(policy.id);
        s.nodes.push({
          id: 'ou-extra',
          kind: 'ou',
          name: 'Sandbox',
          parentId: s.nodes[0].id,
          tags: {},
          policyIds: [],
        });
        s.nodes.push({
          id: 'ou-extra-child',
          kind: 'ou',
          name: 'Deeper',
          parentId: 'ou-extra',
          tags: {},
          policyIds: [],
        });
      }),
      MODEL,
    );
    expect(drift.inSync).toBe(false);
    expect(
      drift.items.map(i => [i.kind, i.path ?? '', i.policyName ?? '']),
    ).toEqual([
      ['policy-changed', '', 'ai-only'],
      ['attachment-extra', 'Root/Security', 'ai-only'],
      ['ou-missing', 'Root/AI/AI Production', ''],
      ['ou-extra', 'Root/Sandbox', ''],
    ]);
  });

  it('reports a missing policy, a disabled type and missing attachments', () => {
    const drift = diffBaseline(
      live(s => {
        s.policies = s.policies.filter(p => p.name !== 'opt-out');
        s.nodes[0].enabledPolicyTypes = ['SERVICE_CONTROL_POLICY'];
        s.nodes[0].policyIds = s.nodes[0].policyIds.filter(id =>
          s.policies.some(p => p.id === id),
        );
        const ai = s.nodes.find(n => n.name === 'AI')!;
        ai.policyIds = ['p-FullAWSAccess'];
      }),
      MODEL,
    );
    expect(
      drift.items.map(i => [
        i.kind,
        i.path ?? '',
        i.policyName ?? i.policyType ?? '',
      ]),
    ).toEqual([
      ['policy-type-disabled', 'Root', 'AISERVICES_OPT_OUT_POLICY'],
      ['policy-missing', '', 'opt-out'],
      ['attachment-missing', 'Root', 'opt-out'],
      ['attachment-missing', 'Root/AI', 'ai-only'],
    ]);
  });

  it('ignores formatting and key order when comparing documents', () => {
    expect(
      samePolicyContent('{"a":1,"b":[1,2]}', '{\n  "b": [1, 2],\n  "a": 1\n}'),
    ).toBe(true);
    expect(samePolicyContent('{"a":[1,2]}', '{"a":[2,1]}')).toBe(false);
  });
});

describe('planBaseline', () => {
  it('plans everything for an organization that holds only its root', () => {
    const empty = live(s => {
      s.nodes = [
        {
          ...s.nodes[0],
          enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
          policyIds: ['p-FullAWSAccess'],
        },
      ];
      s.policies = s.policies.filter(
        p => p.awsManaged && p.type === 'SERVICE_CONTROL_POLICY',
      );
    });
    const plan = planBaseline(empty, MODEL);
    expect(
      plan.map(c =>
        [c.action, c.path, c.policyName ?? c.policyType]
          .filter(Boolean)
          .join(' '),
      ),
    ).toEqual([
      'enable-policy-type Root AISERVICES_OPT_OUT_POLICY',
      'create-policy deny-leave',
      'create-policy ai-only',
      'create-policy opt-out',
      'create-ou Root/Security',
      'create-ou Root/AI',
      'create-ou Root/AI/AI Production',
      'attach-policy Root deny-leave',
      'attach-policy Root opt-out',
      // FullAWSAccess comes with every new OU; only the baseline's own policy needs attaching.
      'attach-policy Root/AI ai-only',
    ]);
    expect(plan.find(c => c.policyName === 'deny-leave')).toMatchObject({
      content: MODEL.spec.policies[0].document,
      description: 'No leaving',
    });
  });

  it('reports, and never plans to remove, what the baseline does not declare', () => {
    const plan = planBaseline(
      live(s => {
        s.nodes
          .find(n => n.name === 'Security')!
          .policyIds.push(s.policies.find(p => p.name === 'ai-only')!.id);
      }),
      MODEL,
    );
    expect(plan).toEqual([
      expect.objectContaining({
        action: 'report',
        drift: 'attachment-extra',
        path: 'Root/Security',
        policyName: 'ai-only',
      }),
    ]);
  });
});
