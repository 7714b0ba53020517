/*
 * The whole IAM decision, one documented case per test (anonymous and service principals, exemptions, key and trust
 * policies, derived keys, bad input; the grant's cases are in fullEvaluation.test.ts). Each cites the AWS page that decides it (IAM User Guide
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
import { simulate, PolicyEngineError, PolicyLimitError } from '.';
import {
  ORG,
  A,
  B,
  MGMT,
  OUTSIDE,
  orgPolicy,
  snapshot,
  doc,
  roleIn,
  bucketPolicy,
  run,
  rcpOnlyOutsider,
  scpDenyS3,
} from './__testUtils__/fullFixtures';

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

describe('resources AWS owns cannot be changed, whatever the policies say', () => {
  it('refuses changes to AWS managed policies, reserved roles and alias/aws/ aliases', () => {
    const cases: Array<[string, string]> = [
      [
        'iam:CreatePolicyVersion',
        'arn:aws:iam::aws:policy/AdministratorAccess',
      ],
      [
        'iam:DeleteRole',
        `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1234`,
      ],
      ['kms:DeleteAlias', `arn:aws:kms:us-east-1:${A}:alias/aws/s3`],
    ];
    const allowAll = doc('all', [
      { Effect: 'Allow', Action: '*', Resource: '*' },
    ]);
    for (const [action, resource] of cases) {
      const r = run({ action, resource, identityPolicies: [allowAll] });
      expect(r.decision).toBe('ImplicitDeny');
      expect(r.explanation).toMatch(
        /cannot be changed|reserved for AWS managed keys/,
      );
    }
    // An ordinary role of the account can be changed.
    expect(
      run({
        action: 'iam:DeleteRole',
        resource: roleIn(A),
        identityPolicies: [allowAll],
      }).decision,
    ).toBe('Allowed');
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
  it('names the tags that are not strings or too long', () => {
    expect(() =>
      run({ resourceOwner: { tags: { env: 5 as unknown as string } } }),
    ).toThrow('resourceOwner.tags: the tag env must have a string value.');
    expect(() =>
      run({ principal: { tags: { team: 'x'.repeat(5000) } } }),
    ).toThrow(PolicyLimitError);
  });

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
