/**
 * Amazon Bedrock policy rules. Each case follows AWS's "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html) or "Best
 * practices for using Amazon Bedrock policies" (orgs_manage_policies_bedrock_best_practices.html).
 */
import { guessPolicyType, lintPolicy, toLintPolicyType } from '.';
import type { LintOptions } from './options';

const MANAGEMENT = '123456789012';
const ARN = `arn:aws:bedrock:us-east-1:${MANAGEMENT}:guardrail/hu1dlsv9wy1d:1`;

/** The syntax page's current example: selective_content_guarding and model_enforcement. */
function policy(config: Record<string, unknown>, region = 'us-east-1'): string {
  return JSON.stringify(
    { bedrock: { guardrail_inference: { [region]: { config_1: config } } } },
    null,
    2,
  );
}

const PAGE_EXAMPLE = {
  identifier: { '@@assign': ARN },
  selective_content_guarding: {
    system: { '@@assign': 'selective' },
    messages: { '@@assign': 'comprehensive' },
  },
  model_enforcement: {
    included_models: { '@@assign': ['ALL'] },
    excluded_models: {
      '@@assign': ['amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3'],
    },
  },
};

function lint(text: string, options: Partial<LintOptions> = {}) {
  return lintPolicy(text, {
    type: 'BEDROCK_POLICY',
    managementAccountId: MANAGEMENT,
    ...options,
  });
}
const problems = (text: string, options: Partial<LintOptions> = {}) =>
  lint(text, options)
    .filter(f => f.severity !== 'info')
    .map(f => f.code);

describe('Amazon Bedrock policy lint', () => {
  it('accepts the syntax page example, with only the resource-policy reminder (best practices page)', () => {
    const findings = lint(policy(PAGE_EXAMPLE));
    expect(findings.map(f => `${f.severity} ${f.code}`)).toEqual([
      'info BEDROCK_GUARDRAIL_RESOURCE_POLICY',
    ]);
    expect(findings[0].message).toMatch(/resource-based policy/);
    expect(findings[0].message).toMatch(/ApplyGuardrail/);
  });

  it('accepts the older page example with input_tags instead of selective_content_guarding', () => {
    expect(
      problems(
        policy({
          identifier: { '@@assign': ARN },
          input_tags: { '@@assign': 'honor' },
        }),
      ),
    ).toEqual([]);
  });

  it('is accepted by --type BEDROCK and BEDROCK_POLICY and guessed from its top-level key', () => {
    expect(toLintPolicyType('bedrock')).toBe('BEDROCK_POLICY');
    expect(toLintPolicyType('BEDROCK_POLICY')).toBe('BEDROCK_POLICY');
    expect(guessPolicyType(policy(PAGE_EXAMPLE))).toBe('BEDROCK_POLICY');
  });

  it('requires the identifier, and a content-guarding setting', () => {
    const findings = lint(policy({ model_enforcement: {} }));
    expect(findings.map(f => f.code)).toEqual([
      'BEDROCK_MISSING_GUARDRAIL',
      'BEDROCK_MISSING_CONTENT_GUARDING',
    ]);
    expect(findings[0].message).toMatch(/every Amazon Bedrock call/);
    expect(findings[0].line).toBe(5);
  });

  it('rejects an identifier that is not a guardrail ARN, with the expected form', () => {
    const findings = lint(
      policy({ ...PAGE_EXAMPLE, identifier: { '@@assign': 'hu1dlsv9wy1d' } }),
    );
    const f = findings.find(x => x.code === 'BEDROCK_GUARDRAIL_NOT_ARN')!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain(
      'arn:aws:bedrock:us-east-1:<management account id>:guardrail/',
    );
    expect(f.line).toBe(7);
  });

  it('requires a numbered version: none, DRAFT and words are errors', () => {
    const base = `arn:aws:bedrock:us-east-1:${MANAGEMENT}:guardrail/hu1dlsv9wy1d`;
    for (const [id, code] of [
      [base, 'BEDROCK_GUARDRAIL_NO_VERSION'],
      [`${base}:DRAFT`, 'BEDROCK_GUARDRAIL_DRAFT'],
      [`${base}:latest`, 'BEDROCK_GUARDRAIL_NO_VERSION'],
    ]) {
      expect(
        problems(policy({ ...PAGE_EXAMPLE, identifier: { '@@assign': id } })),
      ).toEqual([code]);
    }
    expect(
      problems(
        policy({ ...PAGE_EXAMPLE, identifier: { '@@assign': `${base}:12` } }),
      ),
    ).toEqual([]);
  });

  it('requires the guardrail to be in the Region of its key', () => {
    const findings = lint(policy(PAGE_EXAMPLE, 'us-west-2'));
    const f = findings.find(
      x => x.code === 'BEDROCK_GUARDRAIL_REGION_MISMATCH',
    )!;
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/in us-east-1 but is enforced under "us-west-2"/);
  });

  it('requires the guardrail to be owned by the management account, when it is known', () => {
    expect(
      problems(policy(PAGE_EXAMPLE), { managementAccountId: '210987654321' }),
    ).toEqual(['BEDROCK_GUARDRAIL_NOT_MANAGEMENT_ACCOUNT']);
    expect(
      problems(policy(PAGE_EXAMPLE), { managementAccountId: undefined }),
    ).toEqual([]);
  });

  it('warns when the guardrail version is not among the known ones (every call would fail)', () => {
    const findings = lint(policy(PAGE_EXAMPLE), {
      knownGuardrailArns: [ARN.replace(/:1$/, ':2')],
    });
    expect(findings.map(f => `${f.severity} ${f.code}`)).toEqual([
      'warning BEDROCK_GUARDRAIL_UNKNOWN',
    ]);
    expect(lint(policy(PAGE_EXAMPLE), { knownGuardrailArns: [ARN] })).toEqual(
      [],
    );
  });

  it('checks the content-guarding values', () => {
    expect(
      problems(
        policy({
          ...PAGE_EXAMPLE,
          selective_content_guarding: {
            system: { '@@assign': 'partial' },
            message: { '@@assign': 'selective' },
          },
        }),
      ),
    ).toEqual(['INVALID_POLICY_ELEMENT', 'INVALID_POLICY_ELEMENT']);
    expect(
      problems(
        policy({
          identifier: { '@@assign': ARN },
          input_tags: { '@@assign': 'always' },
        }),
      ),
    ).toEqual(['INVALID_POLICY_ELEMENT']);
  });

  it('checks model ids: the API form is an error, an id missing from the dated list a warning', () => {
    const findings = lint(
      policy({
        ...PAGE_EXAMPLE,
        model_enforcement: {
          included_models: {
            '@@assign': [
              'anthropic.claude-3-haiku-20240307-v1:0',
              'us.anthropic.claude-3-haiku-20240307-v1:0',
              'anthropic.claude-9-imaginary-v1:0',
            ],
          },
          excluded_models: {
            '@@assign': ['ALL', 'anthropic.claude-3-haiku-20240307-v1:0'],
          },
        },
      }),
    ).filter(f => f.severity !== 'info');
    expect(findings.map(f => `${f.severity} ${f.code}`)).toEqual([
      'warning BEDROCK_MODEL_INCLUDED_AND_EXCLUDED',
      'error BEDROCK_INVALID_MODEL_ID',
      'warning BEDROCK_UNKNOWN_MODEL',
      'error BEDROCK_INVALID_MODEL_ID',
    ]);
    expect(findings[2].message).toMatch(/model list of \d{4}-\d{2}-\d{2}/);
  });

  it('rejects an empty included_models, unknown keys and a key that is not a Region', () => {
    const text = JSON.stringify({
      bedrock: {
        guardrail_inference: {
          'us-east': {
            config_1: {
              ...PAGE_EXAMPLE,
              identifier: {
                '@@assign': ARN.replace('us-east-1', 'us-east'),
              },
              model_enforcement: { included_models: { '@@assign': [] } },
              guardrail: { '@@assign': 'x' },
            },
          },
        },
        agents: {},
      },
      Statement: [],
    });
    expect(problems(text).sort()).toEqual(
      [
        'INVALID_POLICY_ELEMENT',
        'INVALID_POLICY_ELEMENT',
        'INVALID_POLICY_ELEMENT',
        'BEDROCK_INVALID_REGION',
        'BEDROCK_NO_MODELS',
      ].sort(),
    );
  });
});
