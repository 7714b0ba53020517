/* The AI posture after the baseline: the plan applied to a copy of the live organization, then the posture check. */
import { planBaseline } from '../guardrails/baselinePlan';
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { parseOrgModel } from '../orgModel/parse';
import type { OrgSnapshot } from '../orgModel/types';
import { checkAiPosture } from '../posture/check';
import {
  baselineDocuments,
  baselinePosture,
  baselineSnapshot,
  comparePosture,
} from './baselinePosture';

const OPT_OUT = JSON.stringify({
  services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
});

const MODEL = parseOrgModel(`
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

/** The live organization: two member accounts, AI services opt-out policies not even enabled. */
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

const codes = (r: { findings: Array<{ code: string }> }) =>
  r.findings.map(f => f.code);

describe('baselinePosture', () => {
  it('checks the organization as the plan leaves it: the opt-out the baseline attaches clears the live finding', () => {
    const org = live();
    const before = checkAiPosture(org);
    expect(codes(before)).toContain('POSTURE_AI_OPT_OUT_NOT_SET');
    const optOutFinding = before.findings.find(
      f => f.code === 'POSTURE_AI_OPT_OUT_NOT_SET',
    )!;
    expect(optOutFinding.accountNames).toEqual(['ml-dev', 'ml-prod']);

    const plan = planBaseline(org, MODEL);
    const after = baselinePosture(org, plan, {
      baselineName: 'opt-out-baseline',
    });
    expect(after.accountsChecked).toBe(2);
    expect(codes(after)).not.toContain('POSTURE_AI_OPT_OUT_NOT_SET');
    // The live organization is left as it was.
    expect(org.policies.map(p => p.name)).not.toContain('opt-out');
    expect(codes(checkAiPosture(org))).toContain('POSTURE_AI_OPT_OUT_NOT_SET');
  });

  it('gives the live organization back when the plan changes nothing', () => {
    const org = compileOrgModel(MODEL, {
      capturedAt: '2026-01-01T00:00:00.000Z',
    });
    const plan = planBaseline(org, MODEL);
    expect(baselineSnapshot(org, plan)).toBe(org);
    expect(baselinePosture(org, plan)).toEqual(checkAiPosture(org));
  });

  it('names the documents whose services a caller must load: the live policies and the plan’s', () => {
    const org = live();
    const plan = planBaseline(org, MODEL);
    const docs = baselineDocuments(org, plan);
    expect(docs).toContain(OPT_OUT);
    for (const p of org.policies) expect(docs).toContain(p.content);
  });

  it('says which findings the baseline brings and which it clears, whatever their wording', () => {
    const org = live();
    const before = checkAiPosture(org);
    const after = baselinePosture(org, planBaseline(org, MODEL));
    const cleared = comparePosture(before, after);
    expect(cleared.introduced).toEqual([]);
    expect(cleared.resolved.map(f => f.code)).toContain(
      'POSTURE_AI_OPT_OUT_NOT_SET',
    );
    // The other way round (from the baseline's posture back to the live one), the same finding is brought.
    const brought = comparePosture(after, before);
    const index = before.findings.findIndex(
      f => f.code === 'POSTURE_AI_OPT_OUT_NOT_SET',
    );
    expect(brought.introduced).toContain(index);
    expect(brought.resolved).toEqual([]);
    // Reworded (a renamed policy) but about the same accounts and services: the same finding.
    const reworded = {
      ...before,
      findings: before.findings.map(f => ({
        ...f,
        message: `${f.message} (renamed)`,
      })),
    };
    expect(comparePosture(before, reworded)).toEqual({
      introduced: [],
      resolved: [],
    });
    // Another account affected: resolved and introduced.
    const moved = {
      ...before,
      findings: before.findings.map(f => ({
        ...f,
        accountIds: [...f.accountIds, '444444444444'],
      })),
    };
    const diff = comparePosture(before, moved);
    expect(diff.introduced).toHaveLength(before.findings.length);
    expect(diff.resolved).toHaveLength(before.findings.length);
  });
});
