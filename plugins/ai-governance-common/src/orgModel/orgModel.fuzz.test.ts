/*
 * Fuzz test of org model parsing and validation: generated models (shaped like real ones, with hostile values, OUs
 * nested past AWS's depth, tags past AWS's lengths) as YAML text, as mangled YAML text and as plain objects. Each ends
 * in a model that compiles to a snapshot, or an OrgModelError listing problems; nothing else is thrown.
 *
 * Runs: FUZZ_RUNS (default 1,000) per property, fixed seed FUZZ_SEED (default 18); `yarn fuzz` runs many more.
 */
import fc from 'fast-check';
import yaml from 'yaml';
import { compileOrgModel } from './compileSnapshot';
import { generateOrgModel } from './generate';
import { OrgModelError } from './model';
import { parseOrgModel, validateOrgModel } from './parse';

const numRuns = Number(process.env.FUZZ_RUNS) || 1000;
const seed = Number(process.env.FUZZ_SEED) || 18;

const hostile = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ minLength: 100, maxLength: 400 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile });

const name = maybe(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/));
const tags = maybe(
  fc.dictionary(
    fc.oneof(
      fc.stringMatching(/^[a-z]{1,10}$/),
      fc.constantFrom('aws:x', 'k'.repeat(129)),
    ),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constant('v'.repeat(257))),
    { maxKeys: 3 },
  ),
);
const account = fc.record(
  {
    name,
    email: maybe(
      fc.stringMatching(/^[a-z]{1,8}$/).map(n => `${n}@example.com`),
    ),
    id: maybe(fc.stringMatching(/^\d{12}$/)),
    tags,
    policies: maybe(
      fc.array(fc.constantFrom('deny-x', 'FullAWSAccess', 'nope')),
    ),
    state: maybe(fc.constantFrom('ACTIVE', 'SUSPENDED', 'GONE')),
  },
  { requiredKeys: ['name', 'email'] },
);
const { ou } = fc.letrec<{ ou: Record<string, unknown> }>(tie => ({
  ou: fc.record(
    {
      name,
      tags,
      policies: maybe(fc.array(fc.constantFrom('deny-x', 'FullAWSAccess'))),
      accounts: fc.array(account, { maxLength: 2 }),
      organizationalUnits: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant([]),
        fc.array(tie('ou'), { maxLength: 2 }),
      ),
    },
    { requiredKeys: ['name'] },
  ),
}));
const policy = fc.record({
  name: maybe(fc.constantFrom('deny-x', 'deny-y', 'FullAWSAccess')),
  type: maybe(fc.constantFrom('SERVICE_CONTROL_POLICY', 'TAG_POLICY', 'NOPE')),
  document: maybe(
    fc.constantFrom(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'x:*', Resource: '*' }],
      },
      { tags: {} },
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Action: `x:${'*?'.repeat(30)}Z`, Resource: '*' },
        ],
      },
    ),
  ),
});
const model = fc.record(
  {
    apiVersion: maybe(fc.constant('ai-governance/v1')),
    kind: maybe(fc.constant('Organization')),
    spec: maybe(
      fc.record(
        {
          managementAccount: maybe(account),
          enabledPolicyTypes: maybe(
            fc.array(
              fc.constantFrom('SERVICE_CONTROL_POLICY', 'TAG_POLICY', 'X'),
            ),
          ),
          policies: maybe(fc.array(policy, { maxLength: 3 })),
          root: maybe(
            fc.record({
              policies: maybe(
                fc.array(fc.constantFrom('FullAWSAccess', 'deny-x')),
              ),
              organizationalUnits: fc.array(ou, { maxLength: 3 }),
              accounts: fc.array(account, { maxLength: 2 }),
            }),
          ),
        },
        { requiredKeys: ['managementAccount'] },
      ),
    ),
  },
  { requiredKeys: ['apiVersion', 'kind', 'spec'] },
);

/** Valid generated models, with one field of the tree replaced by a generated value (sometimes still valid). */
const edited = fc
  .record({
    seed: fc.integer({ min: 1, max: 1000 }),
    accounts: fc.integer({ min: 0, max: 8 }),
    ous: fc.integer({ min: 0, max: 6 }),
    policies: fc.integer({ min: 0, max: 3 }),
    path: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    value: fc.oneof(hostile, account, policy, fc.constant(undefined)),
    edit: fc.boolean(),
  })
  .map(({ seed: s, accounts, ous, policies, path, value, edit }) => {
    const m: any = JSON.parse(
      JSON.stringify(generateOrgModel({ seed: s, accounts, ous, policies })),
    );
    if (!edit) return m;
    // Walk down the path (each number picks a key or an item), then replace what is there.
    let node = m;
    for (let k = 0; k < path.length - 1; k++) {
      const keys = Object.keys(node);
      const next = node[keys[path[k] % keys.length]];
      if (typeof next !== 'object' || next === null || keys.length === 0) break;
      node = next;
    }
    const keys = Object.keys(node);
    if (keys.length > 0)
      node[keys[path[path.length - 1] % keys.length]] = value;
    return m;
  });

/** A model, or an OrgModelError; anything else thrown fails the property. */
function modelOrProblems(fn: () => ReturnType<typeof parseOrgModel>) {
  try {
    const m = fn();
    compileOrgModel(m);
    return 'model';
  } catch (error) {
    if (!(error instanceof OrgModelError)) throw error;
    if (error.problems.length === 0)
      throw new Error('an OrgModelError without problems');
    return 'problems';
  }
}

describe('org models under generated input', () => {
  it(
    'parse from YAML text (as written, or mangled) to a model or a list of problems',
    () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(
          fc.oneof(model, edited),
          fc.nat(),
          fc.constantFrom('', ':', '- ', '\n  ', '&a ', '*a', '{', '"', '\t'),
          fc.boolean(),
          (m, at, insert, mangle) => {
            let text = yaml.stringify(m);
            if (mangle) {
              const k = at % (text.length + 1);
              text = text.slice(0, k) + insert + text.slice(k);
            }
            seen.add(modelOrProblems(() => parseOrgModel(text)));
          },
        ),
        { seed, numRuns },
      );
      expect([...seen].sort()).toEqual(['model', 'problems']);
    },
    30_000 + numRuns * 50,
  );

  it(
    'validate from plain objects to a model or a list of problems',
    () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(fc.oneof(model, edited, hostile), m => {
          seen.add(modelOrProblems(() => validateOrgModel(m)));
        }),
        { seed, numRuns },
      );
      expect([...seen].sort()).toEqual(['model', 'problems']);
    },
    30_000 + numRuns * 50,
  );
});
