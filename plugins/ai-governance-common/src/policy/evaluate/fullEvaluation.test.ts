/*
 * The whole IAM decision, one documented case per test. Each cites the AWS page that decides it (IAM User Guide
 * unless said otherwise):
 *   [EVAL]  "Policy evaluation logic" / "How AWS enforcement code logic evaluates requests to allow or deny access"
 *   [XACCT] "Cross-account policy evaluation logic"
 *   [PB]    "Permissions boundaries for IAM entities"
 *   [SESS]  "Policies and permissions in IAM", section "Session policies"
 *   [RCP]   AWS Organizations User Guide, "Resource control policies (RCPs)"
 *   [SCP]   AWS Organizations User Guide, "Service control policies (SCPs)"
 *   [KMS]   AWS KMS Developer Guide, "Key policies in AWS KMS" and "Resource control policies in AWS KMS"
 *   [TRUST] "IAM roles" / "Policy evaluation logic": a role trust policy must allow the principal
 *   [KEYS]  "AWS global condition context keys"
 */
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../../orgModel/types';
import type { RequestPolicy, SimulationRequest } from '../types';
import { simulate, PolicyEngineError } from '.';

const ORG = 'o-abc123';
const A = '111111111111'; // member account, resources
const B = '333333333333'; // member account, principals
const MGMT = '999999999999';
const OUTSIDE = '222222222222';

function orgPolicy(
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

function node(
  id: string,
  kind: OrgNode['kind'],
  name: string,
  parentId: string | undefined,
  policyIds: string[],
): OrgNode {
  return { id, kind, name, parentId, policyIds, tags: {} };
}

/** Root → ou-prod → A and B; the management account under the root. Extra policies attach where given. */
function snapshot(attach: Record<string, OrgPolicy[]> = {}): OrgSnapshot {
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

function doc(name: string, statements: unknown[]): RequestPolicy {
  return {
    name,
    content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  };
}

const allowS3 = doc('allow-s3', [
  { Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
]);
const allowNothing = doc('ec2-only', [
  { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
]);
const BUCKET = 'arn:aws:s3:::data-bucket/key.csv';
const roleIn = (acct: string, name = 'App') =>
  `arn:aws:iam::${acct}:role/${name}`;
const sessionIn = (acct: string, name = 'App') =>
  `arn:aws:sts::${acct}:assumed-role/${name}/s1`;

function bucketPolicy(
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

function run(request: Partial<SimulationRequest>, snap = snapshot()) {
  return simulate(snap, {
    target: A,
    action: 's3:GetObject',
    resource: BUCKET,
    ...request,
  });
}

const rcpOnlyOutsider = orgPolicy(
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
const scpDenyS3 = orgPolicy(
  'p-scp-nos3',
  [{ Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' }],
  'SERVICE_CONTROL_POLICY',
);

describe("cross-account requests (the issue's example) [XACCT][RCP][SCP][KEYS]", () => {
  it("aws:PrincipalAccount is the principal's account, so an RCP that allows only that account lets it through", () => {
    const r = run(
      { principal: { accountId: OUTSIDE } },
      snapshot({ [A]: [rcpOnlyOutsider], ['ou-prod']: [scpDenyS3] }),
    );
    expect(r.decision).toBe('Allowed');
    expect(r.derivedContext?.['aws:PrincipalAccount']).toEqual([OUTSIDE]);
    expect(r.derivedContext?.['aws:ResourceAccount']).toEqual([A]);
    // The outsider is not in the organization: no SCP applies to it (the Prod OU's deny is for Prod's principals).
    expect(r.accounts).toEqual({
      principal: { id: OUTSIDE, inOrganization: false },
      resource: { id: A, name: 'data', inOrganization: true },
      crossAccount: true,
    });
    expect(r.derivedContext?.['aws:PrincipalOrgID']).toBeUndefined();
    expect(
      r.steps?.find(s => s.kind === 'SERVICE_CONTROL_POLICY')?.decision,
    ).toBe('NotApplicable');
    expect(r.byType.RESOURCE_CONTROL_POLICY).toBe('Allowed');
  });

  it("the same RCP denies a principal of the resource's own account", () => {
    const r = run({}, snapshot({ [A]: [rcpOnlyOutsider] }));
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.decidedBy).toMatchObject({
      kind: 'RESOURCE_CONTROL_POLICY',
      node: { id: A },
      statement: { sid: 'OnlyPartner' },
    });
  });

  it("SCPs come from the principal's account, never the resource's", () => {
    // B's principals are denied S3 by B's SCP; A's SCPs say nothing about them.
    const snap = snapshot({ [B]: [scpDenyS3] });
    const fromB = run({ principal: { accountId: B } }, snap);
    expect(fromB.decision).toBe('ExplicitDeny');
    expect(fromB.decidedBy).toMatchObject({
      kind: 'SERVICE_CONTROL_POLICY',
      node: { id: B },
    });
    const snap2 = snapshot({ [A]: [scpDenyS3] });
    expect(run({ principal: { accountId: B } }, snap2).decision).toBe(
      'Allowed',
    );
    expect(run({}, snap2).decision).toBe('ExplicitDeny');
  });

  it("the principal's account comes from its ARN when not given", () => {
    const r = run({ principalArn: roleIn(B) }, snapshot({ [B]: [scpDenyS3] }));
    expect(r.accounts?.principal?.id).toBe(B);
    expect(r.decision).toBe('ExplicitDeny');
  });

  it('across accounts both the resource-based policy and the identity side must allow', () => {
    const principal = { arn: roleIn(B) };
    const rp = bucketPolicy({ AWS: roleIn(B) });
    expect(
      run({ principal, identityPolicies: [allowS3], resourcePolicy: rp })
        .decision,
    ).toBe('Allowed');
    const noIdentity = run({
      principal,
      identityPolicies: [allowNothing],
      resourcePolicy: rp,
    });
    expect(noIdentity.decision).toBe('ImplicitDeny');
    expect(noIdentity.decidedBy?.kind).toBe('IDENTITY_POLICY');
    const noResource = run({
      principal,
      identityPolicies: [allowS3],
      resourcePolicy: bucketPolicy({ AWS: roleIn(A) }),
    });
    expect(noResource.decision).toBe('ImplicitDeny');
    expect(noResource.decidedBy?.kind).toBe('RESOURCE_POLICY');
  });

  it("across accounts a resource policy naming only the principal's account delegates to its identity policies", () => {
    const r = run({
      principal: { arn: roleIn(B) },
      identityPolicies: [allowS3],
      resourcePolicy: bucketPolicy({ AWS: B }),
    });
    expect(r.decision).toBe('Allowed');
    expect(r.decidedBy).toMatchObject({
      kind: 'IDENTITY_POLICY',
      statement: { sid: 'S3', policyName: 'allow-s3' },
    });
  });
});

describe('within one account [EVAL]', () => {
  it('an identity policy alone allows', () => {
    const r = run({ identityPolicies: [allowS3] });
    expect(r.decision).toBe('Allowed');
    expect(r.decidedBy?.kind).toBe('IDENTITY_POLICY');
  });

  it('given and empty, identity policies allow nothing', () => {
    const r = run({ identityPolicies: [] });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.decidedBy?.kind).toBe('IDENTITY_POLICY');
  });

  it('a resource-based policy naming the principal allows without an identity policy', () => {
    const user = `arn:aws:iam::${A}:user/alice`;
    const r = run({
      principal: { arn: user },
      identityPolicies: [],
      resourcePolicy: bucketPolicy({ AWS: user }),
    });
    expect(r.decision).toBe('Allowed');
    expect(r.decidedBy).toMatchObject({
      kind: 'RESOURCE_POLICY',
      statement: { sid: 'AllowPrincipal' },
    });
    expect(r.steps?.find(s => s.kind === 'IDENTITY_POLICY')?.counted).toBe(
      false,
    );
  });

  it('an explicit Deny in any policy wins over every Allow', () => {
    const denyIdentity = doc('deny', [
      { Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
    ]);
    const r = run({
      identityPolicies: [allowS3, denyIdentity],
      resourcePolicy: bucketPolicy('*'),
    });
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.decidedBy).toMatchObject({
      kind: 'IDENTITY_POLICY',
      statement: { sid: 'NoGet' },
    });
    const rpDeny = run({
      identityPolicies: [allowS3],
      resourcePolicy: bucketPolicy('*', 'Deny'),
    });
    expect(rpDeny.decidedBy?.kind).toBe('RESOURCE_POLICY');
  });

  it('the account root user needs no identity policy, but SCPs still apply to it [SCP]', () => {
    const rootArn = `arn:aws:iam::${A}:root`;
    expect(
      run({ principal: { arn: rootArn }, identityPolicies: [] }).decision,
    ).toBe('Allowed');
    expect(
      run({ principal: { arn: rootArn } }, snapshot({ [A]: [scpDenyS3] }))
        .decision,
    ).toBe('ExplicitDeny');
  });
});

describe('permissions boundaries [PB]', () => {
  it('the boundary must allow what the identity policy allows', () => {
    const r = run({
      identityPolicies: [allowS3],
      permissionsBoundary: allowNothing,
    });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.decidedBy?.kind).toBe('PERMISSIONS_BOUNDARY');
    expect(
      run({ identityPolicies: [allowS3], permissionsBoundary: allowS3 })
        .decision,
    ).toBe('Allowed');
  });

  it('a same-account resource policy naming the user is not limited by the boundary', () => {
    const user = `arn:aws:iam::${A}:user/alice`;
    const r = run({
      principal: { arn: user },
      identityPolicies: [],
      permissionsBoundary: allowNothing,
      resourcePolicy: bucketPolicy({ AWS: user }),
    });
    expect(r.decision).toBe('Allowed');
  });

  it('a same-account resource policy naming the role (for a session of it) is limited by the boundary', () => {
    const request = {
      principal: { arn: sessionIn(A) },
      identityPolicies: [],
      resourcePolicy: bucketPolicy({ AWS: roleIn(A) }),
    };
    expect(run(request).decision).toBe('Allowed');
    expect(
      run({ ...request, permissionsBoundary: allowNothing }).decision,
    ).toBe('ImplicitDeny');
  });

  it('a Deny with NotPrincipal always denies a principal with a boundary', () => {
    const rp = doc('np', [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: roleIn(A) },
        Action: 's3:*',
        Resource: '*',
      },
    ]);
    expect(
      run({
        principal: { arn: roleIn(A) },
        identityPolicies: [allowS3],
        resourcePolicy: rp,
      }).decision,
    ).toBe('Allowed');
    expect(
      run({
        principal: { arn: roleIn(A) },
        identityPolicies: [allowS3],
        resourcePolicy: rp,
        permissionsBoundary: allowS3,
      }).decision,
    ).toBe('ExplicitDeny');
  });
});

describe('session policies [SESS]', () => {
  it('a session policy must allow what the identity policy allows', () => {
    const r = run({
      principal: { arn: sessionIn(A) },
      identityPolicies: [allowS3],
      sessionPolicies: [allowNothing],
    });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.decidedBy?.kind).toBe('SESSION_POLICY');
  });

  it('a resource policy naming the session itself is not limited by the session policy', () => {
    const r = run({
      principal: { arn: sessionIn(A) },
      identityPolicies: [],
      sessionPolicies: [allowNothing],
      resourcePolicy: bucketPolicy({ AWS: sessionIn(A) }),
    });
    expect(r.decision).toBe('Allowed');
  });
});

describe('VPC endpoint policies [EVAL]', () => {
  it('the endpoint policy must allow too', () => {
    const r = run({
      identityPolicies: [allowS3],
      vpcEndpointPolicy: allowNothing,
    });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.decidedBy?.kind).toBe('VPC_ENDPOINT_POLICY');
    expect(
      run({ identityPolicies: [allowS3], vpcEndpointPolicy: allowS3 }).decision,
    ).toBe('Allowed');
  });
});

describe('anonymous and service principals [EVAL][RCP][KEYS]', () => {
  it('an anonymous request is allowed only by a resource policy open to everyone, and RCPs still apply', () => {
    expect(run({ principal: { anonymous: true } }).decision).toBe(
      'ImplicitDeny',
    );
    const open = run({
      principal: { anonymous: true },
      resourcePolicy: bucketPolicy('*'),
    });
    expect(open.decision).toBe('Allowed');
    expect(open.derivedContext?.['aws:PrincipalAccount']).toBeUndefined();
    const denied = run(
      { principal: { anonymous: true }, resourcePolicy: bucketPolicy('*') },
      snapshot({ [A]: [rcpOnlyOutsider] }),
    );
    expect(denied.decision).toBe('ExplicitDeny');
  });

  it('a service principal is allowed by a resource policy naming the service; SCPs do not apply to it', () => {
    const rp = bucketPolicy({ Service: 'cloudtrail.amazonaws.com' });
    const r = run(
      {
        principal: { service: 'cloudtrail.amazonaws.com' },
        resourcePolicy: rp,
      },
      snapshot({ [A]: [scpDenyS3] }),
    );
    expect(r.decision).toBe('Allowed');
    expect(r.derivedContext?.['aws:PrincipalIsAWSService']).toEqual(['true']);
    expect(r.derivedContext?.['aws:PrincipalServiceName']).toEqual([
      'cloudtrail.amazonaws.com',
    ]);
    expect(
      run({ principal: { service: 'logs.amazonaws.com' }, resourcePolicy: rp })
        .decision,
    ).toBe('ImplicitDeny');
  });
});

describe('exemptions [SCP][RCP][KMS]', () => {
  const denyAll = orgPolicy(
    'p-rcp-deny',
    [{ Sid: 'No', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
    'RESOURCE_CONTROL_POLICY',
  );

  it('SCPs do not apply to principals of the management account; RCPs not to its resources', () => {
    const r = run(
      { principal: { accountId: MGMT }, resourceOwner: { accountId: MGMT } },
      snapshot({ ['r-root']: [scpDenyS3, denyAll] }),
    );
    expect(r.decision).toBe('Allowed');
    expect(r.exemptions).toEqual([
      'SCPs do not apply to the management account.',
      'RCPs do not apply to the management account.',
    ]);
  });

  it('neither applies to a service-linked role', () => {
    const slr = `arn:aws:iam::${A}:role/aws-service-role/s3.amazonaws.com/AWSServiceRoleForS3`;
    expect(
      run({ principalArn: slr }, snapshot({ ['r-root']: [scpDenyS3, denyAll] }))
        .decision,
    ).toBe('Allowed');
  });

  it('RCPs do not apply to AWS managed KMS keys', () => {
    const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const snap = snapshot({ [A]: [denyAll] });
    expect(
      simulate(snap, { target: A, action: 'kms:Decrypt', resource: key })
        .decision,
    ).toBe('ExplicitDeny');
    expect(
      simulate(snap, {
        target: A,
        action: 'kms:Decrypt',
        resource: key,
        resourceOwner: { awsManagedKmsKey: true },
      }).decision,
    ).toBe('Allowed');
  });

  it('RCPs do not apply to a resource outside the organization, whose org keys are absent', () => {
    const r = run(
      { resourceOwner: { accountId: OUTSIDE } },
      snapshot({ ['r-root']: [denyAll] }),
    );
    expect(r.decision).toBe('Allowed');
    expect(r.derivedContext?.['aws:ResourceOrgID']).toBeUndefined();
    expect(r.accounts?.resource.inOrganization).toBe(false);
  });
});

describe('key policies and trust policies must allow even within the account [KMS][TRUST]', () => {
  const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const allowKms = doc('kms', [
    { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
  ]);
  const keyPolicy = (principal: unknown) =>
    doc('key-policy', [
      {
        Sid: 'Key',
        Effect: 'Allow',
        Principal: principal,
        Action: 'kms:*',
        Resource: '*',
      },
    ]);

  it('an identity policy counts only when the key policy allows the account', () => {
    const base = {
      action: 'kms:Decrypt',
      resource: key,
      identityPolicies: [allowKms],
    };
    expect(
      run({ ...base, resourcePolicy: keyPolicy({ AWS: roleIn(B) }) }).decision,
    ).toBe('ImplicitDeny');
    expect(
      run({
        ...base,
        resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${A}:root` }),
      }).decision,
    ).toBe('Allowed');
  });

  it('a role trust policy must allow the caller', () => {
    const assume = doc('assume', [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
    ]);
    const trust = (principal: unknown) =>
      doc('trust', [
        { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' },
      ]);
    const base = {
      action: 'sts:AssumeRole',
      resource: roleIn(A, 'Target'),
      identityPolicies: [assume],
    };
    expect(
      run({ ...base, resourcePolicy: trust({ Service: 'ec2.amazonaws.com' }) })
        .decision,
    ).toBe('ImplicitDeny');
    expect(run({ ...base, resourcePolicy: trust({ AWS: A }) }).decision).toBe(
      'Allowed',
    );
  });
});

describe('derived context keys [KEYS]', () => {
  it('derives principal and resource keys from their accounts, and given keys win', () => {
    const r = run({
      principal: { arn: roleIn(B), tags: { team: 'ml' } },
      resourceOwner: { tags: { env: 'prod' } },
    });
    expect(r.derivedContext).toMatchObject({
      'aws:PrincipalArn': [roleIn(B)],
      'aws:PrincipalAccount': [B],
      'aws:PrincipalOrgID': [ORG],
      'aws:PrincipalOrgPaths': [`${ORG}/r-root/ou-prod/`],
      'aws:PrincipalTag/team': ['ml'],
      'aws:PrincipalIsAWSService': ['false'],
      'aws:PrincipalType': ['AssumedRole'],
      'aws:ResourceAccount': [A],
      'aws:ResourceOrgID': [ORG],
      'aws:ResourceOrgPaths': [`${ORG}/r-root/ou-prod/`],
      'aws:ResourceTag/env': ['prod'],
    });
    const given = run({ context: { 'aws:PrincipalOrgID': 'o-other' } });
    expect(given.derivedContext?.['aws:PrincipalOrgID']).toBeUndefined();
  });
});

describe('bad input', () => {
  it('names the policy that is not a policy document', () => {
    expect(() =>
      run({
        identityPolicies: [{ name: 'broken.json', content: '{"Statement": [' }],
      }),
    ).toThrow(/identity policy "broken\.json" is not a policy document/);
  });

  it("refuses an OU as the principal's account, and both anonymous and service", () => {
    expect(() => run({ principal: { accountId: 'Prod' } })).toThrow(
      PolicyEngineError,
    );
    expect(() =>
      run({ principal: { anonymous: true, service: 'ec2.amazonaws.com' } }),
    ).toThrow(/either anonymous or a service/);
  });
});
