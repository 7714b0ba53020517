/*
 * The plain-language summaries: every statement of every policy of the shared corpus gets a sentence, policies that
 * can change nothing say so, and a handful of representative policies read as checked by eye.
 */
import fs from 'fs';
import path from 'path';
import { parsePolicyDocument } from '../policy/document';
import {
  corpusDir,
  presentOrRequired,
  readJson,
  repoRoot,
} from '../policy/__testUtils__/node';
import { summarizePolicy } from './summarize';

const guardrail = (name: string) =>
  fs.readFileSync(
    path.join(repoRoot(), 'guardrails', 'rendered', `${name}.json`),
    'utf8',
  );

const doc = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('summarizePolicy on representative policies (read by eye)', () => {
  it('the approved Bedrock models guardrail', () => {
    const s = summarizePolicy(
      guardrail('guardrail-ai-approved-bedrock-models'),
    );
    expect(s.headline).toBe('Restricts Bedrock (2 Deny statements).');
    expect(s.sentences.map(x => x.text)).toEqual([
      'Statement "DenyInvokingUnapprovedFoundationModels": Denies bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on every resource except model anthropic.claude-3-5-sonnet-20240620-v1:0, inference profile *.anthropic.claude-3-5-sonnet-20240620-v1:0, model amazon.titan-text-express-v1 and model amazon.titan-embed-text-v2:0.',
      'Statement "RequireBedrockGuardrail": Denies bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream, unless bedrock:GuardrailIdentifier matches arn:aws:bedrock:*:*:guardrail/*.',
    ]);
    expect(s.doesNothing).toBeUndefined();
  });

  it('the region lock: NotAction, a Region list and a principal exemption', () => {
    const s = summarizePolicy(guardrail('guardrail-region-lock'));
    expect(s.headline).toBe(
      'Restricts almost every action (all but the listed exceptions) and Bedrock (2 Deny statements), except for callers matching arn:aws:iam::*:role/GovernanceSecurityAdmin.',
    );
    expect(s.sentences[0].text).toMatch(
      /^Statement "DenyOutsideApprovedRegions": Denies every action except every a4b action, every Account Management action, .* and 37 more, unless the requested Region is one of us-east-1, us-west-2 or eu-west-1, or the caller's ARN matches arn:aws:iam::\*:role\/GovernanceSecurityAdmin\.$/,
    );
  });

  it('the AI opt-out policy, locked at the root', () => {
    const s = summarizePolicy(guardrail('guardrail-ai-services-opt-out'));
    expect(s.type).toBe('AISERVICES_OPT_OUT_POLICY');
    expect(s.sentences[0].text).toBe(
      'For every AI service not named otherwise: opts out of AI service data use, locked: no OU or account below can change it.',
    );
    expect(s.sentences).toHaveLength(8);
  });

  it('an allow-list next to FullAWSAccess does nothing', () => {
    const allowEc2 = doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    expect(summarizePolicy(allowEc2).headline).toBe(
      'An allow-list: where this service control policy (SCP) replaces FullAWSAccess, only the actions it allows remain possible; next to FullAWSAccess it does nothing.',
    );
    const beside = summarizePolicy(allowEc2, { alongsideFullAwsAccess: true });
    expect(beside.doesNothing).toMatch(
      /FullAWSAccess attached at the same place/,
    );
    expect(beside.sentences[0].text).toBe(
      'Statement 1: Allows every EC2 action.',
    );
  });

  it('a Deny whose condition can never match does nothing, and says why', () => {
    const s = summarizePolicy(
      doc({
        Sid: 'Contradiction',
        Effect: 'Deny',
        Action: 's3:Delete*',
        Resource: '*',
        Condition: {
          Null: { 'aws:PrincipalTag/team': 'true' },
          StringEquals: { 'aws:PrincipalTag/team': 'ml' },
        },
      }),
    );
    expect(s.doesNothing).toBe('none of its statements can ever apply');
    expect(s.sentences[0].noEffect).toBe(true);
    expect(s.sentences[0].text).toBe(
      'Statement "Contradiction": Denies S3 actions starting with Delete when the caller\'s tag team is absent and the caller\'s tag team is ml. It can never apply: it requires aws:principaltag/team to be absent and to have a value at once.',
    );
  });

  it('an RCP with a principal, set operators, IfExists and a tag exemption', () => {
    const s = summarizePolicy(
      doc({
        Sid: 'EnforceOrgIdentities',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'sqs:*'],
        NotResource: 'arn:aws:s3:::public-*',
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' },
          'ForAnyValue:StringLike': { 'aws:TagKeys': 'secret-*' },
          StringNotEquals: { 'aws:PrincipalTag/team': 'ml-platform' },
          Bool: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
    expect(s.type).toBe('RESOURCE_CONTROL_POLICY');
    expect(s.sentences[0].text).toBe(
      'Statement "EnforceOrgIdentities": Denies every S3 action and every SQS action on every resource except arn:aws:s3:::public-* when any of the tag keys in the request matches secret-* and the caller is not an AWS service, unless the caller\'s organization is o-abc123, or the caller\'s tag team is ml-platform.',
    );
  });
});

interface ManifestEntry {
  file: string;
  kind: 'SCP' | 'RCP' | 'AISERVICES_OPT_OUT_POLICY' | 'OTHER';
  validJson: boolean;
}

/**
 * Policies of the shared corpus, each summary read against its document by eye (operators, NotAction/NotResource,
 * exemptions, IfExists) before it was written down here.
 */
const corpusSummaries: Array<[string, string, string[]]> = [
  [
    'data-perimeter__resource_control_policies__data_perimeter_governance_rcp.json',
    'Restricts STS (1 Deny statement), except for callers matching admin or <my-org-id>.',
    [
      'Statement "ProtectDataPerimeterSessionTags": Denies sts:TagSession when SAML:aud is absent and any of the tag keys in the request matches any of dp:* or team, unless the caller\'s tag team is admin, or the caller\'s organization is <my-org-id>.',
    ],
  ],
  [
    'scp-examples__Service-specific-controls__Amazon-Bedrock__Deny-Bedrock-model-invocation-except-approved-models.json',
    'Restricts Bedrock and bedrock-mantle (2 Deny statements).',
    [
      'Statement "DenyUsageOfModelsWithBedrock": Denies bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream and bedrock:PutFoundationModelEntitlement on every resource except model <unique-identifier>.*.',
      'Statement "DenyUsageOfModelsWithBedrockMantle": Denies every bedrock-mantle action when bedrock-mantle:Model matches <model-identifier>.',
    ],
  ],
  [
    'scp-examples__Privileged-access-controls__Deny-member-accounts-from-leaving-your-AWS-organization.json',
    'Restricts Organizations (1 Deny statement).',
    ['Statement 1: Denies organizations:LeaveOrganization.'],
  ],
  [
    'scp-examples__Privileged-access-controls__Deny-the-root-user-from-performing-actions-except-S3-bucketpolicy-changes.json',
    'Restricts almost every action (all but the listed exceptions) (1 Deny statement).',
    [
      "Statement 1: Denies every action except s3:GetBucketPolicy, s3:PutBucketPolicy and s3:DeleteBucketPolicy when the caller's ARN matches arn:aws:iam::*:root.",
    ],
  ],
  [
    'primeharbor__Policies__Sec-RootUsage.md__block1.json',
    'Restricts every service (1 Deny statement).',
    [
      'Statement "DenyRootUsage": Denies every action when the caller\'s ARN matches arn:aws:iam::*:root.',
    ],
  ],
  [
    'lza__source__packages__@aws-accelerator__accelerator__test__configs__all-enabled__service-control-policies__quarantine.json',
    'Restricts every service (1 Deny statement), except for callers matching arn:${PARTITION}:iam::*:role/${MANAGEMENT_ACCOUNT_ACCESS_ROLE}, arn:${PARTITION}:iam::*:role/aws*, arn:${PARTITION}:iam::*:role/${ACCELERATOR_PREFIX}* or 1 more.',
    [
      'Statement "DenyAllAWSServicesExceptBreakglassRoles": Denies every action, unless the caller\'s ARN matches any of arn:${PARTITION}:iam::*:role/${MANAGEMENT_ACCOUNT_ACCESS_ROLE}, arn:${PARTITION}:iam::*:role/aws*, arn:${PARTITION}:iam::*:role/${ACCELERATOR_PREFIX}* or arn:${PARTITION}:iam::*:role/cdk-accel*.',
    ],
  ],
  [
    'scp-examples__Service-specific-controls__Amazon-Bedrock__Deny-Bedrock-long-term-api-keys.json',
    'Restricts Bedrock (1 Deny statement).',
    [
      'Statement 1: Denies bedrock:CallWithBearerToken when bedrock:bearerTokenType is LONG_TERM.',
    ],
  ],
  [
    'primeharbor__ResourceControlPolicies__Sec-S3BlockExternalAccess.md__block1.json',
    'Restricts S3 (1 Deny statement), except for callers matching MY_ORG_ID.',
    [
      'Statement "S3DataPerimeter": Denies every S3 action when the caller is not an AWS service (or it is not known), unless the caller\'s organization is MY_ORG_ID.',
    ],
  ],
  [
    'scp-examples__Service-specific-controls__Amazon-S3__Prevent-Amazon-S3-unencrypted-object-uploads.json',
    'Restricts S3 (1 Deny statement).',
    [
      'Statement 1: Denies s3:PutObject when s3:x-amz-server-side-encryption is absent.',
    ],
  ],
  [
    'lza__source__packages__@aws-accelerator__accelerator__test__configs__all-enabled__resource-control-policies__confused-deputy-attack.json',
    'Restricts SQS, KMS, Secrets Manager and STS (1 Deny statement), except for callers matching arn:${PARTITION}:iam::*:role/${ACCELERATOR_PREFIX}*, arn:${PARTITION}:iam::*:role/${MANAGEMENT_ACCOUNT_ACCESS_ROLE} or arn:${PARTITION}:iam::*:role/cdk-accel*.',
    [
      'Statement "EnforceConfusedDeputyProtection": Denies every SQS action, every KMS action, every Secrets Manager action and every STS action, unless the source organization is ${ORG_ID}, or the caller\'s ARN matches any of arn:${PARTITION}:iam::*:role/${ACCELERATOR_PREFIX}*, arn:${PARTITION}:iam::*:role/${MANAGEMENT_ACCOUNT_ACCESS_ROLE} or arn:${PARTITION}:iam::*:role/cdk-accel*.',
    ],
  ],
  [
    'welldone-sandbox__scp-deny-using-other-services.json',
    'Restricts almost every action (all but the listed exceptions) (1 Deny statement).',
    [
      'Statement 1: Denies every action except every acm action, every athena action, every autoscaling action, every aws-portal action, every budgets action, every ce action, every cloudfront action, every cloudshell action and 26 more.',
    ],
  ],
  [
    'primeharbor__AI_OPTOUT.md__block1.json',
    'Opts the accounts out of AI service data use for every AI service.',
    [
      'No OU or account below can add a service or change the ones named here.',
      'For every AI service not named otherwise: opts out of AI service data use, locked: no OU or account below can change it.',
    ],
  ],
];

const dir = corpusDir();
presentOrRequired(
  dir !== undefined,
  'The shared corpus (../shared/corpus from the repository root)',
);
const describeCorpus = dir ? describe : describe.skip;

describeCorpus('summarizePolicy on the shared corpus', () => {
  const manifest: ManifestEntry[] = dir
    ? readJson<ManifestEntry[]>(path.join(dir, 'manifest.json'))
    : [];
  const read = (f: string) =>
    fs.readFileSync(path.join(dir!, 'policies', f), 'utf8');

  it('gives every statement of every SCP and RCP a sentence', () => {
    const policies = manifest.filter(
      m => m.validJson && (m.kind === 'SCP' || m.kind === 'RCP'),
    );
    expect(policies.length).toBeGreaterThan(90);
    let statements = 0;
    for (const m of policies) {
      const text = read(m.file);
      const summary = summarizePolicy(text, {
        type:
          m.kind === 'SCP'
            ? 'SERVICE_CONTROL_POLICY'
            : 'RESOURCE_CONTROL_POLICY',
      });
      const parsed = parsePolicyDocument(text.replace(/^\uFEFF/, '')).document;
      expect(parsed).toBeDefined();
      for (const st of parsed!.statements) {
        statements++;
        const sentence = summary.sentences.find(
          s => s.statementIndex === st.index,
        );
        expect({ file: m.file, index: st.index, text: sentence?.text }).toEqual(
          {
            file: m.file,
            index: st.index,
            text: expect.stringMatching(
              /^Statement .+: (Denies|Allows|.*Effect)/,
            ),
          },
        );
      }
      expect(summary.headline.length).toBeGreaterThan(10);
    }
    expect(statements).toBeGreaterThan(150);
  });

  it('covers every service of the AI opt-out policies', () => {
    for (const m of manifest.filter(
      x => x.validJson && x.kind === 'AISERVICES_OPT_OUT_POLICY',
    )) {
      const json = JSON.parse(read(m.file).replace(/^\uFEFF/, ''));
      const summary = summarizePolicy(JSON.stringify(json), {
        type: 'AISERVICES_OPT_OUT_POLICY',
      });
      expect(summary.sentences.map(s => s.service).sort()).toEqual(
        Object.keys(json.services).sort(),
      );
    }
  });

  it('says an invalid document is not JSON instead of throwing', () => {
    for (const m of manifest.filter(x => !x.validJson)) {
      expect(summarizePolicy(read(m.file)).doesNothing).toBe(
        'it is not valid JSON',
      );
    }
  });
});

describeCorpus(
  'summarizePolicy on a dozen corpus policies (read by eye)',
  () => {
    it.each(corpusSummaries)('%s', (file, headline, sentences) => {
      const s = summarizePolicy(
        fs.readFileSync(path.join(dir!, 'policies', file), 'utf8'),
      );
      expect(s.headline).toBe(headline);
      expect(s.sentences.map(x => x.text)).toEqual(sentences);
      expect(s.problems).toEqual([]);
      expect(s.doesNothing).toBeUndefined();
    });
  },
);
