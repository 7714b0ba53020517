/*
 * Tests of `aigov simulate` with the principal's own policies, the resource's policy, accounts inside and outside
 * the organization, anonymous requests, and the batch mode (`--requests FILE.jsonl`): through commander in-process,
 * against an org model file of our own, plus one run of the real `bin/aigov` for the batch's exit status.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import { runCommands } from '../__testUtils__/runCommands';
import { registerSimulateCommand } from './simulate';
import { parseBatchLine } from './batchLine';
import { MAX_BATCH_LINE_LENGTH, readLines } from './simulateBatch';

const repoRoot = path.resolve(__dirname, '../../../..');
const run = (args: string[]) => runCommands([registerSimulateCommand], args);

/**
 * ml-prod (444444444444) sits under an RCP that lets only the organization and the partner account 222222222222
 * (not a member) at its resources: the cross-account example.
 */
const ORG = `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
  policies:
    - name: deny-sagemaker-without-vpc
      type: SERVICE_CONTROL_POLICY
      file: deny-sagemaker-without-vpc.json
    - name: org-and-partner-only
      type: RESOURCE_CONTROL_POLICY
      file: org-and-partner-only.json
  root:
    policies: [FullAWSAccess, RCPFullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess, RCPFullAWSAccess, deny-sagemaker-without-vpc, org-and-partner-only]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
          - { name: ml-prod, email: ml-prod@example.com, id: '444444444444' }
`;

const json = (value: object) => JSON.stringify(value, null, 2);

const FILES: Record<string, string> = {
  'deny-sagemaker-without-vpc.json': json({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenySageMakerJobsOutsideVpc',
        Effect: 'Deny',
        Action: 'sagemaker:CreateTrainingJob',
        Resource: '*',
        Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
      },
    ],
  }),
  'org-and-partner-only.json': json({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyOrgAndPartner',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          StringNotEquals: {
            'aws:PrincipalAccount': [
              '222222222222',
              '333333333333',
              '444444444444',
            ],
          },
          // Only signed requests: an anonymous one has no principal account.
          Null: { 'aws:PrincipalAccount': 'false' },
        },
      },
    ],
  }),
  'invoke-role.json': json({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'InvokeClaude',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: 'arn:aws:bedrock:*::foundation-model/anthropic.*',
      },
    ],
  }),
  's3-only.json': json({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  }),
  'boundary-deny-bedrock.json': json({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Sid: 'NoBedrock',
        Effect: 'Deny',
        Action: 'bedrock:*',
        Resource: '*',
      },
    ],
  }),
  'public-bucket.json': json({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::ml-prod-data/*',
      },
    ],
  }),
  'bad-effect.json':
    '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]\n}\n',
  'principal-in-identity.json': json({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
    ],
  }),
};

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const MODEL_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`;

let tmp: string;
let org: string;
const file = (name: string) => path.join(tmp, name);
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-parts-'));
  org = file('org.yaml');
  fs.writeFileSync(org, ORG);
  for (const [name, text] of Object.entries(FILES))
    fs.writeFileSync(file(name), text);
  fs.writeFileSync(file('huge.json'), ' '.repeat(70_000));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const simulateJson = async (args: string[]) => {
  const r = await run(['simulate', '--org', org, '--format', 'json', ...args]);
  return JSON.parse(r.out);
};

describe('aigov simulate with the principal’s own policies', () => {
  const invoke = [
    '--account',
    'ml-dev',
    '--action',
    'bedrock:InvokeModel',
    '--resource',
    MODEL_ARN,
  ];

  it('allows by the identity policy’s statement, named by its file and position', async () => {
    const result = await simulateJson([
      ...invoke,
      '--identity-policy',
      file('s3-only.json'),
      '--identity-policy',
      file('invoke-role.json'),
    ]);
    expect(result.decision).toBe('Allowed');
    expect(result.decidedBy).toMatchObject({
      kind: 'IDENTITY_POLICY',
      statement: {
        policyName: file('invoke-role.json'),
        sid: 'InvokeClaude',
        line: 4,
        column: 5,
      },
    });
    // The JSON output repeats the request with each policy by name, not its text.
    expect(result.request.identityPolicies).toEqual([
      { name: file('s3-only.json') },
      { name: file('invoke-role.json') },
    ]);
  });

  it('denies implicitly when no identity policy allows, and says so in text', async () => {
    const r = await run([
      'simulate',
      '--org',
      org,
      ...invoke,
      '--identity-policy',
      file('s3-only.json'),
    ]);
    expect(r.out.split('\n')[0]).toMatch(/^ImplicitDeny\s+bedrock:InvokeModel/);
    expect(r.out).toMatch(
      /\n {2}Identity {2}ImplicitDeny {2}no statement allows it\n/,
    );
    expect(r.out).toMatch(
      /Decided by the identity policies: no statement allows it/,
    );
    expect(r.out).toMatch(/Principal account {2}ml-dev \(333333333333\)/);
  });

  it('denies explicitly by the permissions boundary even when the identity policy allows', async () => {
    const result = await simulateJson([
      ...invoke,
      '--identity-policy',
      file('invoke-role.json'),
      '--boundary',
      file('boundary-deny-bedrock.json'),
    ]);
    expect(result.decision).toBe('ExplicitDeny');
    expect(result.decidedBy).toMatchObject({
      kind: 'PERMISSIONS_BOUNDARY',
      statement: { sid: 'NoBedrock', effect: 'Deny' },
    });
  });

  it('answers the cross-account question as AWS does: the RCP sees the external principal’s own account, no SCP applies to it', async () => {
    const args = [
      '--account',
      'ml-prod',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::ml-prod-data/report.csv',
      '--resource-account',
      '444444444444',
    ];
    const partner = await simulateJson([
      ...args,
      '--principal-account',
      '222222222222',
    ]);
    expect(partner.accounts).toEqual({
      principal: { id: '222222222222', inOrganization: false },
      resource: { id: '444444444444', name: 'ml-prod', inOrganization: true },
      crossAccount: true,
    });
    expect(partner.derivedContext['aws:PrincipalAccount']).toEqual([
      '222222222222',
    ]);
    expect(
      partner.steps.find((s: any) => s.kind === 'RESOURCE_CONTROL_POLICY')
        .decision,
    ).toBe('Allowed');
    expect(
      partner.steps.find((s: any) => s.kind === 'SERVICE_CONTROL_POLICY')
        .decision,
    ).toBe('NotApplicable');
    expect(partner.decision).toBe('Allowed');
    const stranger = await simulateJson([
      ...args,
      '--principal-account',
      '999999999999',
    ]);
    expect(stranger.decision).toBe('ExplicitDeny');
    expect(stranger.decidedBy).toMatchObject({
      kind: 'RESOURCE_CONTROL_POLICY',
      node: { name: 'AI' },
      statement: { sid: 'OnlyOrgAndPartner' },
    });
  });

  it('lets an anonymous request through only a resource policy that allows everyone', async () => {
    const args = [
      '--account',
      'ml-prod',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::ml-prod-data/public.csv',
      '--resource-account',
      'ml-prod',
      '--anonymous',
    ];
    // The RCP denies principals of other accounts; an anonymous caller has no account, which its Null condition lets pass.
    const open = await simulateJson([
      ...args,
      '--resource-policy',
      file('public-bucket.json'),
    ]);
    expect(open.decision).toBe('Allowed');
    expect(open.decidedBy).toMatchObject({
      kind: 'RESOURCE_POLICY',
      statement: { sid: 'PublicRead' },
    });
    expect(open.accounts.principal).toBeUndefined();
    await expect(
      run([
        'simulate',
        '--org',
        org,
        ...args,
        '--principal-arn',
        'arn:aws:iam::333333333333:role/x',
      ]),
    ).rejects.toThrow(
      /--anonymous means no principal: leave out --principal-arn/,
    );
  });

  it('refuses policy files it cannot evaluate, naming the file, line and column', async () => {
    const base = ['simulate', '--org', org, ...invoke];
    await expect(
      run([...base, '--identity-policy', file('bad-effect.json')]),
    ).rejects.toThrow(
      new RegExp(
        `identity policy .*bad-effect\\.json cannot be evaluated:\\n.*bad-effect\\.json:3:28: Effect must be "Allow" or "Deny"`,
      ),
    );
    await expect(
      run([...base, '--session-policy', file('principal-in-identity.json')]),
    ).rejects.toThrow(
      /principal-in-identity\.json:6:20: A session policy names no principal/,
    );
    await expect(
      run([...base, '--resource-policy', file('s3-only.json')]),
    ).rejects.toThrow(
      /s3-only\.json:4:5: Each statement of a resource-based policy needs a Principal/,
    );
    await expect(
      run([...base, '--boundary', file('missing.json')]),
    ).rejects.toThrow(
      /Cannot read the permissions boundary .*missing\.json: no such file/,
    );
    await expect(
      run([...base, '--endpoint-policy', file('huge.json')]),
    ).rejects.toThrow(
      /huge\.json is 70000 bytes; a policy file may be at most 65536/,
    );
    await expect(run([...base, '--boundary', tmp])).rejects.toThrow(
      /is not a file/,
    );
  });
});

describe('aigov simulate --requests', () => {
  const write = (name: string, lines: string[]) => {
    fs.writeFileSync(file(name), `${lines.join('\n')}\n`);
    return file(name);
  };

  it('writes one result a line, in order; a bad line gets an error naming its number and the batch goes on', async () => {
    const requests = write('batch.jsonl', [
      JSON.stringify({
        id: 'claude',
        target: 'ml-dev',
        action: 'bedrock:InvokeModel',
        resource: MODEL_ARN,
        identityPolicies: [{ file: 'invoke-role.json' }],
      }),
      '{"target": "ml-dev", "action": ',
      '',
      JSON.stringify({
        target: 'ml-dev',
        action: 's3:GetObject',
        identityPolicy: [],
      }),
      JSON.stringify({
        id: 2,
        target: 'ml-dev',
        action: 'sagemaker:CreateTrainingJob',
        expect: 'allowed',
      }),
      JSON.stringify({ target: 'ghost', action: 's3:GetObject' }),
      JSON.stringify({
        target: 'ml-dev',
        action: 'bedrock:InvokeModel',
        resource: MODEL_ARN,
        identityPolicies: [
          {
            name: 'inline',
            content: { Statement: [{ Effect: 'Allow', Action: 's3:*' }] },
          },
        ],
      }),
    ]);
    const r = await run(['simulate', '--org', org, '--requests', requests]);
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.map(l => l.line)).toEqual([1, 2, 4, 5, 6, 7]);
    expect(lines[0]).toMatchObject({
      line: 1,
      id: 'claude',
      decision: 'Allowed',
      decidedBy: {
        kind: 'IDENTITY_POLICY',
        statement: { policyName: 'invoke-role.json', sid: 'InvokeClaude' },
      },
      request: { identityPolicies: [{ name: 'invoke-role.json' }] },
    });
    expect(lines[1].error).toMatch(/^line 2: not JSON: /);
    expect(lines[2].error).toMatch(
      /^line 4: "identityPolicy" is not a request field; known: .*identityPolicies/,
    );
    expect(lines[3]).toMatchObject({
      line: 5,
      id: 2,
      decision: 'ExplicitDeny',
      expected: 'allowed',
      ok: false,
    });
    expect(lines[4].error).toMatch(/^line 6: No account, OU or root/);
    expect(lines[5].error).toMatch(
      /^line 7: identityPolicies\[0\] cannot be evaluated: inline:\d+:\d+: The statement has no Resource/,
    );
    expect(r.exitCode).toBe(1);
    expect(r.err).toMatch(/2 evaluated, 4 lines in error, 1 not as expected/);
  });

  it('takes the command line’s request flags as defaults that each line may override, and exits 0 when all is well', async () => {
    const requests = write('defaults.jsonl', [
      JSON.stringify({ resource: MODEL_ARN }),
      JSON.stringify({
        resource: MODEL_ARN,
        identityPolicies: [{ file: 's3-only.json' }],
        expect: 'ImplicitDeny',
      }),
      JSON.stringify({ action: 's3:GetObject', target: 'ml-prod' }),
    ]);
    const r = await run([
      'simulate',
      '--org',
      org,
      '--requests',
      requests,
      '--account',
      'ml-dev',
      '--action',
      'bedrock:InvokeModel',
      '--identity-policy',
      file('invoke-role.json'),
      '--context',
      'aws:RequestedRegion=us-east-1',
      '--expect',
      'allowed',
    ]);
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(
      lines.map(l => [l.request.target, l.request.action, l.decision, l.ok]),
    ).toEqual([
      ['ml-dev', 'bedrock:InvokeModel', 'Allowed', true],
      ['ml-dev', 'bedrock:InvokeModel', 'ImplicitDeny', true],
      // Its own action: the default identity policy allows bedrock only.
      ['ml-prod', 's3:GetObject', 'ImplicitDeny', false],
    ]);
    expect(lines[0].request.context).toEqual({
      'aws:RequestedRegion': 'us-east-1',
    });
    expect(r.exitCode).toBe(1);
    const ok = await run([
      'simulate',
      '--org',
      org,
      '--requests',
      write('ok.jsonl', [
        JSON.stringify({ target: 'ml-dev', action: 's3:GetObject' }),
      ]),
    ]);
    expect(ok.exitCode).toBeUndefined();
    expect(ok.err).toBe('');
    await expect(
      run(['simulate', '--org', org, '--requests', file('none.jsonl')]),
    ).rejects.toThrow(
      /Cannot read the requests file .*none\.jsonl: no such file/,
    );
  });

  it('gives every line naming the same policy file the same policy object (compiled once) and reads the file once', () => {
    const files = new Map();
    const line = JSON.stringify({
      target: 'ml-dev',
      action: 's3:GetObject',
      identityPolicies: [{ file: 's3-only.json' }],
    });
    const a = parseBatchLine(line, {}, tmp, files);
    const b = parseBatchLine(line, {}, tmp, files);
    expect(b.request.identityPolicies![0]).toBe(a.request.identityPolicies![0]);
    expect(files.size).toBe(1);
    const renamed = parseBatchLine(
      line.replace('{"file"', '{"name": "other", "file"'),
      {},
      tmp,
      files,
    );
    expect(renamed.request.identityPolicies![0].name).toBe('other');
  });

  it('reads lines of any length without holding an overlong one', async () => {
    const long = 'x'.repeat(MAX_BATCH_LINE_LENGTH + 10);
    const name = write('long.jsonl', ['{"a":1}', long, '{"b":2}']);
    const seen: Array<{ text: string; tooLong: boolean }> = [];
    for await (const l of readLines(name, MAX_BATCH_LINE_LENGTH)) seen.push(l);
    expect(seen).toEqual([
      { text: '{"a":1}', tooLong: false },
      { text: '', tooLong: true },
      { text: '{"b":2}', tooLong: false },
    ]);
    fs.writeFileSync(file('crlf.jsonl'), 'a\r\nb');
    const crlf: string[] = [];
    for await (const l of readLines(file('crlf.jsonl'), 10)) crlf.push(l.text);
    expect(crlf).toEqual(['a', 'b']);
  });

  it('answers the README example on the demo organization as the README says', async () => {
    const example = path.join(repoRoot, 'examples/simulate');
    const r = await run([
      'simulate',
      '--org',
      demoOrgModelPath,
      '--account',
      'ml-research-dev',
      '--action',
      'bedrock:InvokeModel',
      '--context',
      'aws:RequestedRegion=eu-west-1',
      '--context',
      'bedrock:GuardrailIdentifier=arn:aws:bedrock:eu-west-1:234872698757:guardrail/abc',
      '--identity-policy',
      path.join(example, 'ml-engineer-role.json'),
      '--requests',
      path.join(example, 'requests.jsonl'),
    ]);
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(
      lines.map(l => [l.id, l.decision ?? 'error', l.decidedBy?.kind, l.ok]),
    ).toEqual([
      ['approved-claude', 'Allowed', 'IDENTITY_POLICY', true],
      ['unapproved-claude', 'ExplicitDeny', 'SERVICE_CONTROL_POLICY', true],
      ['titan-not-in-role', 'ImplicitDeny', 'IDENTITY_POLICY', true],
      ['typo', 'error', undefined, undefined],
    ]);
    expect(lines[1].expected).toBe('ExplicitDeny');
    expect(r.exitCode).toBe(1);
  });

  it('exits 1 from bin/aigov when a line is malformed, after writing every line', () => {
    const requests = write('bin.jsonl', [
      '{not json',
      JSON.stringify({ target: 'ml-dev', action: 's3:GetObject' }),
    ]);
    const r = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'packages/cli/bin/aigov'),
        'simulate',
        '--org',
        org,
        '--requests',
        requests,
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(out.map(l => l.line)).toEqual([1, 2]);
    expect(out[0].error).toMatch(/^line 1: not JSON/);
    expect(out[1].decision).toBeDefined();
  }, 60000);
});
