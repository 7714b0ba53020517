/*
 * ai-governance:can-it and ai-governance:who-can with the principal's own policies, the resource's owner and
 * policy: the whole decision through the actions registry, the fields in the JSON schema agents read, bad input
 * refused with the field and position, and the permission check unchanged.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  compileOrgModel,
  parseOrgModel,
} from '@internal/plugin-ai-governance-common';
import { SnapshotView } from '../services/inventory/SnapshotView';
import { registerReadActions } from './readActions';

/** Bedrock only in the AI OU; S3 resources of ml-dev only for the organization's accounts and the partner. */
const SCP = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'NoBedrockOutsideAI',
      Effect: 'Deny',
      Action: 'bedrock:*',
      Resource: '*',
    },
  ],
});
const RCP = JSON.stringify({
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
          'aws:PrincipalAccount': [
            '222222222222',
            '333333333333',
            '444444444444',
          ],
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
    - { name: no-bedrock, type: SERVICE_CONTROL_POLICY, document: '${SCP}' }
    - { name: org-and-partner, type: RESOURCE_CONTROL_POLICY, document: '${RCP}' }
  root:
    policies: [FullAWSAccess, RCPFullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, RCPFullAWSAccess, org-and-partner]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
      - name: Web
        policies: [FullAWSAccess, RCPFullAWSAccess, no-bedrock]
        accounts:
          - { name: web-shop, email: web@example.com, id: '444444444444' }
`),
);

const INVOKE = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'InvokeClaude',
      Effect: 'Allow',
      Action: 'bedrock:InvokeModel',
      Resource: '*',
    },
  ],
};
const S3_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};

function setUp(allow = true) {
  const registry = actionsRegistryServiceMock();
  const view = new SnapshotView(snapshot);
  registerReadActions({
    actionsRegistry: registry,
    permissions: {
      authorize: async requests =>
        requests.map(() => ({
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        })) as any,
    },
    getView: async () => view,
  });
  return registry;
}

const credentials = mockCredentials.user('user:default/jane');
const invoke = async (
  registry: ReturnType<typeof actionsRegistryServiceMock>,
  id: string,
  input: object,
) =>
  (
    (await registry.invoke({ id: `test:${id}`, input, credentials })) as {
      output: any;
    }
  ).output;

describe('can-it and who-can with the request’s own policies and accounts', () => {
  it('describe the new fields in the JSON schema agents read', async () => {
    const registry = setUp();
    const { actions } = await registry.list();
    for (const name of ['can-it', 'who-can']) {
      const schema = actions.find(a => a.name === name)!.schema.input as any;
      for (const field of [
        'principal',
        'resourceOwner',
        'identityPolicies',
        'resourcePolicy',
        'permissionsBoundary',
        'sessionPolicies',
        'vpcEndpointPolicy',
      ]) {
        expect(schema.properties[field].description).toMatch(/\w+/);
      }
      expect(schema.properties.identityPolicies.maxItems).toBe(50);
      expect(
        schema.properties.principal.properties.accountId.description,
      ).toMatch(/outside the organization/);
    }
  });

  it('can-it decides by the identity policy and says what decided', async () => {
    const registry = setUp();
    const allowed = await invoke(registry, 'can-it', {
      account: 'ml-dev',
      action: 'bedrock:InvokeModel',
      identityPolicies: [{ name: 'invoke', content: INVOKE }],
    });
    expect(allowed.decision).toBe('Allowed');
    expect(allowed.decidedBy).toMatchObject({
      kind: 'IDENTITY_POLICY',
      statement: { policyName: 'invoke', sid: 'InvokeClaude' },
    });
    expect(
      allowed.steps.find((s: any) => s.kind === 'IDENTITY_POLICY'),
    ).toMatchObject({ decision: 'Allowed', counted: true });
    const denied = await invoke(registry, 'can-it', {
      account: 'ml-dev',
      action: 'bedrock:InvokeModel',
      identityPolicies: [{ name: 's3', content: JSON.stringify(S3_ONLY) }],
    });
    expect(denied.decision).toBe('ImplicitDeny');
    expect(denied.decidedBy).toEqual({ kind: 'IDENTITY_POLICY' });
  });

  it('can-it answers the cross-account question by the principal’s own account', async () => {
    const registry = setUp();
    const ask = (accountId: string) =>
      invoke(registry, 'can-it', {
        account: 'ml-dev',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::ml-dev-data/a.csv',
        principal: { accountId },
        resourceOwner: { accountId: 'ml-dev' },
      });
    const partner = await ask('222222222222');
    expect(partner.decision).toBe('Allowed');
    expect(partner.accounts).toMatchObject({
      principal: { id: '222222222222', inOrganization: false },
      resource: { id: '333333333333', inOrganization: true },
      crossAccount: true,
    });
    const stranger = await ask('999999999999');
    expect(stranger.decision).toBe('ExplicitDeny');
    expect(stranger.decidedBy).toMatchObject({
      kind: 'RESOURCE_CONTROL_POLICY',
      nodeName: 'AI',
      statement: { sid: 'OnlyOrgAndPartner', effect: 'Deny' },
    });
  });

  it('who-can asks about a role with these policies in every account', async () => {
    const registry = setUp();
    const out = await invoke(registry, 'who-can', {
      action: 'bedrock:InvokeModel',
      principalArn: 'arn:aws:iam::111111111111:role/ml-engineer',
      identityPolicies: [{ name: 'invoke', content: INVOKE }],
    });
    expect(out.allowed.map((a: any) => a.name).sort()).toEqual([
      'management',
      'ml-dev',
    ]);
    expect(out.denied).toEqual([
      expect.objectContaining({
        name: 'web-shop',
        decision: 'ExplicitDeny',
        deniedAt: expect.objectContaining({ nodeName: 'Web' }),
        deniedBy: expect.objectContaining({ sid: 'NoBedrockOutsideAI' }),
        decidedBy: expect.objectContaining({
          kind: 'SERVICE_CONTROL_POLICY',
        }),
      }),
    ]);
    const s3 = await invoke(registry, 'who-can', {
      action: 'bedrock:InvokeModel',
      identityPolicies: [{ name: 's3', content: S3_ONLY }],
      under: 'AI',
    });
    expect(s3.allowed).toEqual([]);
    expect(s3.denied).toEqual([
      expect.objectContaining({
        name: 'ml-dev',
        decision: 'ImplicitDeny',
        decidedBy: { kind: 'IDENTITY_POLICY' },
      }),
    ]);
  });

  it('refuses a policy it cannot evaluate with the field, line and column, and callers without the permission', async () => {
    const registry = setUp();
    await expect(
      invoke(registry, 'can-it', {
        account: 'ml-dev',
        action: 's3:GetObject',
        sessionPolicies: [
          {
            name: 'session',
            content: '{"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}',
          },
        ],
      }),
    ).rejects.toThrow(
      /sessionPolicies\[0\] cannot be evaluated: session:1:16: The statement has no Resource/,
    );
    await expect(
      invoke(registry, 'who-can', {
        action: 's3:GetObject',
        resourceOwner: { account: '1' },
      }),
    ).rejects.toThrow(/Invalid input/);
    await expect(
      invoke(setUp(false), 'can-it', {
        account: 'ml-dev',
        action: 's3:GetObject',
        identityPolicies: [{ name: 'x', content: INVOKE }],
      }),
    ).rejects.toThrow(/missing permission ai-governance\.policy\.read/);
  });
});
