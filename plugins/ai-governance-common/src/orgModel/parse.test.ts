import { OrgModelError } from './model';
import { DOCUMENT_LIMITS } from './documentLimits';
import { parseOrgModel, validateOrgModel } from './parse';

const base = (root: string, extra = '') => `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  policies:
    - name: deny-x
      type: SERVICE_CONTROL_POLICY
      document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "x:*", Resource: "*" }] }
${extra}  root:
${root}`;

function problemsOf(text: string, options = {}) {
  try {
    parseOrgModel(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(OrgModelError);
    return (e as OrgModelError).problems;
  }
  throw new Error('expected the model to be rejected');
}

describe('parseOrgModel', () => {
  it('parses a valid model with inline and file documents', () => {
    const text = `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: "111111111111" }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, AISERVICES_OPT_OUT_POLICY]
  policies:
    - name: from-file
      type: SERVICE_CONTROL_POLICY
      description: read through the reader
      file: policies/a.json
    - name: opt-out
      type: AISERVICES_OPT_OUT_POLICY
      document: '{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}'
  root:
    policies: [FullAWSAccess, opt-out]
    organizationalUnits:
      - name: AI
        policies: [from-file]
        accounts:
          - name: ml-dev
            email: ml-dev@example.com
            tags: { owner: group:default/ml-research, cost: 42 }
`;
    const reads: string[] = [];
    const model = parseOrgModel(text, {
      readFile: path => {
        reads.push(path);
        return '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}\n';
      },
    });
    expect(reads).toEqual(['policies/a.json']);
    expect(model.spec.policies[0]).toMatchObject({
      name: 'from-file',
      file: 'policies/a.json',
      document:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}',
    });
    const ai = model.spec.root.organizationalUnits![0];
    expect(ai.policies).toEqual(['from-file']);
    expect(ai.accounts![0].tags).toEqual({
      owner: 'group:default/ml-research',
      cost: '42',
    });
    expect(model.spec.managementAccount.id).toBe('111111111111');
  });

  it('defaults enabledPolicyTypes to SCPs only', () => {
    const model = parseOrgModel(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
`);
    expect(model.spec.enabledPolicyTypes).toEqual(['SERVICE_CONTROL_POLICY']);
    expect(model.spec.root).toEqual({});
  });

  it('reports an unknown policy name with its YAML path and line', () => {
    const problems = problemsOf(
      base(`    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, deny-y]
`),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(
      'spec.root.organizationalUnits[0].policies[1]',
    );
    expect(problems[0].message).toMatch(/unknown policy "deny-y"/);
    expect(problems[0].line).toBe(13);
  });

  it('reports a duplicate OU name under one parent but allows it under different parents', () => {
    const problems = problemsOf(
      base(`    organizationalUnits:
      - name: Dev
      - name: Prod
        organizationalUnits: [{ name: Dev }]
      - name: Dev
`),
    );
    expect(problems.map(p => p.path)).toEqual([
      'spec.root.organizationalUnits[2].name',
    ]);
    expect(problems[0].message).toMatch(/duplicate OU name "Dev"/);
  });

  it('reports OUs nested deeper than 5 levels', () => {
    const problems = problemsOf(
      base(`    organizationalUnits:
      - name: L1
        organizationalUnits:
          - name: L2
            organizationalUnits:
              - name: L3
                organizationalUnits:
                  - name: L4
                    organizationalUnits:
                      - name: L5
                        organizationalUnits:
                          - name: L6
`),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(
      'spec.root.organizationalUnits[0].organizationalUnits[0].organizationalUnits[0].organizationalUnits[0].organizationalUnits[0].organizationalUnits[0]',
    );
    expect(problems[0].message).toMatch(/at most 5 levels/);
  });

  it('reports bad emails, duplicate emails and duplicate account ids, all at once', () => {
    const problems = problemsOf(
      base(`    accounts:
      - { name: a, email: not-an-email }
      - { name: b, email: MGMT@example.com }
      - { name: c, email: c@example.com, id: "222222222222" }
      - { name: d, email: d@example.com, id: "222222222222" }
      - { name: e, email: e@example.com, id: "12345" }
`),
    );
    expect(problems.map(p => [p.path, p.message.split(';')[0]])).toEqual(
      [
        [
          'spec.root.accounts[0].email',
          '"not-an-email" is not a valid email address (6 to 64 characters, like name@example.com)',
        ],
        [
          'spec.root.accounts[1].email',
          'email "MGMT@example.com" is already used by spec.managementAccount',
        ],
        [
          'spec.root.accounts[3].id',
          'account id 222222222222 is already used by spec.root.accounts[2]',
        ],
        ['spec.root.accounts[4].id', '"12345" is not an account id (12 digits'],
      ].map(([p, m]) => [p, expect.stringContaining(m.replace(/\($/, ''))]),
    );
  });

  it('reports an unknown policy type and a policy of a type that is not enabled', () => {
    const problems = problemsOf(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
  policies:
    - { name: p1, type: SERVICE_CONTROL_POLCY, document: {} }
    - { name: p2, type: TAG_POLICY, document: { tags: {} } }
  root:
    policies: [p2]
`);
    expect(problems.map(p => p.path)).toEqual([
      'spec.policies[0].type',
      'spec.root.policies[0]',
    ]);
    expect(problems[0].message).toMatch(
      /unknown policy type "SERVICE_CONTROL_POLCY"/,
    );
    expect(problems[1].message).toMatch(
      /add TAG_POLICY to spec.enabledPolicyTypes/,
    );
  });

  it('reports a missing policy file and a file without a reader', () => {
    const text = base('    policies: [FullAWSAccess]\n').replace(
      '  policies:\n',
      '  policies:\n    - { name: from-file, type: SERVICE_CONTROL_POLICY, file: policies/missing.json }\n',
    );
    const withReader = problemsOf(text, {
      readFile: () => {
        throw new Error('the file does not exist');
      },
    });
    expect(withReader).toEqual([
      expect.objectContaining({
        path: 'spec.policies[0].file',
        message: expect.stringMatching(
          /cannot read policy file "policies\/missing.json".*does not exist/,
        ),
      }),
    ]);
    const withoutReader = problemsOf(text);
    expect(withoutReader[0].message).toMatch(/without a file reader/);
  });

  it('reports invalid JSON documents, unknown fields, duplicate policy names and YAML syntax errors', () => {
    const problems = problemsOf(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
  policies:
    - { name: p1, type: SERVICE_CONTROL_POLICY, document: "{not json" }
    - { name: p2, type: SERVICE_CONTROL_POLICY, document: { Statement: [] } }
    - { name: p2, type: SERVICE_CONTROL_POLICY, document: { Statement: [] } }
  root:
    organisationalUnits: []
`);
    expect(problems.map(p => p.path)).toEqual([
      'spec.policies[0].document',
      'spec.policies[2].name',
      'spec.root.organisationalUnits',
    ]);
    expect(problems[2].message).toMatch(/unknown field "organisationalUnits"/);
    expect(() => parseOrgModel('spec: [unclosed')).toThrow(/YAML syntax error/);
  });

  it('reports documents over AWS size quotas and too many attachments on one node', () => {
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: Array.from({ length: 1200 }, (_, i) => `s3:A${i}`),
          Resource: '*',
        },
      ],
    });
    const policies = Array.from(
      { length: 10 },
      (_, i) =>
        `    - { name: p${i}, type: SERVICE_CONTROL_POLICY, document: '{"Statement":[]}' }`,
    ).join('\n');
    const problems = problemsOf(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
  policies:
    - { name: big, type: SERVICE_CONTROL_POLICY, document: '${big}' }
${policies}
  root:
    policies: [FullAWSAccess, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9]
`);
    expect(problems.map(p => [p.path, p.message])).toEqual([
      [
        'spec.policies[0].document',
        expect.stringMatching(
          /^the policy document is \d{5} characters .*AWS allows at most 10240 for a SERVICE_CONTROL_POLICY$/,
        ),
      ],
      [
        'spec.root.policies',
        '11 SERVICE_CONTROL_POLICY policies would be attached here; AWS allows at most 10 per root, OU or account',
      ],
    ]);
  });

  it('lists every problem in the error message', () => {
    expect(() =>
      parseOrgModel(`apiVersion: v0
kind: Org
spec:
  managementAccount: { name: m, email: bad }
`),
    ).toThrow(
      /has 3 problems:\n {2}- apiVersion \(line 1\): .*\n {2}- kind \(line 2\): .*\n {2}- spec.managementAccount.email \(line 4\)/,
    );
  });
});

describe('parseOrgModel limits', () => {
  const valid = base('    accounts: [{ name: a, email: a@example.com }]\n');

  it('refuses a file over the length limit, naming it', () => {
    const text = `${valid}# ${'x'.repeat(DOCUMENT_LIMITS.maxOrgModelLength)}\n`;
    expect(problemsOf(text)).toEqual([
      {
        path: '(document)',
        message: `The org model is ${text.length} characters; the limit is 8388608`,
      },
    ]);
  });

  it.each([100_000, 65])(
    'refuses YAML nested %i levels deep, naming the depth limit',
    depth => {
      const text = `${valid}x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      expect(problemsOf(text).map(p => p.message)).toContain(
        'The org model nests lists and mappings more than 64 levels deep, the limit',
      );
    },
  );

  it('refuses a plain object nested too deeply or holding too many values', () => {
    let deep: unknown = 'x';
    for (let k = 0; k < 10_000; k++) deep = [deep];
    expect(() => validateOrgModel({ spec: deep })).toThrow(
      'The org model nests lists and mappings more than 64 levels deep, the limit',
    );
    const wide = { spec: new Array(DOCUMENT_LIMITS.maxValues).fill(1) };
    expect(() => validateOrgModel(wide)).toThrow(
      'The org model holds more than 1000000 values, the limit',
    );
  });

  it('refuses tag keys over 128 and values over 256 characters instead of truncating them', () => {
    const text = base(
      `    accounts:\n      - name: a\n        email: a@example.com\n        tags: { ${'k'.repeat(
        129,
      )}: v, ok: ${'v'.repeat(257)} }\n`,
    );
    expect(problemsOf(text).map(p => p.message)).toEqual([
      'tag keys must have 1 to 128 characters',
      'tag value must have at most 256 characters (has 257)',
    ]);
  });
});

describe('management policies in an org model', () => {
  it('refuses a management policy that breaks the operator syntax, naming the place', () => {
    const text = base(
      '    policies: [FullAWSAccess]\n',
      `    - name: tags
      type: TAG_POLICY
      document: { tags: { owner: { tag_key: owner } } }
`,
    ).replace(
      'enabledPolicyTypes: [SERVICE_CONTROL_POLICY]',
      'enabledPolicyTypes: [SERVICE_CONTROL_POLICY, TAG_POLICY]',
    );
    const problems = problemsOf(text);
    expect(problems.map(p => p.message)).toContainEqual(
      expect.stringContaining(
        'the Tag policy breaks the management policy syntax at /tags/owner/tag_key: "tag_key" must be set with an operator',
      ),
    );
  });
});
