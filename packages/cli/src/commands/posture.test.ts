/*
 * Tests of `aigov posture`, in-process through commander: the exit status gates a pipeline (2 when a finding is an
 * error, 0 otherwise, 1 for wrong input), and text and JSON carry the findings with their policies and accounts.
 */
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import { runCommands } from '../__testUtils__/runCommands';
import { useTempFiles } from '../__testUtils__/tempFiles';
import { registerPostureCommand } from './posture';

const run = (args: string[]) => runCommands([registerPostureCommand], args);

const file = useTempFiles('aigov-posture-');

/** Models allowed in two Regions, a guardrail enforced in one. */
function gapOrg(): string {
  const lock = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*'],
        Resource: '*',
        Condition: {
          StringNotEquals: {
            'aws:RequestedRegion': ['us-east-1', 'us-west-2'],
          },
        },
      },
    ],
  };
  const bedrock = {
    bedrock: {
      guardrail_inference: {
        'us-east-1': {
          config_1: {
            identifier: {
              '@@assign':
                'arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123def456:1',
            },
            selective_content_guarding: {
              system: { '@@assign': 'selective' },
              messages: { '@@assign': 'comprehensive' },
            },
          },
        },
      },
    },
  };
  const optOut = {
    services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
  };
  const j = (v: unknown) => JSON.stringify(JSON.stringify(v));
  return file(
    'gap.yaml',
    `apiVersion: ai-governance/v1
kind: Organization
metadata: { name: gap }
spec:
  managementAccount: { name: management, email: m@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, AISERVICES_OPT_OUT_POLICY, BEDROCK_POLICY]
  policies:
    - { name: region-lock, type: SERVICE_CONTROL_POLICY, document: ${j(lock)} }
    - { name: ai-guardrail, type: BEDROCK_POLICY, document: ${j(bedrock)} }
    - { name: opt-out, type: AISERVICES_OPT_OUT_POLICY, document: ${j(optOut)} }
  root:
    policies: [FullAWSAccess, region-lock, opt-out, ai-guardrail]
    accounts:
      - { name: genai-a, email: a@example.com }
      - { name: genai-b, email: b@example.com }
`,
  );
}

describe('aigov posture', () => {
  it('exits 2 on an error finding and says what is inconsistent, where, and how to fix it', async () => {
    const r = await run(['posture', '--model', gapOrg()]);
    expect(r.exitCode).toBe(2);
    expect(r.out).toContain('ERROR POSTURE_GUARDRAIL_REGION_GAP');
    expect(r.out).toMatch(
      /Models are allowed in us-west-2 .* but the enforced guardrail covers only us-east-1\./,
    );
    expect(r.out).toContain(
      'Policies: ai-guardrail (BEDROCK_POLICY, attached to Root); region-lock (SERVICE_CONTROL_POLICY, attached to Root)',
    );
    expect(r.out).toMatch(/Accounts \(2\): genai-a \(\d{12}\), genai-b/);
    expect(r.out).toContain('1 error, 0 warnings (exit status 2).');
  });

  it('prints the report as JSON with --format json', async () => {
    const r = await run(['posture', '--model', gapOrg(), '--format', 'json']);
    expect(r.exitCode).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.accountsChecked).toBe(2);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      code: 'POSTURE_GUARDRAIL_REGION_GAP',
      severity: 'error',
      regions: ['us-west-2'],
      accountNames: ['genai-a', 'genai-b'],
    });
  });

  it('prints the inconsistency the demo organization seeds on purpose: a guardrail in us-east-1 only', async () => {
    const r = await run(['posture', '--model', demoOrgModelPath]);
    expect(r.err).toBe('');
    expect(r.exitCode).toBe(2);
    expect(r.out).toMatch(/^Checked 12 member accounts/);
    expect(r.out).toContain('ERROR POSTURE_GUARDRAIL_REGION_GAP');
    expect(r.out).toMatch(
      /Models are allowed in eu-west-1, us-west-2 .* but the enforced guardrail covers only us-east-1\./,
    );
    expect(r.out).toMatch(
      /Policies: demo-bedrock-guardrail-us-east-1 \(BEDROCK_POLICY, attached to Production\); guardrail-region-lock \(SERVICE_CONTROL_POLICY, attached to Root\)/,
    );
    expect(r.out).toMatch(/Accounts \(3\): ml-platform-prod/);
  });

  it('exits 1 with a clear message for wrong input', async () => {
    const none = await run(['posture']);
    expect(none.exitCode).toBe(1);
    expect(none.err).toContain('Give the organization with --model ORG.yaml');
    const format = await run([
      'posture',
      '--model',
      gapOrg(),
      '--format',
      'xml',
    ]);
    expect(format.exitCode).toBe(1);
    expect(format.err).toContain('--format takes text or json');
  });
});
