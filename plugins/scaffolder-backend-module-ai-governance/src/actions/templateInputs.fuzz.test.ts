/*
 * Fuzz test of the inputs of the three templates (both account templates and the baseline template): generated
 * parameter values, valid, near-valid and hostile, validated the way the scaffolder does before it runs an action
 * (jsonschema against the JSON schema the framework derives from the action's zod schema) and the way the template
 * form does (the template's own parameter schema). Each input is either accepted with every field within the
 * action's patterns, or refused with errors naming the fields; the action refuses nothing the form accepts except in
 * fields the form leaves to a picker (the owner: an empty one passes the form and is refused by the action).
 *
 * Runs: FUZZ_RUNS (default 1,000) per property, fixed seed FUZZ_SEED (default 18); `yarn fuzz` runs many more.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { validate, type Schema } from 'jsonschema';
import yaml from 'yaml';
import {
  ACCOUNT_EMAIL_PATTERN,
  ACCOUNT_NAME_PATTERN,
  COST_CENTER_PATTERN,
} from '@internal/plugin-ai-governance-node';
import { createAccountCreateAction } from './accountCreate';
import { createBaselineApplyAction } from './baselineApply';

const numRuns = Number(process.env.FUZZ_RUNS) || 1000;
const seed = Number(process.env.FUZZ_SEED) || 18;
const repoRoot = path.resolve(__dirname, '../../../..');

/** The template's parameter pages merged into one object schema, as the form validates them. */
function formSchema(template: string): Schema {
  const text = fs.readFileSync(
    path.join(repoRoot, 'templates', template, 'template.yaml'),
    'utf8',
  );
  const pages: Array<{ properties?: object; required?: string[] }> =
    yaml.parse(text).spec.parameters;
  return {
    type: 'object',
    properties: Object.assign({}, ...pages.map(p => p.properties ?? {})),
    required: pages.flatMap(p => p.required ?? []),
    // The form submits its own fields only, and the step passes exactly those to the action.
    additionalProperties: false,
  };
}

/** Any JSON value, biased to the shapes that break validators: long, unicode, nested. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
  fc.constantFrom('', ' ', '\u0000', '${{ secrets.x }}', '../../etc', '\n'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 4 }),
);

/** Generates an input from per-field generators: the valid one, a hostile one, or the field left out. */
function inputs(fields: Record<string, fc.Arbitrary<unknown>>) {
  const entries = Object.entries(fields).map(([key, valid]) =>
    fc
      .oneof(
        { weight: 8, arbitrary: valid },
        { weight: 1, arbitrary: hostile },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
      .map(v => [key, v] as const),
  );
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.dictionary(fc.string(), hostile, { maxKeys: 2 }),
    )
    .map(([pairs, extra]) => {
      const out: Record<string, unknown> = { ...extra };
      for (const [k, v] of pairs) {
        if (v === undefined) delete out[k];
        else out[k] = v;
      }
      return out;
    });
}

function check(
  actionSchema: Schema,
  form: Schema,
  generated: fc.Arbitrary<Record<string, unknown>>,
  withinPatterns: (input: Record<string, any>) => boolean,
) {
  let accepted = 0;
  const failures: unknown[] = [];
  fc.assert(
    fc.property(generated, input => {
      const result = validate(input, actionSchema);
      if (result.valid) {
        accepted++;
        if (!withinPatterns(input)) failures.push({ accepted: input });
      }
      // Refused with a message naming the field (or the missing property).
      for (const e of result.errors) {
        if (!/^instance(\.\w+|\[\d+\])* /.test(e.stack))
          failures.push({ unclear: e.stack });
      }
      // What the form accepts, the action accepts, except in fields the form leaves to a picker (no pattern or
      // enumeration of its own, e.g. the owner): there the action's refusal is the first check.
      const formAccepts = validate(input, form).valid;
      for (const e of formAccepts ? result.errors : []) {
        const field = e.property.replace(/^instance\.?/, '').split(/[.[]/)[0];
        const spec = (form.properties as Record<string, Schema>)[field];
        if (spec?.pattern !== undefined || spec?.enum !== undefined)
          failures.push({ formAcceptsActionRefuses: e.stack });
      }
      return failures.length === 0;
    }),
    { seed, numRuns },
  );
  expect(failures).toEqual([]);
  // The generators reach both outcomes, so the property says something about each.
  expect(accepted).toBeGreaterThan(numRuns / 50);
  expect(accepted).toBeLessThan(numRuns);
}

describe.each([
  ['ai-development-account', 'development'],
  ['ai-production-account', 'production'],
])('template %s inputs', (template, environment) => {
  const action = createAccountCreateAction({
    auth: {} as any,
    discovery: {} as any,
    appBaseUrl: 'http://localhost:3000',
  });

  it('are accepted within the action patterns or refused naming the field', () => {
    check(
      action.schema!.input as Schema,
      formSchema(template),
      inputs({
        name: fc.stringMatching(ACCOUNT_NAME_PATTERN),
        environment: fc.constant(environment),
        owner: fc
          .stringMatching(/^[a-z0-9-]{1,20}$/)
          .map(g => `group:default/${g}`),
        costCenter: fc.stringMatching(COST_CENTER_PATTERN),
        dataClassification: fc.constantFrom(
          'public',
          'internal',
          'confidential',
          'restricted',
        ),
        purpose: fc.string({ minLength: 1, maxLength: 200 }),
        email: fc.oneof(
          fc.constant(''),
          fc.stringMatching(ACCOUNT_EMAIL_PATTERN),
        ),
      }),
      input =>
        ACCOUNT_NAME_PATTERN.test(input.name) &&
        COST_CENTER_PATTERN.test(input.costCenter) &&
        input.purpose.length >= 1 &&
        input.purpose.length <= 1000 &&
        (input.email === undefined ||
          input.email === '' ||
          ACCOUNT_EMAIL_PATTERN.test(input.email)),
    );
  });
});

describe('template apply-governance-baseline inputs', () => {
  const action = createBaselineApplyAction({
    permissions: {} as any,
    getClient: async () => {
      throw new Error('validation only: no client');
    },
  });

  it('are accepted within the action patterns or refused naming the field', () => {
    check(
      action.schema!.input as Schema,
      formSchema('apply-governance-baseline'),
      inputs({
        baseline: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/),
        engine: fc.constantFrom('organizations-api', 'pulumi'),
        allowRemovals: fc.array(
          fc
            .tuple(
              fc.constantFrom('ou', 'policy', 'attachment'),
              fc.stringMatching(/^\S{1,30}$/),
            )
            .map(([kind, name]) => `${kind}/${name}`),
          { maxLength: 5 },
        ),
        confirmRemovals: fc.boolean(),
        overwriteDrift: fc.boolean(),
      }),
      input =>
        (input.baseline === undefined ||
          /^[a-z0-9][a-z0-9-]{0,62}$/.test(input.baseline)) &&
        (input.engine === undefined ||
          ['organizations-api', 'pulumi'].includes(input.engine)) &&
        (input.allowRemovals ?? []).every((r: string) =>
          /^(ou|policy|attachment)\/\S+$/.test(r),
        ) &&
        (input.allowRemovals?.length ?? 0) <= 200,
    );
  });
});
