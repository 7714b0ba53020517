import type { OrgSnapshot } from '../../orgModel/types';
import {
  lintOrg,
  lintPolicy,
  lintPolicyWithCatalog,
  findPlaceholders,
  guessPolicyType,
  toLintPolicyType,
} from '.';
import { staticIamCatalog } from '../catalog';
import { nodeCatalog } from '../__testUtils__/node';

const SCP = 'SERVICE_CONTROL_POLICY' as const;
const RCP = 'RESOURCE_CONTROL_POLICY' as const;
const codes = (
  text: string,
  type: Parameters<typeof lintPolicy>[1]['type'] = SCP,
) => lintPolicy(text, { type }).map(f => `${f.code}@${f.line}:${f.column}`);

describe('JSON syntax', () => {
  it('reports # comments, // comments and trailing commas with their positions, and keeps going', () => {
    const text = [
      '{',
      '  # deny leaving the org',
      '  "Version": "2012-10-17", // the only version',
      '  "Statement": [{"Effect": "Deny", "Action": ["organizations:LeaveOrganization",], "Resource": "*"},]',
      '}',
    ].join('\n');
    const findings = lintPolicy(text, { type: SCP });
    expect(findings.map(f => `${f.code}@${f.line}:${f.column}`)).toEqual([
      'JSON_SYNTAX_ERROR@2:3',
      'JSON_SYNTAX_ERROR@3:28',
      'JSON_SYNTAX_ERROR@4:80',
      'JSON_SYNTAX_ERROR@4:100',
    ]);
    expect(findings[0].message).toMatch(/Comment \(#/);
    expect(findings[2].message).toMatch(/Trailing comma/);
    expect(findings.every(f => f.severity === 'error')).toBe(true);
  });

  it('stops at a fatal error with a message that says what to do', () => {
    const [f] = lintPolicy(
      '{"Version": "2012-10-17", "Statement": [{\'Effect\': "Deny"}]}',
      { type: SCP },
    );
    expect(f).toMatchObject({ code: 'JSON_SYNTAX_ERROR', line: 1, column: 42 });
    expect(f.message).toMatch(/double quotes/);
    const [g] = lintPolicy('{"Version": "2012-10-17",\n  "Statement": [', {
      type: SCP,
    });
    expect(g).toMatchObject({ code: 'JSON_SYNTAX_ERROR', line: 2 });
    expect(g.message).toMatch(/ends/);
    const [h] = lintPolicy('{"Statement": {"Resource": ${ACCOUNT}}}', {
      type: SCP,
    });
    expect(h.message).toMatch(/Unquoted template placeholder/);
  });
});

describe('grammar and policy types', () => {
  it('accepts a single statement object and string values', () => {
    expect(
      codes(
        '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}',
      ),
    ).toEqual([]);
  });

  it('is strict where AWS is', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          effect: 'Deny',
          Action: 's3:*',
          NotAction: 'ec2:*',
          Resource: '*',
        },
        { Sid: 'A', Effect: 'deny', Action: 'bucket', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*' },
      ],
    });
    const c = lintPolicy(text, { type: SCP }).map(f => f.code);
    expect(c).toEqual(
      expect.arrayContaining([
        'INVALID_POLICY_ELEMENT',
        'MISSING_EFFECT',
        'UNSUPPORTED_ELEMENT_COMBINATION',
        'INVALID_EFFECT',
        'INVALID_ACTION',
        'UNIQUE_SIDS_REQUIRED',
        'MISSING_RESOURCE',
      ]),
    );
  });

  it('rejects Principal in an SCP and Allow in an RCP other than RCPFullAWSAccess', () => {
    const scp =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}';
    expect(codes(scp)).toEqual(['SCP_SYNTAX_ERROR_PRINCIPAL@1:55']);
    const rcp =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}';
    expect(codes(rcp, RCP)).toEqual(['RCP_SYNTAX_ERROR_ALLOW@1:48']);
    expect(
      lintPolicy(rcp, { type: RCP, policyName: 'RCPFullAWSAccess' }),
    ).toEqual([]);
    const rcpPrincipal =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*","Resource":"*"}]}';
    expect(codes(rcpPrincipal, RCP)).toEqual([
      'RCP_SYNTAX_ERROR_PRINCIPAL@1:67',
    ]);
  });

  it('rejects IAM elements in an AI opt-out policy and checks its values', () => {
    expect(
      codes(
        '{"Version":"2012-10-17","Statement":[]}',
        'AISERVICES_OPT_OUT_POLICY',
      ),
    ).toContain('UNSUPPORTED_ELEMENT_FOR_TYPE@1:2');
    expect(
      codes(
        '{"services":{"default":{"opt_out_policy":{"@@assign":"optout"}}}}',
        'AISERVICES_OPT_OUT_POLICY',
      ),
    ).toEqual(['INVALID_POLICY_ELEMENT@1:54']);
    expect(
      codes(
        '{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}',
        'AISERVICES_OPT_OUT_POLICY',
      ),
    ).toEqual([]);
  });

  it('checks the structure of a tag policy', () => {
    const ok =
      '{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200"]},"enforced_for":{"@@assign":["ec2:instance"]}}}}';
    expect(codes(ok, 'TAG_POLICY')).toEqual([]);
    const bad =
      '{"tags":{"costcenter":{"tag_key":{"@@assing":"CostCenter"},"value":{"@@assign":"x"}}}}';
    expect(codes(bad, 'TAG_POLICY')).toEqual([
      'INVALID_POLICY_ELEMENT@1:35',
      'INVALID_POLICY_ELEMENT@1:60',
    ]);
  });

  it('maps type names and guesses types', () => {
    expect(toLintPolicyType('scp')).toBe(SCP);
    expect(toLintPolicyType('AISERVICES_OPT_OUT_POLICY')).toBe(
      'AISERVICES_OPT_OUT_POLICY',
    );
    expect(toLintPolicyType('nope')).toBeUndefined();
    expect(guessPolicyType('{"services":{}}')).toBe(
      'AISERVICES_OPT_OUT_POLICY',
    );
    expect(guessPolicyType('{"Statement":[{"Principal":"*"}]}')).toBe(RCP);
  });
});

describe('policy variables', () => {
  it('warns about a variable before the resource part of an ARN', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: 's3:*',
          NotResource: [
            'arn:aws:dynamodb:*:${aws:PrincipalAccount}:table/*',
            'arn:aws:s3:::home-${aws:PrincipalTag/team}/*',
          ],
        },
      ],
    });
    expect(lintPolicy(text, { type: SCP }).map(f => f.code)).toEqual([
      'VARIABLE_NOT_SUBSTITUTED',
    ]);
  });
});

describe('size', () => {
  const big = (n: number) =>
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: 's3:GetObject',
            Resource: Array(n).fill('arn:aws:s3:::a-bucket-name/*'),
          },
        ],
      },
      null,
      4,
    );
  it('counts every character as sent, whitespace included, against configurable limits', () => {
    const text = big(400); // about 12,000 characters minified
    const f = lintPolicy(text, { type: SCP }).find(
      x => x.code === 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
    );
    expect(f?.message).toMatch(/limit is 10240/);
    expect(
      lintPolicy(text, {
        type: SCP,
        limits: { size: { SERVICE_CONTROL_POLICY: 20000 } },
      }),
    ).toEqual([]);
    // AWS counts the whitespace an API caller sends ("Quotas and service limits for AWS Organizations"; measured:
    // a pretty-printed SCP of 16,513 characters, 9,962 without whitespace, is refused): the pretty-printed text is
    // over the limit, the same policy minified is not.
    const small = big(300);
    expect(small.length).toBeGreaterThan(10240);
    const minified = JSON.stringify(JSON.parse(small));
    expect(minified.length).toBeLessThan(10240);
    expect(
      lintPolicy(small, { type: SCP }).find(
        x => x.code === 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
      )?.message,
    ).toMatch(/whitespace included.*Remove the whitespace/);
    expect(lintPolicy(minified, { type: SCP })).toEqual([]);
    expect(
      lintPolicy(minified, { type: RCP }).some(
        x => x.code === 'POLICY_SIZE_EXCEEDS_RCP_QUOTA',
      ),
    ).toBe(true);
  });
});

describe('placeholders', () => {
  it('finds {...}, <...>, [...] and ${...} but not IAM policy variables', () => {
    const text =
      '{"a": "arn:aws:iam::${Account}:role/[PRIVILEGED_ROLE]", "b": "<my-org-id>", "c": "{{env}}", "d": "${aws:PrincipalTag/team}", "e": "${aws:username, \'x\'}", "f": ["x"], "g": "${*}"}';
    expect(findPlaceholders(text).map(p => p.token)).toEqual([
      '${Account}',
      '[PRIVILEGED_ROLE]',
      '<my-org-id>',
      '{{env}}',
    ]);
    const [p] = findPlaceholders('{\n  "x": "<id>"\n}');
    expect(p.start).toMatchObject({ line: 2, column: 9 });
  });

  it('finds placeholders in a line of 100,000 unclosed ${ as it does in a short one (one pass, no rescans)', () => {
    const text = `{"a": "${'${'.repeat(
      100_000,
    )}", "b": "\${x\${y}", "c": "<a><b>"}`;
    expect(findPlaceholders(text).map(p => p.token)).toEqual([
      '${x${y}',
      '<a>',
      '<b>',
    ]);
  });
});

describe('with the iam-data catalog', () => {
  it('flags unknown services and actions, and says which iam-data version it used', async () => {
    const catalog = await nodeCatalog();
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: [
            's3:GetObjekt',
            'bedrok:InvokeModel',
            'sagemaker:Create*',
            'ec2:Nope*',
          ],
          Resource: '*',
        },
      ],
    });
    const findings = await lintPolicyWithCatalog(text, { type: SCP, catalog });
    expect(findings.map(f => f.code)).toEqual([
      'INVALID_ACTION',
      'INVALID_SERVICE_IN_ACTION',
      'INVALID_ACTION',
    ]);
    expect(findings[0].message).toContain(`iam-data ${catalog.version}`);
    expect(catalog.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('flags a condition key that no listed action supports (the deny then fires always)', async () => {
    const catalog = await nodeCatalog();
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RequireVpc',
            Effect: 'Deny',
            Action: ['sagemaker:CreateEndpoint'],
            Resource: '*',
            Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
          },
          {
            Sid: 'RequireVpcOk',
            Effect: 'Deny',
            Action: ['sagemaker:CreateTrainingJob'],
            Resource: '*',
            Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
          },
        ],
      },
      null,
      2,
    );
    const findings = await lintPolicyWithCatalog(text, { type: SCP, catalog });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'CONDITION_KEY_NOT_APPLICABLE',
      severity: 'error',
      line: 13,
      statementIndex: 0,
    });
    expect(findings[0].message).toMatch(/always true/);
  });

  it('names the listed actions a key never applies to when others support it', async () => {
    const catalog = await nodeCatalog();
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['sagemaker:CreateTrainingJob', 'sagemaker:CreateEndpoint'],
          Resource: '*',
          Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
        },
      ],
    });
    const findings = await lintPolicyWithCatalog(text, { type: SCP, catalog });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'CONDITION_KEY_NOT_APPLICABLE',
      severity: 'error',
      column: 95,
    });
    expect(findings[0].message).toMatch(
      /^sagemaker:CreateEndpoint never carries the condition key sagemaker:VpcSubnets/,
    );
  });

  it('gives no verdict for actions iam-data lists without condition keys, and a warning when other conditions decide', async () => {
    const catalog = await nodeCatalog();
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['states:InvokeHTTPEndpoint'],
          Resource: '*',
          Condition: {
            StringNotLike: {
              'states:HTTPEndpoint': 'https://api.example.com/*',
            },
          },
        },
        {
          Effect: 'Deny',
          Action: ['bedrock:InvokeModel', 'bedrock:CreateModelInvocationJob'],
          Resource: '*',
          Condition: {
            StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' },
            ArnNotLike: {
              'bedrock:InferenceProfileArn':
                'arn:aws:bedrock:*:*:inference-profile/eu.*',
            },
          },
        },
      ],
    });
    const findings = await lintPolicyWithCatalog(text, { type: SCP, catalog });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'CONDITION_KEY_NOT_APPLICABLE',
        severity: 'warning',
        statementIndex: 1,
      }),
    ]);
    expect(findings[0].message).toMatch(
      /^bedrock:CreateModelInvocationJob never carries .* only the statement's other conditions decide/,
    );
  });

  it('answers a pathological wildcard (ec2:*?*?…Z) with its finding: wildcards are not matched by backtracking regexes', async () => {
    const catalog = await nodeCatalog();
    // With a regex built from the pattern, 30 pairs of *? against every ec2 action name took minutes (issue 18).
    const action = `ec2:${'*?'.repeat(30)}Z`;
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }],
    });
    const findings = await lintPolicyWithCatalog(text, { type: SCP, catalog });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'INVALID_ACTION',
        severity: 'error',
        message: `"${action}" matches no action of ec2 (iam-data ${catalog.version}).`,
      }),
    ]);
    // The same shape that can match still does: ec2:*?*?…s matches the actions ending in s.
    const matching = text.replace('Z"', 's"');
    expect(
      await lintPolicyWithCatalog(matching, { type: SCP, catalog }),
    ).toEqual([]);
  });

  it('refuses values longer than the matcher takes, naming the limit, and still answers', async () => {
    const catalog = await nodeCatalog();
    const long = `ec2:${'*?'.repeat(11_000)}`;
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: [long, 'ec2:RunInstances'],
          Resource: '*',
          Condition: { StringLike: { [`ec2:${'x'.repeat(5000)}`]: 'a' } },
        },
      ],
    });
    const findings = await lintPolicyWithCatalog(text, { type: SCP, catalog });
    const tooLong = findings.filter(f => f.code === 'VALUE_TOO_LONG');
    expect(tooLong.map(f => f.message)).toEqual([
      `This pattern is ${long.length} characters; the policy engine takes at most 20480 (AWS's largest policy is 10,240 characters). Shorten it.`,
      "This condition key is 5004 characters; the policy engine takes at most 4096 (AWS's largest policy is 10,240 characters). Shorten it.",
    ]);
    expect(findings.map(f => f.code)).toContain(
      'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
    );
  });

  it('works with any catalog implementation', () => {
    const catalog = staticIamCatalog('test-1', {
      s3: [{ name: 'GetObject', conditionKeys: ['s3:prefix'] }],
    });
    const text =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:x-amz-acl":"public-read"}}}]}';
    const [f] = lintPolicy(text, { type: SCP, catalog });
    expect(f).toMatchObject({
      code: 'CONDITION_KEY_NOT_APPLICABLE',
      severity: 'warning',
    });
    expect(f.message).toMatch(/never fires/);
  });
});

describe('lintOrg', () => {
  const policy = (id: string, name: string, effect: string) => ({
    id,
    name,
    type: 'SERVICE_CONTROL_POLICY' as const,
    awsManaged: false,
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: effect, Action: 's3:*', Resource: '*' }],
    }),
  });
  const snapshot: OrgSnapshot = {
    organization: { id: 'o-1', managementAccountId: '999999999999' },
    capturedAt: '2026-01-01T00:00:00Z',
    policies: [
      {
        ...policy('p-FullAWSAccess', 'FullAWSAccess', 'Allow'),
        awsManaged: true,
      },
      policy('p-allow', 'AllowS3', 'Allow'),
      policy('p-deny', 'DenyS3', 'Deny'),
      ...Array.from({ length: 11 }, (_, i) =>
        policy(`p-d${i}`, `Deny${i}`, 'Deny'),
      ),
    ],
    nodes: [
      {
        id: 'r-1',
        kind: 'root',
        name: 'Root',
        policyIds: ['p-FullAWSAccess'],
        tags: {},
        enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      },
      {
        id: 'ou-a',
        kind: 'ou',
        name: 'A',
        parentId: 'r-1',
        policyIds: ['p-FullAWSAccess', 'p-allow'],
        tags: {},
      },
      {
        id: 'ou-b',
        kind: 'ou',
        name: 'B',
        parentId: 'r-1',
        policyIds: ['p-deny'],
        tags: {},
      },
      {
        id: 'ou-c',
        kind: 'ou',
        name: 'C',
        parentId: 'r-1',
        policyIds: [
          'p-FullAWSAccess',
          ...Array.from({ length: 11 }, (_, i) => `p-d${i}`),
        ],
        tags: {},
      },
    ],
  };
  it('flags allow-lists beside FullAWSAccess, levels without an Allow and too many policies', () => {
    const findings = lintOrg(snapshot);
    expect(findings.map(f => `${f.code}:${f.nodeName}`)).toEqual([
      'ALLOW_LIST_BESIDE_FULL_AWS_ACCESS:A',
      'NO_ALLOW_AT_LEVEL:B',
      'TOO_MANY_POLICIES_ON_TARGET:C',
    ]);
    expect(
      lintOrg(snapshot, { maxPoliciesPerTarget: 12 }).map(f => f.code),
    ).not.toContain('TOO_MANY_POLICIES_ON_TARGET');
  });
});
