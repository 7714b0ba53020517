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
import {
  A,
  B,
  OUTSIDE,
  snapshot,
  doc,
  allowS3,
  allowNothing,
  BUCKET,
  roleIn,
  sessionIn,
  bucketPolicy,
  run,
  rcpOnlyOutsider,
  scpDenyS3,
} from './__testUtils__/fullFixtures';

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
    expect(noIdentity.explanation).toBe(
      `s3:GetObject by ${roleIn(
        B,
      )} on ${BUCKET} in ${A} is denied: no identity-based policy allows it.`,
    );
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
