/*
 * Fuzz test of the sandbox's HTTP API: generated AWS Organizations requests (known and unknown operations, plausible
 * and hostile fields, ids of the seeded organization, raw bodies that are not JSON objects, deep nesting, oversize)
 * sent over real HTTP. Each must end in a success or a clear 4xx within a time bound, and every refused request must
 * leave the organization's state exactly as it was.
 *
 * Runs: FUZZ_RUNS (default 1,000) requests, fixed seed FUZZ_SEED (default 18); `yarn fuzz` runs many more.
 */
import fc from 'fast-check';
import { demoOrgModelPath } from './index';
import { RunningSandbox, startSandbox } from './server';

const numRuns = Number(process.env.FUZZ_RUNS) || 1000;
const seed = Number(process.env.FUZZ_SEED) || 18;

const OPERATIONS = [
  'AttachPolicy',
  'CloseAccount',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DescribeAccount',
  'DescribeCreateAccountStatus',
  'DescribeEffectivePolicy',
  'DescribeOrganization',
  'DescribeOrganizationalUnit',
  'DescribePolicy',
  'DetachPolicy',
  'DisableAWSServiceAccess',
  'DisablePolicyType',
  'EnableAWSServiceAccess',
  'EnablePolicyType',
  'ListAccounts',
  'ListAccountsForParent',
  'ListChildren',
  'ListCreateAccountStatus',
  'ListOrganizationalUnitsForParent',
  'ListParents',
  'ListPolicies',
  'ListPoliciesForTarget',
  'ListRoots',
  'ListTagsForResource',
  'ListTargetsForPolicy',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'TagResource',
  'UntagResource',
  'UpdateOrganizationalUnit',
  'UpdatePolicy',
];

describe('sandbox HTTP API under generated requests', () => {
  let running: RunningSandbox;
  let ids: string[];

  beforeAll(async () => {
    running = await startSandbox({
      seed: demoOrgModelPath,
      // A fixed clock: state changes only through requests, so a refused request can be compared exactly.
      now: () => Date.parse('2026-06-01T00:00:00Z'),
    });
    const state = running.sandbox.exportState();
    ids = [
      state.root.id,
      ...state.organizationalUnits.map(o => o.id),
      ...state.accounts.map(a => a.id),
      ...state.policies.map(p => p.id),
      'p-FullAWSAccess',
    ];
  });

  afterAll(async () => {
    await running?.close();
  });

  it(
    'answers every request with a success or a clear 4xx, and refused requests change nothing',
    async () => {
      const id = fc.oneof(
        fc.constantFrom(...ids),
        fc.constantFrom('r-0000', 'ou-zzzz-zzzzzzzz', '123', '', 'p-'),
        fc.string({ maxLength: 20 }),
      );
      const value = fc.oneof(
        { weight: 4, arbitrary: id },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            'SERVICE_CONTROL_POLICY',
            'TAG_POLICY',
            'AISERVICES_OPT_OUT_POLICY',
            'fuzz-name',
            'fuzz@example.com',
            '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}',
            '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*?*?*?*?*?*?*?*?*?*?*?*?Z","Resource":"*"}]}',
          ),
        },
        {
          weight: 1,
          arbitrary: fc.string({ minLength: 200, maxLength: 12_000 }),
        },
        { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        {
          weight: 1,
          arbitrary: fc.array(
            fc.record({
              Key: fc.string({ maxLength: 200 }),
              Value: fc.string({ maxLength: 300 }),
            }),
            { maxLength: 60 },
          ),
        },
      );
      const field = fc.constantFrom(
        'Name',
        'ParentId',
        'PolicyId',
        'TargetId',
        'Content',
        'Description',
        'Type',
        'PolicyType',
        'Filter',
        'Tags',
        'TagKeys',
        'ResourceId',
        'AccountId',
        'AccountName',
        'Email',
        'DestinationParentId',
        'SourceParentId',
        'ChildType',
        'OrganizationalUnitId',
        'RootId',
        'CreateAccountRequestId',
        'ServicePrincipal',
        'MaxResults',
        'NextToken',
        'States',
      );
      const jsonBody = fc
        .dictionary(field, value, { maxKeys: 6 })
        .map(b => JSON.stringify(b));
      const rawBody = fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.jsonValue({ maxDepth: 2 }).map(v => JSON.stringify(v)),
        fc
          .integer({ min: 60, max: 100_000 })
          .map(depth => `{"Name":${'['.repeat(depth)}${']'.repeat(depth)}}`),
        fc.constant(`{"Content":"${'x'.repeat(5 * 1024 * 1024)}"}`),
      );
      const request = fc.record({
        operation: fc.oneof(
          { weight: 9, arbitrary: fc.constantFrom(...OPERATIONS) },
          { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
        ),
        body: fc.oneof(
          { weight: 9, arbitrary: jsonBody },
          { weight: 1, arbitrary: rawBody },
        ),
      });

      const statuses = new Map<number, number>();
      let state = JSON.stringify(running.sandbox.exportState());
      await fc.assert(
        fc.asyncProperty(request, async ({ operation, body }) => {
          const res = await fetch(running.url, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-amz-json-1.1',
              'X-Amz-Target': `AWSOrganizationsV20161128.${operation}`,
            },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const after = JSON.stringify(running.sandbox.exportState());
          if (res.status === 200) {
            state = after;
            return true;
          }
          // A clear refusal: 4xx, an error type and a message; and nothing changed.
          const error = JSON.parse(text);
          return (
            res.status >= 400 &&
            res.status < 500 &&
            typeof error.__type === 'string' &&
            typeof error.message === 'string' &&
            error.message.length > 0 &&
            after === state
          );
        }),
        { seed, numRuns },
      );
      // Both outcomes were exercised: successes (reads and writes) and refusals.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(numRuns / 20);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(numRuns / 20);
    },
    30_000 + numRuns * 100,
  );

  it('refuses an oversize body with 413, and deep nesting or a non-object body with 400, naming the limit', async () => {
    const post = (body: string) =>
      fetch(running.url, {
        method: 'POST',
        headers: { 'X-Amz-Target': 'AWSOrganizationsV20161128.ListRoots' },
        body,
      }).then(async r => ({ status: r.status, body: await r.json() }));
    expect(await post(`{"x":"${'y'.repeat(5 * 1024 * 1024)}"}`)).toEqual({
      status: 413,
      body: {
        __type: 'SerializationException',
        message: "The request body is over 5242880 bytes, the sandbox's limit.",
      },
    });
    expect(
      await post(`{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    ).toEqual({
      status: 400,
      body: {
        __type: 'SerializationException',
        message:
          'The request body nests lists and mappings more than 64 levels deep, the limit.',
      },
    });
    expect(await post('[1]')).toEqual({
      status: 400,
      body: {
        __type: 'SerializationException',
        message: 'The request body must be a JSON object.',
      },
    });
  });
});
