/**
 * The AI posture check on small organizations built for each inconsistency. Bedrock policy facts follow AWS's
 * "Amazon Bedrock policy syntax and examples" (orgs_manage_policies_bedrock_syntax.html): one guardrail per Region,
 * created in that Region by the management account; models in both lists are excluded (Bedrock API reference,
 * ModelEnforcement).
 */
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { parseOrgModel } from '../orgModel/parse';
import { checkAiPosture } from '.';

const MANAGEMENT = '111111111111';
const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const OTHER_MODEL = 'amazon.titan-embed-text-v2:0';
const guardrail = (region: string) =>
  `arn:aws:bedrock:${region}:${MANAGEMENT}:guardrail/abc123def456:1`;

function regionLock(regions: string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideApprovedRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'organizations:*', 'sts:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
      },
    ],
  };
}

const approvedModels = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      NotResource: [
        `arn:aws:bedrock:*::foundation-model/${MODEL}`,
        `arn:aws:bedrock:*::foundation-model/${OTHER_MODEL}`,
      ],
    },
  ],
};

function bedrockPolicy(
  regions: string[],
  models: { included?: string[]; excluded?: string[] } = {},
) {
  return {
    bedrock: {
      guardrail_inference: Object.fromEntries(
        regions.map(r => [
          r,
          {
            config_1: {
              identifier: { '@@assign': guardrail(r) },
              selective_content_guarding: {
                system: { '@@assign': 'selective' },
                messages: { '@@assign': 'comprehensive' },
              },
              model_enforcement: {
                included_models: { '@@assign': models.included ?? ['ALL'] },
                excluded_models: { '@@assign': models.excluded ?? [] },
              },
            },
          },
        ]),
      ),
    },
  };
}

const optOutAll = {
  services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
};

interface Setup {
  lock?: string[];
  bedrock?: object;
  optOut?: object;
  accounts?: number;
}

function org({
  lock = ['us-east-1', 'us-west-2'],
  bedrock = bedrockPolicy(['us-east-1', 'us-west-2']),
  optOut = optOutAll,
  accounts = 2,
}: Setup) {
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const accountLines = Array.from(
    { length: accounts },
    (_, i) => `          - { name: ai-${i}, email: ai-${i}@example.com }`,
  ).join('\n');
  const yaml = `apiVersion: ai-governance/v1
kind: Organization
metadata: { name: posture-test }
spec:
  managementAccount: { name: management, email: m@example.com, id: '${MANAGEMENT}' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, AISERVICES_OPT_OUT_POLICY, BEDROCK_POLICY]
  policies:
    - { name: region-lock, type: SERVICE_CONTROL_POLICY, document: ${json(
      regionLock(lock),
    )} }
    - { name: approved-models, type: SERVICE_CONTROL_POLICY, document: ${json(
      approvedModels,
    )} }
    - { name: ai-guardrail, type: BEDROCK_POLICY, document: ${json(bedrock)} }
    - { name: opt-out, type: AISERVICES_OPT_OUT_POLICY, document: ${json(
      optOut,
    )} }
  root:
    policies: [FullAWSAccess, region-lock, opt-out]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, approved-models, ai-guardrail]
        accounts:
${accountLines}
`;
  return compileOrgModel(parseOrgModel(yaml), {
    capturedAt: '2026-12-01T00:00:00Z',
  });
}

describe('checkAiPosture', () => {
  it('finds nothing when the model allow-list, the guardrail Regions, the region lock and the opt-out agree', () => {
    const report = checkAiPosture(org({}));
    expect(report.findings).toEqual([]);
    expect(report.accountsChecked).toBe(2);
    expect(report.chainsChecked).toBe(1);
  });

  it('reports models allowed in a Region the guardrail does not cover, naming the policies and nodes', () => {
    const report = checkAiPosture(
      org({ bedrock: bedrockPolicy(['us-east-1']) }),
    );
    expect(report.findings.map(f => f.code)).toEqual([
      'POSTURE_GUARDRAIL_REGION_GAP',
    ]);
    const [f] = report.findings;
    expect(f.severity).toBe('error');
    expect(f.regions).toEqual(['us-west-2']);
    expect(f.models).toEqual([OTHER_MODEL, MODEL].sort());
    expect(f.message).toMatch(
      /allowed in us-west-2 .* but the enforced guardrail covers only us-east-1/,
    );
    expect(f.fix).toMatch(/ai-guardrail/);
    expect(f.fix).toMatch(/region-lock/);
    expect(f.policies.map(p => `${p.name}@${p.node.name}`)).toEqual([
      'ai-guardrail@AI',
      'region-lock@Root',
    ]);
    expect(f.accountNames).toEqual(['ai-0', 'ai-1']);
  });

  it('reports an allowed model excluded from guardrail enforcement', () => {
    const report = checkAiPosture(
      org({
        bedrock: bedrockPolicy(['us-east-1', 'us-west-2'], {
          excluded: [OTHER_MODEL],
        }),
      }),
    );
    expect(report.findings.map(f => f.code)).toEqual([
      'POSTURE_MODEL_NOT_GUARDED',
    ]);
    expect(report.findings[0].models).toEqual([OTHER_MODEL]);
    expect(report.findings[0].regions).toEqual(['us-east-1', 'us-west-2']);
    expect(report.findings[0].message).toMatch(/excluded from guardrail/);
  });

  it('reports a guardrail Region the region lock denies', () => {
    const report = checkAiPosture(
      org({ bedrock: bedrockPolicy(['us-east-1', 'us-west-2', 'eu-west-1']) }),
    );
    expect(report.findings.map(f => `${f.severity} ${f.code}`)).toEqual([
      'warning POSTURE_REGION_LOCK_DENIES_GUARDRAIL',
    ]);
    const [f] = report.findings;
    expect(f.regions).toEqual(['eu-west-1']);
    expect(f.policies.map(p => p.name)).toContain('region-lock');
  });

  it('reports a guardrail that cannot be enforced (DRAFT version) as breaking every call', () => {
    const policy = bedrockPolicy(['us-east-1', 'us-west-2']);
    (
      policy.bedrock.guardrail_inference['us-west-2'] as any
    ).config_1.identifier['@@assign'] = guardrail('us-west-2').replace(
      /:1$/,
      ':DRAFT',
    );
    const codes = checkAiPosture(org({ bedrock: policy })).findings.map(
      f => f.code,
    );
    expect(codes).toEqual([
      'POSTURE_GUARDRAIL_REGION_GAP',
      'POSTURE_GUARDRAIL_UNUSABLE',
    ]);
  });

  it('reports AI services the accounts are not opted out of', () => {
    const report = checkAiPosture(
      org({
        optOut: {
          services: {
            default: { opt_out_policy: { '@@assign': 'optOut' } },
            rekognition: { opt_out_policy: { '@@assign': 'optIn' } },
          },
        },
      }),
    );
    expect(report.findings.map(f => f.code)).toEqual([
      'POSTURE_AI_OPT_OUT_NOT_SET',
    ]);
    expect(report.findings[0].services).toEqual(['rekognition']);
    expect(report.findings[0].message).toMatch(
      /AI opt-out not set for rekognition/,
    );
  });

  it('checks a 1,000-account organization once per distinct chain', () => {
    const report = checkAiPosture(
      org({ bedrock: bedrockPolicy(['us-east-1']), accounts: 1000 }),
    );
    expect(report.accountsChecked).toBe(1000);
    expect(report.chainsChecked).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].accountIds).toHaveLength(1000);
  });
});
