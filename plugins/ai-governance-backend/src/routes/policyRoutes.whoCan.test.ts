// POST /who-can with the request's own parts (principal, resource owner, identity, resource-based, boundary, session
// and VPC endpoint policies): the same fields as POST /simulate, bounded, with 400s that name the field, and the
// permission checked before any policy is read.
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import { addPolicyRoutes } from './policyRoutes';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';

const NO_S3 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' }],
});

const snapshot: OrgSnapshot = smallSnapshot(
  `
  policies:
    - { name: no-s3, type: SERVICE_CONTROL_POLICY, document: '${NO_S3}' }
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: Data
        policies: [FullAWSAccess]
        accounts:
          - { name: lake, email: lake@example.com, id: '222222222222' }
      - name: Apps
        policies: [FullAWSAccess, no-s3]
        accounts:
          - { name: shop, email: shop@example.com, id: '333333333333' }
`,
);

function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return startRoutes(
    (router, services) =>
      addPolicyRoutes(router, {
        ...services,
        getSnapshot: async () => snapshot,
      }),
    result,
  );
}

const allow = (action: string) => ({
  name: 'role-policy',
  content: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Role', Effect: 'Allow', Action: action, Resource: '*' },
    ],
  },
});

const post = async (body: object, result?: AuthorizeResult.DENY) =>
  request(await start(result))
    .post('/api/ai-governance/who-can')
    .set('Authorization', mockCredentials.user.header())
    .send(body);

const names = (list: Array<{ name: string }>) => list.map(a => a.name).sort();

describe('POST /who-can with the request’s parts', () => {
  it("decides with the principal's identity policies in every account, the resource's account fixed", async () => {
    const res = await post({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::lake-bucket/data.csv',
      resourceOwner: { accountId: 'lake' },
      identityPolicies: [allow('s3:GetObject')],
    });
    expect(res.status).toBe(200);
    // The shop's principals are denied by their own account's SCP, though the bucket is in the lake account.
    expect(names(res.body.denied)).toEqual(['shop']);
    expect(res.body.denied[0]).toMatchObject({
      decision: 'ExplicitDeny',
      deniedAt: { nodeName: 'Apps', policyType: 'SERVICE_CONTROL_POLICY' },
      decidedBy: { kind: 'SERVICE_CONTROL_POLICY', statement: { sid: 'NoS3' } },
    });
    expect(names(res.body.allowed)).toContain('lake');

    const none = await post({
      action: 's3:GetObject',
      identityPolicies: [allow('ec2:Describe*')],
    });
    expect(none.status).toBe(200);
    expect(none.body.allowed).toEqual([]);
    expect(
      none.body.denied.map(
        (a: { decidedBy?: { kind: string } }) => a.decidedBy?.kind,
      ),
    ).toContain('IDENTITY_POLICY');
  });

  it.each([
    [
      {
        action: 's3:GetObject',
        identityPolicies: [{ name: 'x', content: '{"Statement": [' }],
      },
      /identityPolicies\[0\] cannot be evaluated/,
    ],
    [
      { action: 's3:GetObject', principal: { accountId: 'Apps' } },
      /names an OU/,
    ],
    [
      {
        action: 's3:GetObject',
        identityPolicies: Array.from({ length: 51 }, () => allow('s3:*')),
      },
      /identityPolicies/,
    ],
    [
      { action: 's3:GetObject', principal: { arn: 'x'.repeat(2049) } },
      /principal\.arn/,
    ],
    [
      {
        action: 's3:GetObject',
        resourceOwner: { accountId: 'lake', owner: 1 },
      },
      /Unrecognized key/,
    ],
  ])('answers 400 naming the problem (%#)', async (body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('checks the permission before reading any policy', async () => {
    const res = await post(
      {
        action: 's3:GetObject',
        identityPolicies: [{ name: 'x', content: '{"Statement": [' }],
      },
      AuthorizeResult.DENY,
    );
    expect(res.status).toBe(403);
  });
});
