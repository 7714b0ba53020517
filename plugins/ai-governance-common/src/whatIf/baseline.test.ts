/* The baseline plan as a what-if: applying its change set brings the organization to the baseline, and the diff says who loses what. */
import { planBaseline } from '../guardrails/baselinePlan';
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { parseOrgModel } from '../orgModel/parse';
import type { OrgSnapshot } from '../orgModel/types';
import { applyChangeSet } from './apply';
import { baselineChangeSet, baselineWhatIf } from './baseline';

const DENY_LEAVE =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}';
const AI_ONLY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"bedrock:DeleteCustomModel","Resource":"*"}]}';

const MODEL = parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
metadata: { name: test-baseline }
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  policies:
    - { name: deny-leave, type: SERVICE_CONTROL_POLICY, document: '${DENY_LEAVE}' }
    - { name: ai-only, type: SERVICE_CONTROL_POLICY, document: '${AI_ONLY}' }
  root:
    policies: [FullAWSAccess, deny-leave]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, ai-only]
        organizationalUnits:
          - name: AI Production
            policies: [FullAWSAccess, ai-only]
`);

/** The live organization: deny-leave edited to deny nothing, no ai-only, no AI Production, one account in AI. */
function live(): OrgSnapshot {
  const snapshot = compileOrgModel(
    parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  policies:
    - name: deny-leave
      type: SERVICE_CONTROL_POLICY
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:DeleteVpc","Resource":"*"}]}'
  root:
    policies: [FullAWSAccess, deny-leave]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '222222222222' }
`),
    { capturedAt: '2026-01-01T00:00:00.000Z' },
  );
  return snapshot;
}

describe('baselineWhatIf', () => {
  it('turns the plan into a change set whose result matches the baseline (only reports left)', () => {
    const org = live();
    const plan = planBaseline(org, MODEL);
    const changeSet = baselineChangeSet(org, plan, 'baseline test-baseline');
    expect(changeSet.description).toBe('Apply baseline test-baseline');
    const { after, applied } = applyChangeSet(org, changeSet.changes);
    expect(applied).toEqual([
      'Create ai-only.',
      'Edit deny-leave.',
      'Create the OU AI Production in AI.',
      'Attach ai-only to AI.',
      'Attach ai-only to AI Production.',
    ]);
    expect(
      planBaseline(after, MODEL).filter(c => c.action !== 'report'),
    ).toEqual([]);
  });

  it('says which accounts lose which requests when the baseline is applied', () => {
    const result = baselineWhatIf(live(), MODEL);
    expect(result.plan.length).toBeGreaterThan(0);
    const w = result.whatIf!;
    // Putting the baseline's deny-leave back lifts the deny on ec2:DeleteVpc someone wrote into it: that opens access.
    expect(w.opensAccess).toBe(true);
    const lost = w.byProbe
      .filter(p => p.direction === 'loses')
      .map(p => p.probe);
    expect(lost).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^organizations:LeaveOrganization/),
        expect.stringMatching(/^bedrock:DeleteCustomModel/),
      ]),
    );
    expect(
      w.byProbe
        .filter(p => p.direction === 'gains')
        .map(p => [p.probe, p.dangerous]),
    ).toEqual([[expect.stringMatching(/^ec2:DeleteVpc/), true]]);
    expect(w.policySummaries.map(s => [s.change, s.policyName])).toEqual([
      ['create', 'ai-only'],
      ['edit', 'deny-leave'],
    ]);
  });

  it('has no what-if when the organization matches the baseline', () => {
    const org = compileOrgModel(MODEL, {
      capturedAt: '2026-01-01T00:00:00.000Z',
    });
    const result = baselineWhatIf(org, MODEL);
    expect(result.plan.filter(c => c.action !== 'report')).toEqual([]);
    expect(result.whatIf).toBeUndefined();
  });
});
