import { RCP_FULL_AWS_ACCESS_POLICY } from '@internal/plugin-ai-governance-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import { addPolicyRoutes } from './policyRoutes';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';

const SAGEMAKER_GUARDRAIL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenySageMakerJobsOutsideVpc',
      Effect: 'Deny',
      Action: 'sagemaker:CreateTrainingJob',
      Resource: '*',
      Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
    },
  ],
});
const REGIONS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      NotAction: 'iam:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
    },
  ],
});

/** An org of our own, so that demo org changes do not move these tests. */
const snapshot: OrgSnapshot = smallSnapshot(
  `
  policies:
    - { name: sagemaker-in-vpc, type: SERVICE_CONTROL_POLICY, document: '${SAGEMAKER_GUARDRAIL}' }
    - { name: eu-only, type: SERVICE_CONTROL_POLICY, document: '${REGIONS}' }
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: Workloads
        policies: [FullAWSAccess, eu-only]
        accounts:
          - { name: web-shop, email: web@example.com, id: '222222222222' }
      - name: AI
        policies: [FullAWSAccess, sagemaker-in-vpc]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
          - { name: ml-prod, email: ml-prod@example.com, id: '444444444444' }
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
        limits: { size: { SERVICE_CONTROL_POLICY: 50 } },
      }),
    result,
  );
}

const SCP = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 's3:GetObjekt', Resource: '*' }],
});

const ROUTES: Array<[string, object]> = [
  ['/api/ai-governance/lint', { content: SCP, type: 'SCP' }],
  ['/api/ai-governance/simulate', { target: 'ml-dev', action: 's3:GetObject' }],
  ['/api/ai-governance/who-can', { action: 's3:GetObject' }],
];

describe('policy routes', () => {
  it.each(ROUTES)('%s answers 401 without credentials', async (path, body) => {
    const server = await start();
    const res = await request(server)
      .post(path)
      .set('Authorization', mockCredentials.none.header())
      .send(body);
    expect(res.status).toBe(401);
  });

  it.each(ROUTES)(
    '%s answers 403 without the policy read permission',
    async (path, body) => {
      const server = await start(AuthorizeResult.DENY);
      const res = await request(server)
        .post(path)
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/ai-governance.policy.read/);
    },
  );

  it.each([
    [
      '/api/ai-governance/lint',
      { content: SCP, type: 'IAM' },
      /type is SCP, RCP/,
    ],
    ['/api/ai-governance/lint', { type: 'SCP' }, /content/],
    [
      '/api/ai-governance/simulate',
      { target: 'ml-dev', action: 'GetObject' },
      /service:Action/,
    ],
    [
      '/api/ai-governance/simulate',
      { target: 'ghost', action: 's3:GetObject' },
      /No account, OU or root/,
    ],
    [
      '/api/ai-governance/who-can',
      { action: 's3:GetObject', extra: 1 },
      /Unrecognized key/,
    ],
    [
      '/api/ai-governance/who-can',
      { action: 's3:GetObject', context: { region: 'x' } },
      /condition key/,
    ],
  ])('%s answers 400 for a bad body (%j)', async (path, body, message) => {
    const server = await start();
    const res = await request(server)
      .post(path)
      .set('Authorization', mockCredentials.user.header())
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('lints a document with the configured limits and the iam-data version', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/ai-governance/lint')
      .set('Authorization', mockCredentials.service.header())
      .send({ content: SCP, type: 'SERVICE_CONTROL_POLICY' });
    expect(res.status).toBe(200);
    expect(res.body.iamDataVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(
      res.body.findings.map((f: { code: string }) => f.code).sort(),
    ).toEqual(['INVALID_ACTION', 'POLICY_SIZE_EXCEEDS_SCP_QUOTA']);
  });

  it('recognises the AWS-managed RCPFullAWSAccess by its name, and only it may allow in an RCP', async () => {
    const server = await start();
    const lint = (name?: string) =>
      request(server)
        .post('/api/ai-governance/lint')
        .set('Authorization', mockCredentials.service.header())
        .send({
          content: RCP_FULL_AWS_ACCESS_POLICY.content,
          type: 'RESOURCE_CONTROL_POLICY',
          ...(name ? { name } : {}),
        });
    const codes = (res: request.Response) =>
      res.body.findings.map((f: { code: string }) => f.code);
    expect(codes(await lint('RCPFullAWSAccess'))).not.toContain(
      'RCP_SYNTAX_ERROR_ALLOW',
    );
    expect(codes(await lint('my-allow-everything-rcp'))).toContain(
      'RCP_SYNTAX_ERROR_ALLOW',
    );
  });

  it('suggests IAM actions by prefix, for a service or within one', async () => {
    const server = await start();
    const get = (query: string) =>
      request(server)
        .get(`/api/ai-governance/actions?${query}`)
        .set('Authorization', mockCredentials.service.header());
    const within = await get('prefix=bedrock:invokem');
    expect(within.status).toBe(200);
    const names = within.body.actions.map((a: { action: string }) => a.action);
    expect(names).toContain('bedrock:InvokeModel');
    expect(
      names.every((n: string) => n.toLowerCase().startsWith('bedrock:invokem')),
    ).toBe(true);
    expect(
      within.body.actions.find(
        (a: { action: string }) => a.action === 'bedrock:InvokeModel',
      ).conditionKeys,
    ).toEqual(expect.arrayContaining(['bedrock:GuardrailIdentifier']));
    const services = await get('prefix=sagemak&limit=3');
    expect(services.body.actions).toHaveLength(3);
    expect(
      services.body.actions.every((a: { action: string }) =>
        a.action.startsWith('sagemaker'),
      ),
    ).toBe(true);
    expect((await get('prefix=')).status).toBe(400);
    expect((await get('prefix=nosuchservice:X')).body.actions).toEqual([]);
  });

  it('simulates for an account and an OU', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/ai-governance/simulate')
      .set('Authorization', mockCredentials.user.header())
      .send({
        target: 'ml-dev',
        action: 'sagemaker:CreateTrainingJob',
        context: { 'aws:RequestedRegion': 'us-east-1' },
      });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('ExplicitDeny');
    expect(
      res.body.levels.some(
        (l: { node: { name: string } }) => l.node.name === 'AI',
      ),
    ).toBe(true);
    const ou = await request(server)
      .post('/api/ai-governance/simulate')
      .set('Authorization', mockCredentials.user.header())
      .send({
        target: 'Workloads',
        action: 'ec2:RunInstances',
        context: { 'aws:RequestedRegion': ['eu-west-1'] },
      });
    expect(ou.body.decision).toBe('Allowed');
  });

  it('answers who-can for the organization', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/ai-governance/who-can')
      .set('Authorization', mockCredentials.user.header())
      .send({
        action: 'sagemaker:CreateTrainingJob',
        context: { 'aws:RequestedRegion': 'us-east-1' },
        under: 'AI',
      });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toEqual([]);
    expect(res.body.denied.map((a: { name: string }) => a.name)).toEqual([
      'ml-dev',
      'ml-prod',
    ]);
  });
});
