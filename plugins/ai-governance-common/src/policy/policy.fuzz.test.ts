/*
 * Fuzz test of the policy engine: generated policy documents (grammar-shaped with hostile values, and mangled text)
 * go through parse, lint (SCP and RCP, with a catalog) and evaluation (simulate and who-can on an organization that
 * attaches them). Each ends in a result or a PolicyEngineError (a validation error the routes answer with 400);
 * any other throw is a bug.
 *
 * Runs: FUZZ_RUNS (default 1,000) documents, fixed seed FUZZ_SEED (default 18); `yarn fuzz` runs many more.
 */
import fc from 'fast-check';
import type { OrgSnapshot } from '../orgModel/types';
import { FULL_AWS_ACCESS_POLICY } from '../orgModel/awsManaged';
import { staticIamCatalog } from './catalog';
import { CONDITION_OPERATORS } from './conditionOperators';
import { parsePolicyDocument } from './document';
import { PolicyEngineError } from './errors';
import { simulate, whoCan } from './evaluate';
import { lintPolicy } from './lint';

const numRuns = Number(process.env.FUZZ_RUNS) || 1000;
const seed = Number(process.env.FUZZ_SEED) || 18;

const catalog = staticIamCatalog('fuzz-1', {
  s3: [
    {
      name: 'GetObject',
      conditionKeys: ['s3:prefix', 'aws:RequestTag/${TagKey}'],
    },
    { name: 'PutObject', conditionKeys: [] },
  ],
  ec2: [{ name: 'RunInstances', conditionKeys: ['ec2:Region'] }],
});

const wildcardText = (chars: string[], maxLength = 12) =>
  fc.array(fc.constantFrom(...chars), { maxLength }).map(a => a.join(''));

const action = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('s3', 'ec2', 'bedrock', 'S3', '*', ''),
      wildcardText(['G', 'e', 't', 'O', '*', '?', 'x', ':']),
    )
    .map(([s, a]) => `${s}:${a}`),
  fc.constantFrom(
    '*',
    's3:*',
    `ec2:${'*?'.repeat(30)}Z`,
    'sts:GetCallerIdentity',
  ),
  fc.string({ maxLength: 30 }),
);
const resource = fc.oneof(
  wildcardText(['a', '*', '?', ':', '/', '$', '{', '}'], 16).map(
    r => `arn:aws:s3:::${r}`,
  ),
  fc.constantFrom(
    '*',
    'arn:aws:s3:::home/${aws:username}/*',
    "arn:aws:s3:::x/${aws:PrincipalTag/team, 'none'}",
    'arn:aws:${aws:username}:::x',
    `arn:aws:s3:::${'*?'.repeat(40)}Z`,
  ),
  fc.string({ maxLength: 30 }),
);
const conditionValue = fc.oneof(
  fc.constantFrom(
    'true',
    'false',
    '10.0.0.0/8',
    '::ffff:10.0.0.1/128',
    '2026-01-01T00:00:00Z',
    '1700000000',
    '${aws:PrincipalTag/team}',
    '${*}',
    `${'*?'.repeat(30)}Z`,
  ),
  wildcardText(['a', '*', '?', '$', '{', '}', ',', "'", ' ']),
  fc.integer().map(String),
  fc.string({ maxLength: 20 }),
);
const operator = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:', 'Bogus:'),
      fc.constantFrom(...CONDITION_OPERATORS, 'StringMatches'),
      fc.constantFrom('', 'IfExists'),
    )
    .map(([a, b, c]) => a + b + c),
  fc.string({ maxLength: 12 }),
);
const conditionKey = fc.constantFrom(
  'aws:PrincipalTag/team',
  'aws:SourceIp',
  'aws:CurrentTime',
  'aws:RequestedRegion',
  'aws:PrincipalArn',
  's3:prefix',
  'aws:RequestTag/env',
  'ec2:Region',
  'bad key',
);
const oneOrMany = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof(a, fc.array(a, { maxLength: 4 }));
const statement = fc.record(
  {
    Sid: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{0,8}$/), fc.string()),
    Effect: fc.constantFrom('Allow', 'Deny', 'deny', 'Maybe'),
    Principal: fc.constantFrom('*', { AWS: '*' }, { Service: 'x' }),
    Action: oneOrMany(action),
    NotAction: oneOrMany(action),
    Resource: oneOrMany(resource),
    NotResource: oneOrMany(resource),
    Condition: fc.dictionary(
      operator,
      fc.dictionary(conditionKey, oneOrMany(conditionValue), { maxKeys: 2 }),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['Effect'] },
);
const documentText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          Version: fc.constantFrom('2012-10-17', '2008-10-17', '2020'),
          Statement: fc.oneof(
            statement,
            fc.array(statement, { minLength: 1, maxLength: 4 }),
          ),
        },
        { requiredKeys: ['Statement'] },
      )
      .map(d => JSON.stringify(d)),
  },
  // Mangled text: cut, spliced and commented documents.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(statement, { minLength: 1, maxLength: 2 }),
        fc.nat(),
        fc.constantFrom('', ',', '//x\n', '}', '"', '[', '${x}', '\u0000'),
      )
      .map(([sts, at, insert]) => {
        const text = JSON.stringify({ Version: '2012-10-17', Statement: sts });
        const k = at % (text.length + 1);
        return text.slice(0, k) + insert + text.slice(k);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map(v => JSON.stringify(v)),
      fc.integer({ min: 1, max: 200 }).map(d => '['.repeat(d) + ']'.repeat(d)),
    ),
  },
);

const request = fc.record(
  {
    action: action,
    resource: resource,
    context: fc.dictionary(conditionKey, oneOrMany(conditionValue), {
      maxKeys: 3,
    }),
    principalTags: fc.dictionary(fc.constantFrom('team', 'env'), fc.string(), {
      maxKeys: 2,
    }),
  },
  { requiredKeys: ['action'] },
);

function organization(
  content: string,
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
): OrgSnapshot {
  return {
    organization: { id: 'o-fuzz12345', managementAccountId: '999999999999' },
    capturedAt: '2026-01-01T00:00:00Z',
    policies: [
      FULL_AWS_ACCESS_POLICY,
      { id: 'p-fuzz', name: 'fuzz', type, awsManaged: false, content },
    ],
    nodes: [
      {
        id: 'r-fuzz',
        kind: 'root',
        name: 'Root',
        policyIds: ['p-FullAWSAccess'],
        tags: {},
        enabledPolicyTypes: [
          'SERVICE_CONTROL_POLICY',
          'RESOURCE_CONTROL_POLICY',
        ],
      },
      {
        id: '111111111111',
        kind: 'account',
        name: 'a',
        parentId: 'r-fuzz',
        policyIds: ['p-FullAWSAccess', 'p-fuzz'],
        tags: {},
      },
    ],
  };
}

/** Runs fn; a PolicyEngineError counts as a clear refusal, anything else thrown fails the property. */
function resultOrRefusal(fn: () => unknown): 'result' | 'refused' {
  try {
    fn();
    return 'result';
  } catch (error) {
    if (error instanceof PolicyEngineError) return 'refused';
    throw error;
  }
}

describe('policy engine under generated documents', () => {
  it(
    'parses, lints and evaluates every document to a result or a validation error',
    () => {
      const outcomes = { findings: 0, decisions: 0, refused: 0 };
      fc.assert(
        fc.property(documentText, request, (text, req) => {
          parsePolicyDocument(text);
          for (const type of [
            'SERVICE_CONTROL_POLICY',
            'RESOURCE_CONTROL_POLICY',
          ] as const) {
            const findings = lintPolicy(text, { type, catalog });
            if (
              !findings.every(
                f => typeof f.code === 'string' && f.message.length > 0,
              )
            )
              return false;
            outcomes.findings += findings.length;
            const snapshot = organization(text, type);
            for (const outcome of [
              resultOrRefusal(() =>
                simulate(snapshot, { ...req, target: 'a' }),
              ),
              resultOrRefusal(() => whoCan(snapshot, req)),
            ]) {
              if (outcome === 'refused') outcomes.refused++;
              else outcomes.decisions++;
            }
          }
          return true;
        }),
        { seed, numRuns },
      );
      // The generators reach findings, decisions and refusals alike.
      expect(outcomes.findings).toBeGreaterThan(numRuns);
      expect(outcomes.decisions).toBeGreaterThan(numRuns);
      expect(outcomes.refused).toBeGreaterThan(numRuns / 10);
    },
    30_000 + numRuns * 50,
  );
});
