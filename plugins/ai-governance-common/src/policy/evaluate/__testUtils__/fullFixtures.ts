/*
 * Fixtures of the whole-decision tests: a small organization (root, one OU, two member accounts, the management
 * account), request policies and a runner. Test code only.
 */
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../../../orgModel/types';
import type { RequestPolicy, SimulationRequest } from '../../types';
import { simulate } from '..';

export const ORG = 'o-abc123';
export const A = '111111111111'; // member account, resources
export const B = '333333333333'; // member account, principals
export const MGMT = '999999999999';
export const OUTSIDE = '222222222222';

export function orgPolicy(
  id: string,
  statements: unknown[],
  type: OrgPolicy['type'],
): OrgPolicy {
  return {
    id,
    name: id.replace(/^p-/, ''),
    type,
    awsManaged: id === 'p-FullAWSAccess',
    content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  };
}

export function node(
  id: string,
  kind: OrgNode['kind'],
  name: string,
  parentId: string | undefined,
  policyIds: string[],
): OrgNode {
  return { id, kind, name, parentId, policyIds, tags: {} };
}

/** Root → ou-prod → A and B; the management account under the root. Extra policies attach where given. */
export function snapshot(
  attach: Record<string, OrgPolicy[]> = {},
): OrgSnapshot {
  const ids = (n: string) => (attach[n] ?? []).map(p => p.id);
  return {
    organization: { id: ORG, managementAccountId: MGMT },
    nodes: [
      {
        ...node('r-root', 'root', 'Root', undefined, [
          'p-FullAWSAccess',
          ...ids('r-root'),
        ]),
        enabledPolicyTypes: [
          'SERVICE_CONTROL_POLICY',
          'RESOURCE_CONTROL_POLICY',
        ],
      },
      node('ou-prod', 'ou', 'Prod', 'r-root', [
        'p-FullAWSAccess',
        ...ids('ou-prod'),
      ]),
      node(A, 'account', 'data', 'ou-prod', ['p-FullAWSAccess', ...ids(A)]),
      node(B, 'account', 'apps', 'ou-prod', ['p-FullAWSAccess', ...ids(B)]),
      node(MGMT, 'account', 'management', 'r-root', [
        'p-FullAWSAccess',
        ...ids(MGMT),
      ]),
    ],
    policies: [
      orgPolicy(
        'p-FullAWSAccess',
        [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        'SERVICE_CONTROL_POLICY',
      ),
      ...Object.values(attach).flat(),
    ],
    capturedAt: '2026-01-01T00:00:00Z',
  };
}

export function doc(name: string, statements: unknown[]): RequestPolicy {
  return {
    name,
    content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  };
}

export const allowS3 = doc('allow-s3', [
  { Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
]);
export const allowNothing = doc('ec2-only', [
  { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
]);
export const BUCKET = 'arn:aws:s3:::data-bucket/key.csv';
export const roleIn = (acct: string, name = 'App') =>
  `arn:aws:iam::${acct}:role/${name}`;
export const sessionIn = (acct: string, name = 'App') =>
  `arn:aws:sts::${acct}:assumed-role/${name}/s1`;

export function bucketPolicy(
  principal: unknown,
  effect = 'Allow',
  extra: object = {},
) {
  return doc('bucket-policy', [
    {
      Sid: `${effect}Principal`,
      Effect: effect,
      Principal: principal,
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::data-bucket/*',
      ...extra,
    },
  ]);
}

export function run(request: Partial<SimulationRequest>, snap = snapshot()) {
  return simulate(snap, {
    target: A,
    action: 's3:GetObject',
    resource: BUCKET,
    ...request,
  });
}

export const rcpOnlyOutsider = orgPolicy(
  'p-rcp-outsider',
  [
    {
      Sid: 'OnlyPartner',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': OUTSIDE } },
    },
  ],
  'RESOURCE_CONTROL_POLICY',
);
export const scpDenyS3 = orgPolicy(
  'p-scp-nos3',
  [{ Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' }],
  'SERVICE_CONTROL_POLICY',
);
