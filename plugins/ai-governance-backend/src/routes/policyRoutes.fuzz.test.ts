/*
 * Fuzz test of the policy routes over HTTP, as an attacker sends them: generated bodies for POST /lint, /simulate and
 * /who-can (hostile wildcards, deep nesting, huge strings, wrong types, mangled JSON text). Every request must end in
 * 200 or a clear 4xx with a message (never a 500, never an internal message such as a stack overflow), and after each
 * request the backend must still answer a small, known request with its known answer: one crafted body must not
 * freeze or break the process for everyone else.
 *
 * Runs: FUZZ_RUNS (default 1,000) requests, fixed seed FUZZ_SEED (default 18); `yarn fuzz` runs many more.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { type OrgSnapshot } from '@internal/plugin-ai-governance-common';
import fc from 'fast-check';
import request from 'supertest';
import { addPolicyRoutes } from './policyRoutes';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';

const numRuns = Number(process.env.FUZZ_RUNS) || 1000;
const seed = Number(process.env.FUZZ_SEED) || 18;

const DENY_MODELS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: 'bedrock:InvokeModel',
      NotResource: 'arn:aws:bedrock:*::foundation-model/amazon.titan-*',
    },
  ],
});

const snapshot: OrgSnapshot = smallSnapshot(
  `
  policies:
    - { name: approved-models, type: SERVICE_CONTROL_POLICY, document: '${DENY_MODELS}' }
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, approved-models]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
`,
);

const hostilePattern = fc.oneof(
  fc.constantFrom(
    `ec2:${'*?'.repeat(30)}Z`,
    `${'*'.repeat(5000)}a`,
    `arn:aws:s3:::${'*?'.repeat(2000)}Z`,
    '${'.repeat(3000),
    "${aws:PrincipalTag/team, 'x'}",
    's3:*',
    '*',
    'bedrock:InvokeModel',
  ),
  fc
    .array(fc.constantFrom('*', '?', 'a', ':', '$', '{', '}', '/'), {
      maxLength: 60,
    })
    .map(a => a.join('')),
  fc.string({ maxLength: 40 }),
);

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  hostilePattern,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostilePattern, { maxLength: 4 }),
  fc.dictionary(hostilePattern, hostilePattern, { maxKeys: 3 }),
);

const nested = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

const policyText = fc.oneof(
  fc
    .record({
      Effect: fc.constantFrom('Allow', 'Deny', 'Maybe'),
      Action: fc.oneof(hostilePattern, fc.array(hostilePattern)),
      Resource: fc.oneof(hostilePattern, fc.array(hostilePattern)),
      Condition: fc.option(
        fc.dictionary(
          fc.constantFrom('StringLike', 'ArnLike', 'StringNotLike', 'Bogus'),
          fc.dictionary(
            fc.constantFrom('aws:PrincipalTag/team', 'bedrock:ModelId', 'x'),
            fc.oneof(hostilePattern, fc.array(hostilePattern)),
            { maxKeys: 2 },
          ),
          { maxKeys: 2 },
        ),
        { nil: undefined },
      ),
    })
    .map(statement =>
      JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    ),
  fc.integer({ min: 1, max: 100_000 }).map(nested),
  fc.string({ maxLength: 200 }),
  jsonValue.map(v => JSON.stringify(v) ?? ''),
);

const body = fc.oneof(
  fc.record({
    path: fc.constant('/api/ai-governance/lint'),
    payload: fc.record(
      {
        content: fc.oneof(policyText, jsonValue),
        type: fc.constantFrom('SCP', 'RCP', 'IAM', 'SERVICE_CONTROL_POLICY'),
        name: hostilePattern,
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    path: fc.constantFrom(
      '/api/ai-governance/simulate',
      '/api/ai-governance/who-can',
    ),
    payload: fc.record(
      {
        target: fc.oneof(fc.constant('ml-dev'), hostilePattern),
        action: hostilePattern,
        resource: hostilePattern,
        context: fc.dictionary(hostilePattern, jsonValue, { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
  }),
);

describe('policy routes under hostile input', () => {
  it('answer every generated request with 200 or a clear 4xx, and keep answering a known request', async () => {
    const server = await startRoutes((router, services) =>
      addPolicyRoutes(router, {
        ...services,
        getSnapshot: async () => snapshot,
      }),
    );
    const user = mockCredentials.user.header();
    const known = () =>
      request(server)
        .post('/api/ai-governance/simulate')
        .set('Authorization', user)
        .send({
          target: 'ml-dev',
          action: 'bedrock:InvokeModel',
          resource:
            'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2',
        });
    const baseline = await known();
    expect(baseline.status).toBe(200);
    expect(baseline.body.decision).toBe('ExplicitDeny');

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async ({ path, payload }) => {
        const res = await request(server)
          .post(path)
          .set('Authorization', user)
          .send(payload as object);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // A refusal is a 4xx with a message a person can act on, never an internal error.
        const refusal =
          res.status === 200
            ? undefined
            : { status: res.status, message: res.body?.error?.message };
        expect(
          refusal === undefined || [400, 404, 413].includes(refusal.status),
        ).toBe(true);
        expect(
          refusal === undefined || typeof refusal.message === 'string',
        ).toBe(true);
        expect(
          refusal === undefined ||
            !/Maximum call stack|RangeError|TypeError|Cannot read prop/.test(
              String(refusal.message),
            ),
        ).toBe(true);
        const after = await known();
        expect(after.status).toBe(200);
        expect(after.body.decision).toBe(baseline.body.decision);
      }),
      { numRuns, seed },
    );
    // The generators reach both outcomes: answers and refusals.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 120_000);
});
