import type { OrgNode, OrgPolicy, OrgSnapshot } from '../../orgModel/types';
import { simulate, whoCan, PolicyEngineError, PolicyLimitError } from '.';

function policy(
  id: string,
  statements: unknown,
  type: OrgPolicy['type'] = 'SERVICE_CONTROL_POLICY',
): OrgPolicy {
  return {
    id,
    name: id.replace(/^p-/, ''),
    type,
    awsManaged: id === 'p-FullAWSAccess',
    content: JSON.stringify(
      { Version: '2012-10-17', Statement: statements },
      null,
      2,
    ),
  };
}

const fullAccess = policy('p-FullAWSAccess', [
  { Effect: 'Allow', Action: '*', Resource: '*' },
]);

function node(
  id: string,
  kind: OrgNode['kind'],
  name: string,
  parentId: string | undefined,
  policyIds: string[],
): OrgNode {
  return { id, kind, name, parentId, policyIds, tags: {} };
}

function org(
  extraPolicies: OrgPolicy[],
  nodes: OrgNode[],
  enabled = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
): OrgSnapshot {
  return {
    organization: { id: 'o-abc123', managementAccountId: '999999999999' },
    nodes: [
      {
        ...node('r-root', 'root', 'Root', undefined, ['p-FullAWSAccess']),
        enabledPolicyTypes: enabled as any,
      },
      ...nodes,
    ],
    policies: [fullAccess, ...extraPolicies],
    capturedAt: '2026-01-01T00:00:00Z',
  };
}

const denyAi = policy('p-denyai', [
  {
    Sid: 'DenyBedrockOutsideRegion',
    Effect: 'Deny',
    Action: 'bedrock:*',
    Resource: '*',
    Condition: {
      StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] },
    },
  },
]);
const allowList = policy('p-allowlist', [
  { Effect: 'Allow', Action: ['s3:*', 'bedrock:Invoke*'], Resource: '*' },
]);
const rcp = policy(
  'p-rcp',
  [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
  ],
  'RESOURCE_CONTROL_POLICY',
);

const snapshot = org(
  [denyAi, allowList, rcp],
  [
    node('ou-ai', 'ou', 'AI', 'r-root', [
      'p-FullAWSAccess',
      'p-denyai',
      'p-rcp',
    ]),
    node('ou-sbx', 'ou', 'Sandbox', 'ou-ai', ['p-allowlist']),
    node('111111111111', 'account', 'ml-dev', 'ou-sbx', ['p-FullAWSAccess']),
    node('222222222222', 'account', 'ml-prod', 'ou-ai', ['p-FullAWSAccess']),
    node('999999999999', 'account', 'management', 'r-root', [
      'p-FullAWSAccess',
    ]),
  ],
);

describe('simulate', () => {
  it('allows when every level allows and nothing denies', () => {
    const r = simulate(snapshot, {
      target: 'ml-dev',
      action: 'bedrock:InvokeModel',
      context: { 'aws:RequestedRegion': 'eu-west-1' },
    });
    expect(r.decision).toBe('Allowed');
    expect(
      r.levels
        .filter(l => l.policyType === 'SERVICE_CONTROL_POLICY')
        .map(l => l.node.name),
    ).toEqual(['Root', 'AI', 'Sandbox', 'ml-dev']);
    expect(r.byType.RESOURCE_CONTROL_POLICY).toBeUndefined(); // bedrock is not an RCP service
  });

  it('explicitly denies with the deciding statement and its position', () => {
    const r = simulate(snapshot, {
      target: '111111111111',
      action: 'bedrock:InvokeModel',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    });
    expect(r.decision).toBe('ExplicitDeny');
    const level = r.levels.find(l => l.decision === 'ExplicitDeny')!;
    expect(level.node.name).toBe('AI');
    expect(level.deciding[0]).toMatchObject({
      policyId: 'p-denyai',
      sid: 'DenyBedrockOutsideRegion',
      statementIndex: 0,
      line: 4,
      column: 5,
    });
    expect(r.explanation).toContain('DenyBedrockOutsideRegion');
  });

  it('denies implicitly when a level lacks an Allow (allow-list SCP)', () => {
    const r = simulate(snapshot, {
      target: 'ml-dev',
      action: 'ec2:RunInstances',
    });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.levels.find(l => l.decision === 'ImplicitDeny')!.node.name).toBe(
      'Sandbox',
    );
  });

  it('exempts the management account and service-linked roles from SCPs', () => {
    const m = simulate(snapshot, {
      target: 'management',
      action: 'ec2:RunInstances',
    });
    expect(m.decision).toBe('Allowed');
    expect(m.exemptions?.[0]).toMatch(/management account/);
    const slr = simulate(snapshot, {
      target: 'ml-dev',
      action: 'ec2:RunInstances',
      principalArn:
        'arn:aws:iam::111111111111:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2',
    });
    expect(slr.decision).toBe('Allowed');
    expect(slr.exemptions?.[0]).toMatch(/service-linked/);
  });

  it('evaluates RCPs for the services they govern', () => {
    const outside = simulate(snapshot, {
      target: 'ml-prod',
      action: 's3:GetObject',
      context: { 'aws:PrincipalOrgID': 'o-other' },
    });
    expect(outside.decision).toBe('ExplicitDeny');
    expect(outside.byType).toEqual({
      SERVICE_CONTROL_POLICY: 'Allowed',
      RESOURCE_CONTROL_POLICY: 'ExplicitDeny',
    });
    const inside = simulate(snapshot, {
      target: 'ml-prod',
      action: 's3:GetObject',
    });
    expect(inside.decision).toBe('Allowed');
  });

  it('treats an OU target as a new account directly in it', () => {
    const r = simulate(snapshot, {
      target: 'Sandbox',
      action: 's3:ListBucket',
    });
    expect(r.decision).toBe('Allowed');
    const scp = r.levels.filter(l => l.policyType === 'SERVICE_CONTROL_POLICY');
    expect(scp[scp.length - 1].node.name).toBe('(new account in Sandbox)');
  });

  it('rejects unknown targets and malformed actions with a clear message', () => {
    expect(() =>
      simulate(snapshot, { target: 'nope', action: 's3:GetObject' }),
    ).toThrow(PolicyEngineError);
    expect(() =>
      simulate(snapshot, { target: 'ml-dev', action: 'GetObject' }),
    ).toThrow(/service:Action/);
  });
});

describe('conditions', () => {
  const cases: Array<
    [string, unknown, Record<string, string | string[]>, boolean]
  > = [
    [
      'StringEquals',
      { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      { 'aws:RequestedRegion': 'eu-west-1' },
      true,
    ],
    [
      'StringEquals is case-sensitive',
      { StringEquals: { 'aws:RequestedRegion': 'EU-west-1' } },
      { 'aws:RequestedRegion': 'eu-west-1' },
      false,
    ],
    [
      'StringEqualsIgnoreCase',
      { StringEqualsIgnoreCase: { 'aws:RequestedRegion': 'EU-west-1' } },
      { 'aws:RequestedRegion': 'eu-west-1' },
      true,
    ],
    [
      'StringLike',
      { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin?' } },
      { 'aws:PrincipalArn': 'arn:aws:iam::1:role/Admin1' },
      true,
    ],
    [
      'StringNotLike on missing key',
      { StringNotLike: { 's3:prefix': 'home/*' } },
      {},
      true,
    ],
    [
      'StringEquals on missing key',
      { StringEquals: { 's3:prefix': 'home/' } },
      {},
      false,
    ],
    [
      'IfExists on missing key',
      { StringEqualsIfExists: { 's3:prefix': 'home/' } },
      {},
      true,
    ],
    [
      'NumericLessThan',
      { NumericLessThan: { 's3:max-keys': '10' } },
      { 's3:max-keys': '9' },
      true,
    ],
    [
      'NumericLessThan false',
      { NumericLessThan: { 's3:max-keys': '10' } },
      { 's3:max-keys': '10' },
      false,
    ],
    [
      'DateGreaterThan',
      { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': '2021-06-01T00:00:00Z' },
      true,
    ],
    [
      'DateLessThan epoch',
      { DateLessThan: { 'aws:EpochTime': '1600000000' } },
      { 'aws:EpochTime': '1500000000' },
      true,
    ],
    [
      'Bool',
      { Bool: { 'aws:SecureTransport': false } },
      { 'aws:SecureTransport': 'false' },
      true,
    ],
    [
      'BinaryEquals',
      { BinaryEquals: { 'x:bin': 'QmluYXJ5' } },
      { 'x:bin': 'QmluYXJ5' },
      true,
    ],
    [
      'IpAddress',
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { 'aws:SourceIp': '10.1.2.3' },
      true,
    ],
    [
      'NotIpAddress',
      { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
      { 'aws:SourceIp': '2001:db8::1' },
      false,
    ],
    [
      'ArnLike',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket-*' } },
      { 'aws:SourceArn': 'arn:aws:s3:::bucket-a' },
      true,
    ],
    [
      'ArnNotEquals',
      { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::b' } },
      { 'aws:SourceArn': 'arn:aws:s3:::b' },
      false,
    ],
    [
      'Null true on missing',
      { Null: { 'aws:TokenIssueTime': 'true' } },
      {},
      true,
    ],
    [
      'Null false on present',
      { Null: { 'aws:TokenIssueTime': 'false' } },
      { 'aws:TokenIssueTime': 'x' },
      true,
    ],
    [
      'ForAllValues on missing key',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      {},
      true,
    ],
    [
      'ForAllValues subset',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      { 'aws:TagKeys': ['a'] },
      true,
    ],
    [
      'ForAllValues not subset',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      { 'aws:TagKeys': ['a', 'c'] },
      false,
    ],
    [
      'ForAnyValue',
      { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost*' } },
      { 'aws:TagKeys': ['x', 'costcenter'] },
      true,
    ],
    [
      'ForAnyValue on missing key',
      { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost*' } },
      {},
      false,
    ],
    [
      'policy variable',
      { StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/team}' } },
      { 'aws:ResourceTag/owner': 'ml', 'aws:PrincipalTag/team': 'ml' },
      true,
    ],
    [
      'unresolved policy variable matches nothing',
      { StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/team}' } },
      { 'aws:ResourceTag/owner': 'ml' },
      false,
    ],
    [
      'policy variable default',
      {
        StringEquals: {
          'aws:ResourceTag/owner': "${aws:PrincipalTag/team, 'none'}",
        },
      },
      { 'aws:ResourceTag/owner': 'none' },
      true,
    ],
    [
      'keys are case-insensitive',
      { StringEquals: { 'AWS:REQUESTEDREGION': 'eu-west-1' } },
      { 'aws:requestedregion': 'eu-west-1' },
      true,
    ],
  ];
  it.each(cases)('%s', (_name, condition, context, denies) => {
    const p = policy('p-cond', [
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: condition },
    ]);
    const s = org(
      [p],
      [
        node('333333333333', 'account', 'a', 'r-root', [
          'p-FullAWSAccess',
          'p-cond',
        ]),
      ],
      ['SERVICE_CONTROL_POLICY'],
    );
    const r = simulate(s, { target: 'a', action: 'x:Y', context });
    expect(r.decision).toBe(denies ? 'ExplicitDeny' : 'Allowed');
  });
});

describe('actions and resources', () => {
  const run = (
    statement: Record<string, unknown>,
    action: string,
    resource?: string,
  ) => {
    const p = policy('p-x', [{ Effect: 'Deny', ...statement }]);
    const s = org(
      [p],
      [
        node('333333333333', 'account', 'a', 'r-root', [
          'p-FullAWSAccess',
          'p-x',
        ]),
      ],
      ['SERVICE_CONTROL_POLICY'],
    );
    return simulate(s, { target: 'a', action, resource }).decision;
  };
  it('matches actions case-insensitively with wildcards anywhere', () => {
    expect(
      run(
        { Action: 'ec2:Replace*Route*', Resource: '*' },
        'EC2:ReplaceTransitGatewayRoute',
      ),
    ).toBe('ExplicitDeny');
    expect(
      run({ Action: 'ec2:Replace*Route*', Resource: '*' }, 'ec2:CreateRoute'),
    ).toBe('Allowed');
    expect(
      run(
        { Action: 'sagemaker:?reate*', Resource: '*' },
        'sagemaker:CreateEndpoint',
      ),
    ).toBe('ExplicitDeny');
  });
  it('supports NotAction and NotResource', () => {
    expect(
      run({ NotAction: ['iam:*', 'sts:*'], Resource: '*' }, 'iam:CreateRole'),
    ).toBe('Allowed');
    expect(
      run({ NotAction: ['iam:*', 'sts:*'], Resource: '*' }, 's3:GetObject'),
    ).toBe('ExplicitDeny');
    expect(
      run(
        { Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' },
        's3:GetObject',
        'arn:aws:s3:::logs/a',
      ),
    ).toBe('Allowed');
    expect(
      run(
        { Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' },
        's3:GetObject',
        'arn:aws:s3:::data/a',
      ),
    ).toBe('ExplicitDeny');
  });
  it('matches ARNs segment by segment and resolves variables in resources', () => {
    expect(
      run(
        { Action: '*', Resource: 'arn:aws:iam::*:role/Org*' },
        'iam:PassRole',
        'arn:aws:iam::1:role/OrgAdmin',
      ),
    ).toBe('ExplicitDeny');
    expect(
      run(
        { Action: '*', Resource: 'arn:aws:iam::*:role/Org*' },
        'iam:PassRole',
        'arn:aws:iam::1:user/OrgAdmin',
      ),
    ).toBe('Allowed');
    expect(
      run(
        {
          Action: '*',
          Resource: 'arn:aws:s3:::home/${aws:PrincipalAccount}/*',
        },
        's3:GetObject',
        'arn:aws:s3:::home/333333333333/x',
      ),
    ).toBe('ExplicitDeny');
  });
});

describe('hostile patterns', () => {
  const deny = (statement: Record<string, unknown>) => {
    const p = policy('p-x', [{ Effect: 'Deny', ...statement }]);
    return org(
      [p],
      [
        node('333333333333', 'account', 'a', 'r-root', [
          'p-FullAWSAccess',
          'p-x',
        ]),
      ],
      ['SERVICE_CONTROL_POLICY'],
    );
  };
  const evil = '*?'.repeat(40);
  const arn = `arn:aws:s3:::${'a'.repeat(2000)}`;

  it('decides requests against *?*?… patterns in actions, resources and StringLike/ArnLike as AWS would', () => {
    const s = deny({
      Action: `s3:${evil}Z`,
      Resource: `arn:aws:s3:::${evil}Z`,
    });
    expect(
      simulate(s, { target: 'a', action: 's3:GetObject', resource: arn })
        .decision,
    ).toBe('Allowed');
    const t = deny({
      // Twelve or more characters: getobjectacl (12) but not getobject (9).
      Action: `s3:${'*?'.repeat(12)}`,
      NotResource: `arn:aws:s3:::${evil}Z`,
      Condition: {
        StringLike: { 'aws:PrincipalTag/team': `${evil}Z` },
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/${evil}` },
      },
    });
    const request = {
      target: 'a',
      action: 's3:GetObjectAcl',
      resource: arn,
      principalTags: { team: `${'x'.repeat(200)}Z` },
      principalArn: `arn:aws:iam::333333333333:role/${'r'.repeat(100)}`,
    };
    expect(simulate(t, request).decision).toBe('ExplicitDeny');
    expect(
      simulate(t, { ...request, principalTags: { team: 'x'.repeat(201) } })
        .decision,
    ).toBe('Allowed');
    expect(simulate(t, { ...request, action: 's3:GetObject' }).decision).toBe(
      'Allowed',
    );
    expect(whoCan(t, request).denied.map(a => a.name)).toEqual(['a']);
  });

  it('refuses request values longer than the engine takes, naming the field and the limit', () => {
    const s = deny({ Action: 's3:*', Resource: '*' });
    const huge = `arn:aws:s3:::${'a'.repeat(5000)}`;
    expect(() =>
      simulate(s, { target: 'a', action: 's3:GetObject', resource: huge }),
    ).toThrow(
      new PolicyLimitError(
        'The resource is 5013 characters; the policy engine takes at most 4096 (an ARN is at most 2,048).',
      ),
    );
    expect(() =>
      whoCan(s, {
        action: 's3:GetObject',
        context: { 'aws:SourceVpc': ['vpc-1', 'v'.repeat(4097)] },
      }),
    ).toThrow(PolicyEngineError);
  });

  it('refuses a policy pattern longer than the engine takes when it evaluates it', () => {
    const s = deny({ Action: `s3:${'*?'.repeat(10_300)}`, Resource: '*' });
    expect(() => simulate(s, { target: 'a', action: 's3:GetObject' })).toThrow(
      /A wildcard pattern of 20603 characters is longer than the 20480/,
    );
  });
});

describe('whoCan', () => {
  it('splits accounts into allowed and denied with the level that denied', () => {
    const r = whoCan(snapshot, { action: 'ec2:RunInstances' });
    expect(r.allowed.map(a => a.name).sort()).toEqual([
      'management',
      'ml-prod',
    ]);
    expect(r.denied).toEqual([
      expect.objectContaining({
        name: 'ml-dev',
        decision: 'ImplicitDeny',
        deniedAt: {
          nodeId: 'ou-sbx',
          nodeName: 'Sandbox',
          policyType: 'SERVICE_CONTROL_POLICY',
        },
      }),
    ]);
  });

  it('memoizes per chain of policies', () => {
    const accounts = Array.from({ length: 50 }, (_, i) =>
      node(
        String(100000000000 + i),
        'account',
        `acct-${i}`,
        i % 2 ? 'ou-ai' : 'ou-sbx',
        ['p-FullAWSAccess'],
      ),
    );
    const big = org(
      [denyAi, allowList, rcp],
      [
        node('ou-ai', 'ou', 'AI', 'r-root', ['p-FullAWSAccess', 'p-denyai']),
        node('ou-sbx', 'ou', 'Sandbox', 'ou-ai', ['p-allowlist']),
        ...accounts,
      ],
    );
    const r = whoCan(big, {
      action: 'bedrock:InvokeModel',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    });
    expect(r.denied).toHaveLength(50);
    expect(r.distinctChains).toBe(2);
    expect(r.denied[0].deniedBy).toMatchObject({
      sid: 'DenyBedrockOutsideRegion',
      nodeName: 'AI',
    });
  });

  it('memoizes per account when a policy reads an account-specific key', () => {
    const p = policy('p-acct', [
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '100000000001' } },
      },
    ]);
    const s = org(
      [p],
      [
        node('ou-a', 'ou', 'A', 'r-root', ['p-FullAWSAccess', 'p-acct']),
        node('100000000001', 'account', 'one', 'ou-a', ['p-FullAWSAccess']),
        node('100000000002', 'account', 'two', 'ou-a', ['p-FullAWSAccess']),
      ],
      ['SERVICE_CONTROL_POLICY'],
    );
    const r = whoCan(s, { action: 's3:GetObject' });
    expect(r.denied.map(a => a.name)).toEqual(['one']);
    expect(r.allowed.map(a => a.name)).toEqual(['two']);
  });
});
