/*
 * Deterministic generated requests for the whole IAM decision (the differential test and the benchmark): a small
 * organization with generated SCPs and RCPs, principals that are roles, sessions, users, account roots, service
 * principals or anonymous, in the resource's account, another member account or outside the organization, resources
 * inside or outside it, and generated identity, resource-based, boundary, session and VPC endpoint policies.
 * Test and benchmark code only.
 */
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../../orgModel/types';
import type { RequestPolicy, SimulationRequest } from '../types';
import { seededRandom } from '../../random';
import { FULL_AWS_ACCESS_POLICY } from '../../orgModel/awsManaged';
import { RCP_SUPPORTED_SERVICES } from '../evaluate/tables';

export const FULL_ORG_ID = 'o-full12345';
export const RES_ACCOUNT = '111122223333';
export const OTHER_MEMBER = '444455556666';
export const OUTSIDE_ACCOUNT = '777788889999';
const MGMT = '999988887777';
const OU = 'ou-full-aaaaaaaa';

/** Actions with a resource of the resource account (`{A}` is replaced by the resource's account). */
const ACTIONS: Array<[string, string]> = [
  ['s3:GetObject', 'arn:aws:s3:::shared-bucket/data/file.csv'],
  ['s3:PutObject', 'arn:aws:s3:::shared-bucket/upload/x.bin'],
  ['s3:ListBucket', 'arn:aws:s3:::shared-bucket'],
  ['sqs:SendMessage', 'arn:aws:sqs:eu-west-1:{A}:jobs'],
  ['sqs:ReceiveMessage', 'arn:aws:sqs:eu-west-1:{A}:jobs'],
  ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:{A}:table/orders'],
  [
    'secretsmanager:GetSecretValue',
    'arn:aws:secretsmanager:us-east-1:{A}:secret:db-AbCdEf',
  ],
  [
    'bedrock:InvokeModel',
    'arn:aws:bedrock:us-east-1:{A}:provisioned-model/abc123',
  ],
  ['sns:Publish', 'arn:aws:sns:us-east-1:{A}:alerts'],
  // A key policy and a role trust policy must allow even within the account.
  [
    'kms:Decrypt',
    'arn:aws:kms:us-east-1:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ],
  ['sts:AssumeRole', 'arn:aws:iam::{A}:role/Target'],
];

const ACTION_PATTERNS = [
  's3:*',
  's3:Get*',
  's3:PutObject',
  'sqs:*',
  'sqs:Send*',
  'dynamodb:GetItem',
  'secretsmanager:*',
  'bedrock:Invoke*',
  'sns:Publish',
  'kms:*',
  'kms:Decrypt',
  'sts:AssumeRole',
  '*',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::shared-bucket/*',
  'arn:aws:s3:::shared-bucket',
  'arn:aws:sqs:*:*:jobs',
  'arn:aws:dynamodb:*:*:table/*',
  'arn:aws:secretsmanager:*:*:secret:*',
  'arn:aws:bedrock:*:*:*',
  'arn:aws:sns:*:*:alerts',
  'arn:aws:kms:*:*:key/*',
  'arn:aws:iam::*:role/Target',
  'arn:aws:s3:::other-bucket/*',
];
type Cond = Record<string, Record<string, string[]>>;
const CONDITIONS: Cond[] = [
  { StringEquals: { 'aws:PrincipalOrgID': [FULL_ORG_ID] } },
  { StringNotEquals: { 'aws:PrincipalOrgID': [FULL_ORG_ID] } },
  { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': [FULL_ORG_ID] } },
  { StringEquals: { 'aws:PrincipalAccount': [OTHER_MEMBER] } },
  { StringEquals: { 'aws:ResourceAccount': [RES_ACCOUNT] } },
  { StringNotEquals: { 'aws:ResourceOrgID': [FULL_ORG_ID] } },
  { Bool: { 'aws:PrincipalIsAWSService': ['false'] } },
  { BoolIfExists: { 'aws:PrincipalIsAWSService': ['false'] } },
  { StringEquals: { 'aws:PrincipalTag/team': ['ml'] } },
  { StringEquals: { 'aws:ResourceTag/env': ['prod'] } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
  { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Admin*'] } },
  { Null: { 'aws:PrincipalAccount': ['true'] } },
  { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } },
];

/** One generated request and the inputs both evaluators need. */
export interface FullScenario {
  snapshot: OrgSnapshot;
  request: SimulationRequest & { resource: string };
  /** SCPs per level, root first, of the principal's account (empty when none apply). */
  scpLevels: Array<{ id: string; policies: OrgPolicy[] }>;
  /** RCPs per level of the resource's account (empty when none apply). */
  rcpLevels: Array<{ id: string; policies: OrgPolicy[] }>;
  /** The principal as iam-simulate takes it: an ARN, a service principal, or undefined for anonymous. */
  principal?: string;
  resourceAccount: string;
  /** What the scenario exercises, for reports. */
  tags: string[];
}

export function generateFullScenarios(
  count: number,
  seed = 2026,
): FullScenario[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;
  let counter = 0;

  /** The action being generated for: statements name it (or its service) more often than chance would. */
  let focus = 's3:GetObject';
  const statement = (
    effect: 'Allow' | 'Deny',
    extra: object = {},
    rcp = false,
  ) => {
    const st: Record<string, unknown> = { Effect: effect, ...extra };
    const patterns = rcp
      ? ACTION_PATTERNS.filter(a => a !== '*' && !/^(bedrock|sns):/.test(a))
      : ACTION_PATTERNS;
    const focused =
      rcp && !/^(s3|sqs|dynamodb|secretsmanager|kms|sts):/.test(focus)
        ? 's3:*'
        : focus;
    const one = () => (rand() < 0.5 ? focused : pick(patterns));
    st.Action = chance(0.8) ? one() : [one(), pick(patterns)];
    st.Resource = chance(0.6) ? '*' : pick(RESOURCE_PATTERNS);
    if (chance(effect === 'Deny' ? 0.7 : 0.25)) st.Condition = pick(CONDITIONS);
    return st;
  };
  const requestPolicy = (
    name: string,
    statements: object[],
  ): RequestPolicy => ({
    name: `${name}-${++counter}`,
    content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });
  const orgPolicy = (
    type: OrgPolicy['type'],
    statements: object[],
  ): OrgPolicy => ({
    id: `p-${String(++counter).padStart(8, '0')}`,
    name: `${type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : 'scp'}-${counter}`,
    type,
    awsManaged: false,
    content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });

  const scenarios: FullScenario[] = [];
  for (let i = 0; i < count; i++) {
    const tags: string[] = [];
    const [action, resourceTemplate] = pick(ACTIONS);
    focus = action;
    // The org: root → OU → the two member accounts; the management account under the root.
    const scps: Record<string, OrgPolicy[]> = {};
    const rcps: Record<string, OrgPolicy[]> = {};
    for (const id of ['r-full', OU, RES_ACCOUNT, OTHER_MEMBER]) {
      scps[id] = [FULL_AWS_ACCESS_POLICY];
      if (chance(0.15))
        scps[id].push(orgPolicy('SERVICE_CONTROL_POLICY', [statement('Deny')]));
      rcps[id] = chance(0.15)
        ? [
            orgPolicy('RESOURCE_CONTROL_POLICY', [
              statement('Deny', { Principal: '*' }, true),
            ]),
          ]
        : [];
    }
    const node = (
      id: string,
      kind: OrgNode['kind'],
      parentId?: string,
    ): OrgNode => ({
      id,
      kind,
      name: id,
      parentId,
      tags: {},
      policyIds: [...(scps[id] ?? []), ...(rcps[id] ?? [])].map(p => p.id),
    });
    const nodes: OrgNode[] = [
      {
        ...node('r-full', 'root'),
        enabledPolicyTypes: [
          'SERVICE_CONTROL_POLICY',
          'RESOURCE_CONTROL_POLICY',
        ],
      },
      node(OU, 'ou', 'r-full'),
      node(RES_ACCOUNT, 'account', OU),
      node(OTHER_MEMBER, 'account', OU),
      {
        ...node(MGMT, 'account', 'r-full'),
        policyIds: [FULL_AWS_ACCESS_POLICY.id],
      },
    ];
    const policies = new Map<string, OrgPolicy>();
    [...Object.values(scps), ...Object.values(rcps)]
      .flat()
      .forEach(p => policies.set(p.id, p));
    const snapshot: OrgSnapshot = {
      organization: { id: FULL_ORG_ID, managementAccountId: MGMT },
      nodes,
      policies: [...policies.values()],
      capturedAt: '2026-01-01T00:00:00Z',
    };
    const levels = (acct: string, table: Record<string, OrgPolicy[]>) =>
      ['r-full', OU, acct].map(id => ({ id, policies: table[id] }));

    // The resource: usually in the org's account, sometimes in an account outside it.
    const resourceAccount = chance(0.2) ? OUTSIDE_ACCOUNT : RES_ACCOUNT;
    if (resourceAccount === OUTSIDE_ACCOUNT)
      tags.push('resource outside the organization');
    const resource = resourceTemplate.replace('{A}', resourceAccount);

    // The principal.
    const kind = pick([
      'same',
      'same',
      'member',
      'outside',
      'anonymous',
      'service',
    ] as const);
    let principalAccount: string | undefined;
    let principal: string | undefined;
    const request: FullScenario['request'] = {
      target: RES_ACCOUNT,
      action,
      resource,
      resourceOwner: { accountId: resourceAccount },
    };
    if (kind === 'anonymous') {
      request.principal = { anonymous: true };
      tags.push('anonymous');
    } else if (kind === 'service') {
      principal = pick(['cloudtrail.amazonaws.com', 'events.amazonaws.com']);
      request.principal = { service: principal };
      tags.push('service principal');
    } else {
      const otherMember =
        resourceAccount === RES_ACCOUNT ? OTHER_MEMBER : RES_ACCOUNT;
      principalAccount = {
        same: resourceAccount,
        member: otherMember,
        outside: OUTSIDE_ACCOUNT,
      }[kind];
      if (principalAccount === resourceAccount && kind !== 'same')
        principalAccount = OTHER_MEMBER;
      const shape = pick(['role', 'session', 'session', 'user'] as const);
      const name = pick(['AdminOps', 'Dev']);
      principal = {
        role: `arn:aws:iam::${principalAccount}:role/${name}`,
        session: `arn:aws:sts::${principalAccount}:assumed-role/${name}/worker`,
        user: `arn:aws:iam::${principalAccount}:user/${name.toLowerCase()}`,
      }[shape];
      request.principal = {
        arn: principal,
        accountId: principalAccount,
        ...(chance(0.5) ? { tags: { team: pick(['ml', 'web']) } } : {}),
      };
      tags.push(
        principalAccount === resourceAccount ? 'same account' : 'cross-account',
        shape,
      );
      // Identity policies: always given (an allow-all, generated ones, or none at all).
      const r = rand();
      if (r < 0.1) request.identityPolicies = [];
      else if (r < 0.3)
        request.identityPolicies = [
          requestPolicy('identity', [
            { Effect: 'Allow', Action: '*', Resource: '*' },
          ]),
        ];
      else
        request.identityPolicies = [
          requestPolicy('identity', [
            statement('Allow'),
            ...(chance(0.3) ? [statement('Deny')] : []),
          ]),
        ];
      if (chance(0.3)) {
        request.permissionsBoundary = requestPolicy('boundary', [
          statement('Allow'),
        ]);
        tags.push('boundary');
      }
      if (shape === 'session' && chance(0.25)) {
        request.sessionPolicies = [
          requestPolicy('session', [statement('Allow')]),
        ];
        tags.push('session policy');
      }
    }
    // S3 evaluates aws:ResourceTag only on buckets with ABAC enabled, which the request cannot say: no S3 tags.
    if (!action.startsWith('s3:') && chance(0.2))
      request.resourceOwner!.tags = { env: pick(['prod', 'dev']) };

    // The resource-based policy: usually given; always for requests that only it can allow.
    if (
      kind === 'anonymous' ||
      kind === 'service' ||
      kind === 'outside' ||
      kind === 'member' ||
      /^(kms|sts):/.test(action) || // every key has a key policy, every role a trust policy
      chance(0.6)
    ) {
      const principals: unknown[] = [
        '*',
        { AWS: '*' },
        { AWS: principalAccount ?? OTHER_MEMBER },
        { AWS: `arn:aws:iam::${principalAccount ?? RES_ACCOUNT}:root` },
        { AWS: `arn:aws:iam::${principalAccount ?? RES_ACCOUNT}:role/Dev` },
        { AWS: `arn:aws:iam::${principalAccount ?? RES_ACCOUNT}:user/dev` },
        {
          AWS: `arn:aws:sts::${
            principalAccount ?? RES_ACCOUNT
          }:assumed-role/Dev/worker`,
        },
        { AWS: OUTSIDE_ACCOUNT },
        { Service: 'cloudtrail.amazonaws.com' },
      ];
      const statements = [statement('Allow', { Principal: pick(principals) })];
      if (chance(0.3))
        statements.push(statement('Allow', { Principal: pick(principals) }));
      if (chance(0.25))
        statements.push(statement('Deny', { Principal: pick(principals) }));
      // A Deny for everyone but some principals (always applies to a principal with a boundary).
      if (chance(0.15)) {
        const except = pick(principals.filter(x => typeof x === 'object'));
        statements.push(statement('Deny', { NotPrincipal: except }));
        tags.push('NotPrincipal');
      }
      request.resourcePolicy = requestPolicy('resource', statements);
      tags.push('resource policy');
    }
    if (kind !== 'service' && chance(0.15)) {
      request.vpcEndpointPolicy = requestPolicy('vpce', [
        statement('Allow', { Principal: '*' }),
      ]);
      tags.push('VPC endpoint policy');
    }
    const context: Record<string, string> = {};
    if (chance(0.6))
      context['aws:SourceIp'] = pick(['10.1.2.3', '192.168.1.1']);
    if (chance(0.4))
      context['aws:SourceVpce'] = pick(['vpce-1a2b3c4d', 'vpce-99999999']);
    request.context = context;

    const principalInOrg =
      principalAccount === RES_ACCOUNT || principalAccount === OTHER_MEMBER;
    scenarios.push({
      snapshot,
      request,
      scpLevels: principalInOrg ? levels(principalAccount!, scps) : [],
      // RCPs apply to resources of member accounts, and only for the services that support them.
      rcpLevels:
        resourceAccount === RES_ACCOUNT &&
        RCP_SUPPORTED_SERVICES.includes(action.split(':')[0])
          ? levels(resourceAccount, rcps)
          : [],
      principal,
      resourceAccount,
      tags,
    });
  }
  return scenarios;
}
