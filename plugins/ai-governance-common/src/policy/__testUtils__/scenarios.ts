/*
 * Deterministic generated scenarios for the differential tests and the benchmark: small org chains with random
 * SCPs/RCPs built from real actions, resource patterns and condition operators, and requests against them.
 * Test and benchmark code only.
 */
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../../orgModel/types';
import type { SimulationRequest } from '../types';
import { seededRandom } from '../../random';
import { FULL_AWS_ACCESS_POLICY } from '../../orgModel/awsManaged';

export const ORG_ID = 'o-abc123def4';
export const ACCOUNT = '222233334444';
const OUS = ['r-ab12', 'ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb'];

/** Actions with a resource ARN of the right type. */
export const REQUESTS: Array<[string, string]> = [
  ['s3:GetObject', 'arn:aws:s3:::bucket-ml/data.csv'],
  ['s3:PutObject', 'arn:aws:s3:::home-ml/notes.txt'],
  ['s3:ListBucket', 'arn:aws:s3:::bucket-ml'],
  ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/AppRole`],
  ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/OrgAdmin`],
  [
    'kms:Decrypt',
    `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  ],
  ['sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`],
  [
    'bedrock:InvokeModel',
    'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2',
  ],
  [
    'sagemaker:CreateEndpoint',
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/ep1`,
  ],
  ['ec2:DescribeInstances', '*'],
  ['sts:GetCallerIdentity', '*'],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
];

const ACTION_PATTERNS = [
  's3:*',
  's3:Get*',
  's3:*Object',
  's3:?etObject',
  'iam:*',
  'iam:Pass*',
  'kms:Decrypt',
  'sqs:*',
  'bedrock:Invoke*',
  'sagemaker:Create*',
  'ec2:Describe*',
  'ec2:*Instances',
  'sts:*',
  'dynamodb:GetItem',
  'dynamodb:*',
  '*',
];

const RESOURCE_PATTERNS = [
  'arn:aws:s3:::bucket-*',
  'arn:aws:s3:::bucket-ml/*',
  'arn:aws:s3:::home-${aws:PrincipalTag/team}/*',
  'arn:aws:iam::*:role/Org*',
  'arn:aws:kms:*:*:key/*',
  'arn:aws:sqs:eu-*:*:*',
  'arn:aws:bedrock:*::foundation-model/anthropic.*',
  `arn:aws:dynamodb:us-east-1:\${aws:PrincipalAccount}:table/orders`,
  'arn:aws:sagemaker:*:*:endpoint/*',
];

type Cond = [string, string, string[]];
const CONDITIONS: Cond[] = [
  ['StringEquals', 'aws:RequestedRegion', ['eu-west-1']],
  ['StringNotEquals', 'aws:RequestedRegion', ['eu-west-1', 'us-east-1']],
  ['StringEqualsIgnoreCase', 'aws:RequestedRegion', ['EU-WEST-1']],
  ['StringNotEqualsIgnoreCase', 'aws:RequestedRegion', ['US-EAST-1']],
  ['StringLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/Admin*']],
  [
    'StringNotLike',
    'aws:PrincipalArn',
    ['arn:aws:iam::*:role/Admin*', 'arn:aws:iam::*:role/Break?lass'],
  ],
  ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/Admin*']],
  ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/Admin*']],
  ['ArnEquals', 'aws:PrincipalArn', [`arn:aws:iam::${ACCOUNT}:role/Dev`]],
  ['StringEquals', 'aws:PrincipalTag/team', ['ml']],
  [
    'StringNotEquals',
    'aws:PrincipalTag/team',
    ['${aws:PrincipalTag/team}', 'web'],
  ],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8']],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '172.16.0.0/12']],
  ['Bool', 'aws:MultiFactorAuthPresent', ['true']],
  ['Bool', 'aws:MultiFactorAuthPresent', ['false']],
  ['Bool', 'aws:SecureTransport', ['false']],
  ['DateGreaterThan', 'aws:CurrentTime', ['2025-01-01T00:00:00Z']],
  ['DateLessThan', 'aws:CurrentTime', ['2025-01-01T00:00:00Z']],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600']],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['3600']],
  ['Null', 'aws:PrincipalTag/team', ['true']],
  ['Null', 'aws:PrincipalTag/team', ['false']],
  ['StringEquals', 'aws:PrincipalOrgID', [ORG_ID]],
  ['StringNotEquals', 'aws:PrincipalOrgID', [ORG_ID]],
  [
    'ForAnyValue:StringLike',
    'aws:PrincipalOrgPaths',
    [`${ORG_ID}/r-ab12/ou-ab12-aaaaaaaa/*`],
  ],
  [
    'ForAnyValue:StringLike',
    'aws:PrincipalOrgPaths',
    [`${ORG_ID}/r-ab12/ou-ab12-zzzzzzzz/*`],
  ],
  ['ForAllValues:StringLike', 'aws:PrincipalOrgPaths', [`${ORG_ID}/r-ab12/*`]],
  ['StringEquals', 'aws:PrincipalAccount', [ACCOUNT]],
  [
    'ForAnyValue:StringNotLike',
    'aws:PrincipalOrgPaths',
    [`${ORG_ID}/r-ab12/ou-ab12-aaaaaaaa/*`],
  ],
  [
    'ForAllValues:StringNotEquals',
    'aws:PrincipalOrgPaths',
    [`${ORG_ID}/r-ab12/`],
  ],
  [
    'ForAllValues:StringLike',
    'aws:PrincipalOrgPaths',
    [`${ORG_ID}/r-ab12/ou-ab12-zzzzzzzz/*`],
  ],
  [
    'ForAnyValue:StringEquals',
    'aws:PrincipalOrgPaths',
    [`${ORG_ID}/r-ab12/ou-ab12-aaaaaaaa/ou-ab12-bbbbbbbb/`],
  ],
];

export interface Scenario {
  snapshot: OrgSnapshot;
  request: SimulationRequest & {
    resource: string;
    context: Record<string, string | string[]>;
  };
  /** Per level root → account: the policies of each type, as documents. */
  levels: Array<{ id: string; scps: OrgPolicy[]; rcps: OrgPolicy[] }>;
  principalArn: string;
}

const FULL: OrgPolicy = FULL_AWS_ACCESS_POLICY;

export function generateScenarios(count: number, seed = 7): Scenario[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(rand() * max);
    return Array.from({ length: n }, () => pick(xs));
  };
  let policyCounter = 0;

  function statement(
    effect: 'Allow' | 'Deny',
    rcp: boolean,
  ): Record<string, unknown> {
    const st: Record<string, unknown> = { Effect: effect };
    if (rcp) st.Principal = '*';
    if (!rcp && rand() < 0.2)
      st.NotAction = some(
        ACTION_PATTERNS.filter(a => a !== '*'),
        3,
      );
    else
      st.Action = some(
        rcp
          ? ACTION_PATTERNS.filter(a => /^(s3|kms|sqs|sts|dynamodb):/.test(a))
          : ACTION_PATTERNS,
        3,
      );
    const r = rand();
    if (r < 0.55) st.Resource = '*';
    else if (r < 0.85) st.Resource = some(RESOURCE_PATTERNS, 2);
    else st.NotResource = some(RESOURCE_PATTERNS, 2);
    if (rand() < 0.6) {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const [op0, key, values] of some(CONDITIONS, 2)) {
        const op =
          op0 !== 'Null' && !op0.startsWith('For') && rand() < 0.2
            ? `${op0}IfExists`
            : op0;
        condition[op] = { ...(condition[op] ?? {}), [key]: values };
      }
      st.Condition = condition;
    }
    return st;
  }

  function policy(
    type: OrgPolicy['type'],
    effects: Array<'Allow' | 'Deny'>,
  ): OrgPolicy {
    policyCounter++;
    const rcp = type === 'RESOURCE_CONTROL_POLICY';
    return {
      id: `p-${String(policyCounter).padStart(8, '0')}`,
      name: `${rcp ? 'rcp' : 'scp'}-${policyCounter}`,
      type,
      awsManaged: false,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: effects.map(e => statement(e, rcp)),
      }),
    };
  }

  const scenarios: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    const ids = [...OUS, ACCOUNT];
    const levels = ids.map(id => {
      const scps: OrgPolicy[] = [];
      // Usually FullAWSAccess; sometimes an allow-list in its place.
      if (rand() < 0.8) scps.push(FULL);
      else
        scps.push(
          policy('SERVICE_CONTROL_POLICY', [
            'Allow',
            ...(rand() < 0.5 ? (['Allow'] as const) : []),
          ]),
        );
      if (rand() < 0.5)
        scps.push(
          policy(
            'SERVICE_CONTROL_POLICY',
            rand() < 0.8 ? ['Deny'] : ['Deny', 'Deny'],
          ),
        );
      const rcps: OrgPolicy[] =
        rand() < 0.25 ? [policy('RESOURCE_CONTROL_POLICY', ['Deny'])] : [];
      return { id, scps, rcps };
    });
    const nodes: OrgNode[] = ids.map((id, k) => ({
      id,
      kind: nodeKindAt(k, ids.length),
      name: { root: 'Root', account: 'member', ou: `ou${k}` }[
        nodeKindAt(k, ids.length)
      ],
      parentId: k === 0 ? undefined : ids[k - 1],
      tags: {},
      policyIds: [...levels[k].scps, ...levels[k].rcps].map(p => p.id),
      ...(k === 0
        ? {
            enabledPolicyTypes: [
              'SERVICE_CONTROL_POLICY',
              'RESOURCE_CONTROL_POLICY',
            ] as const,
          }
        : {}),
    })) as OrgNode[];
    const policies = new Map<string, OrgPolicy>();
    levels.forEach(l =>
      [...l.scps, ...l.rcps].forEach(p => policies.set(p.id, p)),
    );
    const [action, resource] = pick(REQUESTS);
    const principalArn = `arn:aws:iam::${ACCOUNT}:role/${pick([
      'AdminOps',
      'Dev',
      'BreakGlass',
      'Pipeline',
    ])}`;
    const context: Record<string, string | string[]> = {
      'aws:PrincipalArn': principalArn,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalOrgID': ORG_ID,
      'aws:PrincipalOrgPaths': pick([
        [`${ORG_ID}/r-ab12/ou-ab12-aaaaaaaa/ou-ab12-bbbbbbbb/`],
        [
          `${ORG_ID}/r-ab12/ou-ab12-aaaaaaaa/ou-ab12-bbbbbbbb/`,
          `${ORG_ID}/r-ab12/ou-ab12-zzzzzzzz/`,
        ],
      ]),
      'aws:CurrentTime': pick(['2024-06-01T00:00:00Z', '2026-06-01T00:00:00Z']),
      'aws:RequestedRegion': pick(['us-east-1', 'eu-west-1', 'ap-southeast-2']),
    };
    if (rand() < 0.7) context['aws:PrincipalTag/team'] = pick(['ml', 'web']);
    if (rand() < 0.7)
      context['aws:SourceIp'] = pick(['10.1.2.3', '192.168.1.1', '172.20.0.5']);
    if (rand() < 0.7)
      context['aws:MultiFactorAuthPresent'] = pick(['true', 'false']);
    if (rand() < 0.5) context['aws:MultiFactorAuthAge'] = pick(['60', '7200']);
    if (rand() < 0.7) context['aws:SecureTransport'] = pick(['true', 'false']);
    scenarios.push({
      snapshot: {
        organization: { id: ORG_ID, managementAccountId: '999999999999' },
        nodes,
        policies: [...policies.values()],
        capturedAt: '2026-01-01T00:00:00Z',
      },
      request: { target: ACCOUNT, action, resource, context, principalArn },
      levels,
      principalArn,
    });
  }
  return scenarios;
}

function nodeKindAt(index: number, count: number): OrgNode['kind'] {
  if (index === 0) return 'root';
  return index === count - 1 ? 'account' : 'ou';
}

const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/**
 * The scenario as `@cloud-copilot/iam-simulate`'s request: an identity policy that allows everything, and the SCPs
 * and RCPs of each level, so that only the organization's policies decide. Shared by the differential test and the
 * benchmark, so both compare the same thing.
 */
export function iamSimulateInput(s: Scenario) {
  const levelPolicies = (
    pick: (
      l: Scenario['levels'][number],
    ) => Array<{ name: string; content: string }>,
  ) =>
    s.levels.map(l => ({
      orgIdentifier: l.id,
      policies: pick(l).map(p => ({
        name: p.name,
        policy: JSON.parse(p.content),
      })),
    }));
  return {
    request: {
      principal: s.principalArn,
      action: s.request.action,
      resource: { resource: s.request.resource, accountId: ACCOUNT },
      contextVariables: s.request.context,
    },
    identityPolicies: [{ name: 'allow-all', policy: ALLOW_ALL }],
    serviceControlPolicies: levelPolicies(l => l.scps),
    resourceControlPolicies: levelPolicies(l => l.rcps),
  };
}
