import {
  baselineDrift,
  baselinePolicyEdits,
  baselineRemovals,
  unifiedDiff,
} from './stackChanges';
import { smallOrgModel } from '../__testUtils__/orgModels';

const model = smallOrgModel(`
  policies:
    - name: deny-leave
      type: SERVICE_CONTROL_POLICY
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
  root:
    policies: [FullAWSAccess, deny-leave]
    organizationalUnits:
      - name: Keep
`);

const applied = {
  organizationalUnitIds: { 'Root/Keep': 'ou-1', 'Root/Gone': 'ou-2' },
  policyIds: { 'deny-leave': 'p-1', retired: 'p-2' },
  attachmentIds: {
    'Root/deny-leave': 'r-1:p-1',
    'Root/Gone/retired': 'ou-2:p-2',
  },
  policies: {
    'deny-leave': {
      id: 'p-1',
      type: 'SERVICE_CONTROL_POLICY',
      content:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:*","Resource":"*"}]}',
    },
  },
  enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
};

describe('unifiedDiff', () => {
  it('writes hunks with context, and nothing for equal texts', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i'];
    expect(unifiedDiff(before, after, { from: 'x', to: 'y' }, 1)).toEqual([
      '--- x',
      '+++ y',
      '@@ -3,3 +3,3 @@',
      ' c',
      '-d',
      '+D',
      ' e',
      '@@ -8,1 +8,2 @@',
      ' h',
      '+i',
    ]);
    expect(unifiedDiff(before, before, { from: 'x', to: 'y' })).toEqual([]);
  });
});

describe('changes against the last applied outputs', () => {
  it('lists removals by resource name, edits with a diff, and drift against AWS', () => {
    expect(baselineRemovals(model, applied)).toEqual([
      'attachment/Root/Gone/retired',
      'ou/Root/Gone',
      'policy/retired',
    ]);
    expect(baselineRemovals(model, undefined)).toEqual([]);
    const [edit] = baselinePolicyEdits(model, applied);
    expect(edit.policyName).toBe('deny-leave');
    expect(edit.diff).toContain('-      "Action": "organizations:*",');
    expect(edit.diff).toContain(
      '+      "Action": "organizations:LeaveOrganization",',
    );
    const live = {
      organization: { id: 'o-1', managementAccountId: '111111111111' },
      nodes: [],
      capturedAt: '',
      policies: [
        {
          id: 'p-1',
          name: 'deny-leave',
          type: 'SERVICE_CONTROL_POLICY' as const,
          awsManaged: false,
          content: '{"Version":"2012-10-17","Statement":[]}',
        },
      ],
    };
    expect(baselineDrift(applied, live).map(d => d.policyName)).toEqual([
      'deny-leave',
    ]);
    live.policies[0].content = applied.policies['deny-leave'].content;
    expect(baselineDrift(applied, live)).toEqual([]);
  });
});
