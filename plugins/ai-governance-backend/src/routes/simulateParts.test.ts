/*
 * POST /simulate with the principal's own policies, the resource's owner and policy: the whole decision through the
 * route, its 400s for bodies it cannot evaluate, and the permission check unchanged.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  compileOrgModel,
  parseOrgModel,
} from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import { routesTestPlugin } from '../__testUtils__/routesTestPlugin';
import { addPolicyRoutes } from './policyRoutes';

/** An RCP on the AI OU that keeps S3 resources to the organization's accounts and the partner 222222222222. */
const ORG_AND_PARTNER = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'OnlyOrgAndPartner',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: {
        StringNotEquals: {
          'aws:PrincipalAccount': ['222222222222', '333333333333'],
        },
        Null: { 'aws:PrincipalAccount': 'false' },
      },
    },
  ],
});

const snapshot = compileOrgModel(
  parseOrgModel(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
  policies:
    - { name: org-and-partner, type: RESOURCE_CONTROL_POLICY, document: '${ORG_AND_PARTNER}' }
  root:
    policies: [FullAWSAccess, RCPFullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, RCPFullAWSAccess, org-and-partner]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
`),
);

const INVOKE = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'InvokeClaude',
      Effect: 'Allow',
      Action: 'bedrock:InvokeModel',
      Resource: 'arn:aws:bedrock:*::foundation-model/anthropic.*',
    },
  ],
};
const MODEL_ARN =
  'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      routesTestPlugin((router, services) =>
        addPolicyRoutes(router, {
          ...services,
          getSnapshot: async () => snapshot,
        }),
      ),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}

const post = async (
  body: object,
  result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  request(await start(result))
    .post('/api/ai-governance/simulate')
    .set('Authorization', mockCredentials.user.header())
    .send(body);

describe('POST /simulate with the request’s own policies and accounts', () => {
  it('decides by the identity policy, given as text or as an object, and names the deciding statement', async () => {
    const asText = await post({
      target: 'ml-dev',
      action: 'bedrock:InvokeModel',
      resource: MODEL_ARN,
      identityPolicies: [
        { name: 'invoke', content: JSON.stringify(INVOKE, null, 2) },
      ],
    });
    expect(asText.status).toBe(200);
    expect(asText.body.decision).toBe('Allowed');
    expect(asText.body.decidedBy).toMatchObject({
      kind: 'IDENTITY_POLICY',
      statement: { policyName: 'invoke', sid: 'InvokeClaude', line: 4 },
    });
    const asObject = await post({
      target: 'ml-dev',
      action: 'bedrock:InvokeModel',
      resource: 'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3',
      identityPolicies: [{ name: 'invoke', content: INVOKE }],
    });
    expect(asObject.body.decision).toBe('ImplicitDeny');
    expect(asObject.body.decidedBy).toEqual({ kind: 'IDENTITY_POLICY' });
  });

  it('applies the resource account’s RCP to the partner’s own account, not the target’s', async () => {
    const ask = (accountId: string) =>
      post({
        target: 'ml-dev',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::ml-dev-data/x.csv',
        principal: { accountId },
        resourceOwner: { accountId: '333333333333' },
      });
    const partner = await ask('222222222222');
    expect(partner.status).toBe(200);
    expect(partner.body.decision).toBe('Allowed');
    expect(partner.body.accounts).toMatchObject({
      principal: { id: '222222222222', inOrganization: false },
      crossAccount: true,
    });
    const stranger = await ask('999999999999');
    expect(stranger.body.decision).toBe('ExplicitDeny');
    expect(stranger.body.decidedBy).toMatchObject({
      kind: 'RESOURCE_CONTROL_POLICY',
      statement: { sid: 'OnlyOrgAndPartner' },
    });
  });

  it.each([
    [
      'a policy the evaluator cannot read, with field, name, line and column',
      {
        identityPolicies: [
          {
            name: 'role-policy',
            content:
              '{\n  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",}]\n}',
          },
        ],
      },
      /identityPolicies\[0\] cannot be evaluated: role-policy:2:\d+: /,
    ],
    [
      'a Principal in a boundary',
      {
        permissionsBoundary: {
          name: 'b',
          content: {
            Statement: [
              { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
            ],
          },
        },
      },
      /permissionsBoundary cannot be evaluated: b:\d+:\d+: A permissions boundary names no principal/,
    ],
    [
      'a resource policy without a Principal',
      {
        resourcePolicy: {
          name: 'bucket',
          content: { Statement: [{ Effect: 'Allow', Action: 's3:*' }] },
        },
      },
      /resourcePolicy cannot be evaluated: bucket:\d+:\d+: Each statement of a resource-based policy needs a Principal/,
    ],
    [
      'an unknown field of the principal',
      { principal: { account: '222222222222' } },
      /principal: Unrecognized key/,
    ],
    [
      'too many identity policies',
      {
        identityPolicies: Array.from({ length: 51 }, (_, i) => ({
          name: `p${i}`,
          content: INVOKE,
        })),
      },
      /identityPolicies: Array must contain at most 50/,
    ],
    [
      'a policy over the size bound',
      {
        sessionPolicies: [{ name: 's', content: 'x'.repeat(65_537) }],
      },
      /sessionPolicies\.0\.content/,
    ],
  ])('answers 400 for %s', async (_what, extra, message) => {
    const res = await post({
      target: 'ml-dev',
      action: 's3:GetObject',
      ...extra,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses a body over the size limit, and callers without the permission, before reading the policies', async () => {
    const huge = await post({
      target: 'ml-dev',
      action: 's3:GetObject',
      identityPolicies: Array.from({ length: 20 }, (_, i) => ({
        name: `p${i}`,
        content: 'x'.repeat(60_000),
      })),
    });
    expect(huge.status).toBe(413);
    const denied = await post(
      {
        target: 'ml-dev',
        action: 's3:GetObject',
        identityPolicies: [{ name: 'bad', content: 'not json' }],
      },
      AuthorizeResult.DENY,
    );
    expect(denied.status).toBe(403);
  });
});
