/*
 * Who-can with the whole decision: each account is the principal's account (its SCPs), the resource's account is its
 * own unless fixed (its RCPs), the principal's own policies, the resource's policy, boundary, session and endpoint
 * policies apply, and the answer for each account is what simulate answers with that account as the target.
 */
import type { SimulationRequest } from '../types';
import { PolicyEngineError, simulate, whoCan } from '.';
import type { WhoCanRequest } from './whoCan';
import {
  A,
  B,
  MGMT,
  OUTSIDE,
  snapshot,
  doc,
  allowS3,
  allowNothing,
  BUCKET,
  roleIn,
  bucketPolicy,
  rcpOnlyOutsider,
  scpDenyS3,
} from './__testUtils__/fullFixtures';

const base = { action: 's3:GetObject', resource: BUCKET };

const byId = (r: ReturnType<typeof whoCan>) =>
  Object.fromEntries([...r.allowed, ...r.denied].map(a => [a.id, a] as const));

describe('whoCan with the whole decision', () => {
  it("applies the SCPs of each principal's account and the RCPs of the fixed resource account", () => {
    const s = snapshot({ [B]: [scpDenyS3] });
    const r = whoCan(s, { ...base, resourceOwner: { accountId: A } });
    const at = byId(r);
    expect(at[B]).toMatchObject({
      decision: 'ExplicitDeny',
      deniedAt: { nodeId: B, policyType: 'SERVICE_CONTROL_POLICY' },
      deniedBy: { sid: 'NoS3', nodeId: B },
      decidedBy: { kind: 'SERVICE_CONTROL_POLICY', node: { id: B } },
    });
    expect(at[A].decision).toBe('Allowed');
    expect(at[MGMT].decision).toBe('Allowed');
  });

  it("names the resource's account where its RCP denies, for principals of every account (the issue's example turned around)", () => {
    const s = snapshot({ [A]: [rcpOnlyOutsider] });
    const r = whoCan(s, { ...base, resourceOwner: { accountId: A } });
    expect(r.allowed).toEqual([]);
    for (const a of r.denied) {
      expect(a.deniedAt).toEqual({
        nodeId: A,
        nodeName: 'data',
        policyType: 'RESOURCE_CONTROL_POLICY',
      });
      expect(a.deniedBy?.sid).toBe('OnlyPartner');
    }
    // A principal fixed outside the organization: the RCP allows it, whichever account holds the resource.
    const outsider = whoCan(s, {
      ...base,
      resource: 'arn:aws:s3:::data-bucket/key.csv',
      principal: { accountId: OUTSIDE },
    });
    expect(byId(outsider)[A].decision).toBe('Allowed');
  });

  it("decides with the principal's identity policies in every account", () => {
    const none = whoCan(snapshot(), {
      ...base,
      identityPolicies: [allowNothing],
    });
    expect(none.allowed).toEqual([]);
    expect(none.denied.map(a => a.decidedBy?.kind)).toEqual([
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
    ]);
    expect(none.denied[0].deniedAt).toBeUndefined();
    const s3 = whoCan(snapshot({ [B]: [scpDenyS3] }), {
      ...base,
      identityPolicies: [allowS3],
    });
    expect(s3.allowed.map(a => a.id).sort()).toEqual([A, MGMT].sort());
    expect(s3.denied.map(a => a.id)).toEqual([B]);
  });

  it('evaluates accounts with the same chains once, and per account only when a policy reads an account-specific key', () => {
    // A and B have the same chain (FullAWSAccess at root, Prod and the account); the management account its own.
    const same = whoCan(snapshot(), { ...base, identityPolicies: [allowS3] });
    expect(same.distinctChains).toBe(2);
    const reads = doc('own-account-only', [
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': A } },
      },
    ]);
    const per = whoCan(snapshot(), { ...base, identityPolicies: [reads] });
    expect(per.distinctChains).toBe(3);
    expect(per.allowed.map(a => a.id)).toEqual([A]);
  });

  it('decides a resource-based policy that names one role per principal', () => {
    const r = whoCan(snapshot(), {
      ...base,
      principal: { arn: roleIn(A) },
      resourceOwner: { accountId: A },
      identityPolicies: [allowNothing],
      resourcePolicy: bucketPolicy({ AWS: roleIn(B) }),
    });
    // Only the role App of B is named; across accounts it also needs its own policies, which allow nothing.
    const at = byId(r);
    expect(at[B].decidedBy?.kind).toBe('IDENTITY_POLICY');
    expect(at[A].decidedBy?.kind).toBe('IDENTITY_POLICY');
    const granted = whoCan(snapshot(), {
      ...base,
      principal: { arn: roleIn(A) },
      resourceOwner: { accountId: A },
      identityPolicies: [allowS3],
      resourcePolicy: bucketPolicy({ AWS: roleIn(B) }),
    });
    expect(granted.allowed.map(a => a.id).sort()).toEqual([A, B].sort());
    expect(byId(granted)[MGMT].decidedBy?.kind).toBe('RESOURCE_POLICY');
  });

  it('answers for each account what simulate answers with that account as the target', () => {
    const snapshots = [
      snapshot(),
      snapshot({ [B]: [scpDenyS3] }),
      snapshot({ [A]: [rcpOnlyOutsider], ['ou-prod']: [scpDenyS3] }),
    ];
    const readsAccount = doc('reads', [
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::${aws:PrincipalAccount}-*/*',
      },
    ]);
    const requests: WhoCanRequest[] = [
      { ...base },
      { ...base, principalArn: roleIn(A, 'Admin') },
      { ...base, principal: { arn: roleIn(B) }, identityPolicies: [allowS3] },
      { ...base, principal: { accountId: OUTSIDE } },
      { ...base, resourceOwner: { accountId: OUTSIDE } },
      { ...base, resourceOwner: { accountId: A }, identityPolicies: [allowS3] },
      {
        ...base,
        resource: `arn:aws:s3:::${B}-bucket/x`,
        identityPolicies: [readsAccount],
      },
      {
        ...base,
        principal: { arn: roleIn(A) },
        resourceOwner: { accountId: B },
        resourcePolicy: bucketPolicy({ AWS: A }),
        permissionsBoundary: allowS3,
        sessionPolicies: [allowS3],
      },
      {
        ...base,
        principal: { anonymous: true },
        resourcePolicy: bucketPolicy('*'),
      },
      {
        ...base,
        principal: { service: 'cloudtrail.amazonaws.com' },
        resourcePolicy: bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }),
      },
      { ...base, vpcEndpointPolicy: allowNothing },
    ];
    for (const s of snapshots) {
      for (const request of requests) {
        const result = byId(whoCan(s, request));
        for (const n of s.nodes.filter(x => x.kind === 'account')) {
          const moved = (arn?: string) =>
            arn?.replace(/^(arn:aws:iam::)\d{12}/, `$1${n.id}`);
          const one: SimulationRequest = {
            ...request,
            target: n.id,
            principalArn: moved(request.principalArn),
          };
          if (request.principal?.arn)
            one.principal = {
              ...request.principal,
              arn: moved(request.principal.arn),
            };
          const expected = simulate(s, one);
          const got = result[n.id];
          const denial = (decision: string, by?: typeof expected.decidedBy) =>
            decision === 'Allowed'
              ? { id: n.id, decision }
              : {
                  id: n.id,
                  decision,
                  kind: by?.kind,
                  node: by?.node?.id,
                  sid: by?.statement?.sid,
                };
          expect(denial(got.decision, got.decidedBy)).toEqual(
            denial(expected.decision, expected.decidedBy),
          );
        }
      }
    }
  });

  it('refuses bad parts before deciding anything, with simulate’s messages', () => {
    expect(() =>
      whoCan(snapshot(), { ...base, principal: { accountId: 'ou-prod' } }),
    ).toThrow(PolicyEngineError);
    expect(() =>
      whoCan(snapshot(), {
        ...base,
        identityPolicies: [{ name: 'broken', content: '{"Statement": [' }],
      }),
    ).toThrow(/broken/);
    expect(() =>
      whoCan(snapshot(), {
        ...base,
        principal: { anonymous: true, service: 's3.amazonaws.com' },
      }),
    ).toThrow(/either anonymous or a service principal/);
  });
});
