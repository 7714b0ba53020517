import {
  checkRequestPolicy,
  describeRequestPolicyProblems,
  REQUEST_POLICY_LIMITS,
} from './requestPolicies';

const IDENTITY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*" }
  ]
}`;

const BUCKET = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::222222222222:role/Reader" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::data/*"
    }
  ]
}`;

describe('checkRequestPolicy', () => {
  it('accepts each kind in its own shape, and a missing Version (AWS evaluates it)', () => {
    expect(checkRequestPolicy(IDENTITY, 'identity')).toEqual([]);
    expect(checkRequestPolicy(IDENTITY, 'boundary')).toEqual([]);
    expect(checkRequestPolicy(IDENTITY, 'session')).toEqual([]);
    expect(checkRequestPolicy(BUCKET, 'resource')).toEqual([]);
    expect(checkRequestPolicy(BUCKET, 'endpoint')).toEqual([]);
    expect(
      checkRequestPolicy(
        '{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}',
        'identity',
      ),
    ).toEqual([]);
  });

  it('refuses a principal in an identity policy and a missing one in a resource policy, where they are', () => {
    expect(checkRequestPolicy(BUCKET, 'identity')).toEqual([
      expect.objectContaining({
        code: 'PRINCIPAL_NOT_ALLOWED',
        line: 6,
        column: 20,
        statementIndex: 0,
      }),
    ]);
    expect(checkRequestPolicy(IDENTITY, 'resource')).toEqual([
      expect.objectContaining({
        code: 'MISSING_PRINCIPAL',
        line: 4,
        column: 5,
      }),
    ]);
  });

  it('reports JSON and grammar errors with positions, sorted', () => {
    const problems = checkRequestPolicy(
      '{\n  "Statement": [\n    {"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"},\n  ]\n}',
      'identity',
    );
    expect(problems.map(p => `${p.code}@${p.line}:${p.column}`)).toEqual([
      'INVALID_EFFECT@3:16',
      'JSON_SYNTAX_ERROR@3:68',
    ]);
    expect(describeRequestPolicyProblems('role.json', problems)).toMatch(
      /^role\.json:3:16: .*Effect.*\nrole\.json:3:68: /,
    );
    expect(checkRequestPolicy('[]', 'session')[0].code).toBeDefined();
    expect(checkRequestPolicy('', 'session')).not.toEqual([]);
  });

  it('needs Action and Resource, except a resource-based policy may leave Resource out (trust policies)', () => {
    const trust =
      '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    expect(checkRequestPolicy(trust, 'resource')).toEqual([]);
    expect(
      checkRequestPolicy(
        trust.replace(/"Principal": \{[^}]*\}, /, ''),
        'boundary',
      ).map(p => p.code),
    ).toEqual(['MISSING_RESOURCE']);
    expect(
      checkRequestPolicy(
        '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"}, {"Effect": "Deny", "Resource": "*"}]}',
        'identity',
      ).map(p => `${p.code}#${p.statementIndex}`),
    ).toEqual(['UNSUPPORTED_ELEMENT_COMBINATION#0', 'MISSING_ACTION#1']);
  });

  it('refuses a document over the size bound without reading it', () => {
    const big = `{"Statement": [], "Id": "${'x'.repeat(
      REQUEST_POLICY_LIMITS.maxLength,
    )}"}`;
    expect(checkRequestPolicy(big, 'identity')).toEqual([
      expect.objectContaining({ code: 'POLICY_TOO_LARGE', line: 1 }),
    ]);
  });

  it('caps the message at a few problems and says how many more', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({
      code: 'X',
      severity: 'error' as const,
      message: `problem ${i}`,
      line: i + 1,
      column: 1,
    }));
    const text = describeRequestPolicyProblems('p', problems, 3);
    expect(text.split('\n')).toEqual([
      'p:1:1: problem 0',
      'p:2:1: problem 1',
      'p:3:1: problem 2',
      '(4 more)',
    ]);
  });
});
