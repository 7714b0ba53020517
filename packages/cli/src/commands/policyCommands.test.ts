/*
 * Tests of `aigov lint`, `aigov simulate` and `aigov who-can`: through commander in-process (fast), plus one run of
 * the real `bin/aigov` to check exit statuses end to end.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
import {
  demoOrgModelPath,
  loadOrgModelFile,
  startSandbox,
} from '@internal/organizations-sandbox';
import { runCommands } from '../__testUtils__/runCommands';
import { UsageError } from '../runCli';
import { registerLintCommand } from './lint';
import { parseContext } from './requestInput';
import { registerSimulateCommand } from './simulate';
import { registerWhoCanCommand } from './whoCan';

const repoRoot = path.resolve(__dirname, '../../../..');
/** The demo org's policy files: the rendered guardrail packs it shares with the governance baseline (its demo-only policies are inline). */
const demoPolicyFiles = loadOrgModelFile(demoOrgModelPath)
  .spec.policies.filter(p => p.file !== undefined)
  .map(p => path.resolve(path.dirname(demoOrgModelPath), p.file!));

const run = (args: string[]) =>
  runCommands(
    [registerLintCommand, registerSimulateCommand, registerWhoCanCommand],
    args,
  );

/** A small org model of our own, so that these tests do not move when the demo org changes. */
const FIXTURE = `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
  policies:
    - name: deny-unapproved-models
      type: SERVICE_CONTROL_POLICY
      file: deny-unapproved-models.json
    - name: deny-sagemaker-without-vpc
      type: SERVICE_CONTROL_POLICY
      file: deny-sagemaker-without-vpc.json
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: Workloads
        policies: [FullAWSAccess]
        accounts:
          - { name: web-shop, email: web@example.com, id: '222222222222' }
      - name: AI
        policies: [FullAWSAccess, deny-sagemaker-without-vpc]
        organizationalUnits:
          - name: Development
            policies: [FullAWSAccess]
            accounts:
              - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
          - name: Production
            policies: [FullAWSAccess, deny-unapproved-models]
            accounts:
              - { name: ml-prod, email: ml-prod@example.com, id: '444444444444' }
`;

const DENY_MODELS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyUnapprovedModels',
      Effect: 'Deny',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      NotResource: ['arn:aws:bedrock:*::foundation-model/anthropic.*'],
    },
  ],
};

const DENY_SAGEMAKER = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenySageMakerJobsOutsideVpc',
      Effect: 'Deny',
      Action: ['sagemaker:CreateTrainingJob'],
      Resource: '*',
      Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
    },
  ],
};

let tmp: string;
let orgFile: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-lint-'));
  orgFile = path.join(tmp, 'org.yaml');
  fs.writeFileSync(orgFile, FIXTURE);
  fs.writeFileSync(
    path.join(tmp, 'deny-unapproved-models.json'),
    JSON.stringify(DENY_MODELS, null, 2),
  );
  fs.writeFileSync(
    path.join(tmp, 'deny-sagemaker-without-vpc.json'),
    JSON.stringify(DENY_SAGEMAKER, null, 2),
  );
  fs.writeFileSync(
    path.join(tmp, 'bad.json'),
    '{\n  # no comments in JSON\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Action": "s3:GetObjekt", "Resource": "<bucket-arn>"}]\n}\n',
  );
  fs.writeFileSync(
    path.join(tmp, 'warn.json'),
    '{"Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}}',
  );
  fs.writeFileSync(
    path.join(tmp, 'rcp.json'),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}',
  );
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('aigov lint', () => {
  it('prints JSON findings with positions and sets exit status 1 on errors', async () => {
    const r = await run([
      'lint',
      '--format',
      'json',
      path.join(tmp, 'bad.json'),
      path.join(tmp, 'warn.json'),
    ]);
    const results = JSON.parse(r.out);
    expect(results).toHaveLength(2);
    expect(results[0].file).toBe(path.join(tmp, 'bad.json'));
    expect(
      results[0].findings.map((f: any) => `${f.code}@${f.line}:${f.column}`),
    ).toEqual([
      'JSON_SYNTAX_ERROR@2:3',
      'INVALID_ACTION@4:46',
      'UNRESOLVED_PLACEHOLDER@4:75',
    ]);
    expect(Object.keys(results[0].findings[0]).sort()).toEqual([
      'code',
      'column',
      'line',
      'message',
      'severity',
    ]);
    expect(results[1].findings).toEqual([
      expect.objectContaining({ code: 'MISSING_VERSION', severity: 'warning' }),
    ]);
    expect(r.exitCode).toBe(1);
  });

  it('exits 0 when there are only warnings, and shows the iam-data version in text output', async () => {
    const r = await run(['lint', path.join(tmp, 'warn.json')]);
    expect(r.exitCode).toBeUndefined();
    expect(r.out).toMatch(/MISSING_VERSION/);
    expect(r.out).toMatch(/@cloud-copilot\/iam-data \d+\.\d+\.\d+/);
  });

  it('applies --type (Allow in an RCP)', async () => {
    const asScp = await run([
      'lint',
      '--type',
      'SCP',
      path.join(tmp, 'rcp.json'),
    ]);
    expect(asScp.out).toMatch(/SCP_SYNTAX_ERROR_PRINCIPAL/);
    const asRcp = await run([
      'lint',
      '--type',
      'RCP',
      '--format',
      'json',
      path.join(tmp, 'rcp.json'),
    ]);
    expect(JSON.parse(asRcp.out)[0].findings.map((f: any) => f.code)).toEqual([
      'RCP_SYNTAX_ERROR_ALLOW',
    ]);
  });

  it('lints the demo policies and an org model without errors', async () => {
    expect(demoPolicyFiles).toHaveLength(8);
    const r = await run(['lint', '--org', orgFile, ...demoPolicyFiles]);
    expect(r.exitCode).toBeUndefined();
    expect(r.out).toMatch(/0 errors/);
    const demo = await run(['lint', '--org', demoOrgModelPath]);
    expect(demo.exitCode).toBeUndefined();
    expect(demo.out).toMatch(/0 errors/);
  });

  it('rejects bad input with a message that says what to do', async () => {
    await expect(run(['lint', '--type', 'XYZ', 'a.json'])).rejects.toThrow(
      /--type takes SCP, RCP/,
    );
    await expect(run(['lint', path.join(tmp, 'missing.json')])).rejects.toThrow(
      /Cannot read .*missing.json: no such file/,
    );
    await expect(run(['lint'])).rejects.toThrow(UsageError);
    await expect(run(['lint', '--format', 'xml', 'a.json'])).rejects.toThrow(
      /--format takes text or json/,
    );
  });
});

describe('aigov simulate', () => {
  const base = () => ['simulate', '--org', orgFile];
  it('explains an explicit deny level by level (JSON)', async () => {
    const r = await run([
      ...base(),
      '--account',
      'ml-prod',
      '--action',
      'bedrock:InvokeModel',
      '--resource',
      'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3',
      '--context',
      'aws:RequestedRegion=us-east-1',
      '--format',
      'json',
    ]);
    const json = JSON.parse(r.out);
    expect(json.decision).toBe('ExplicitDeny');
    expect(json.levels.map((l: any) => `${l.node.name}:${l.decision}`)).toEqual(
      [
        'Root:Allowed',
        'AI:Allowed',
        'Production:ExplicitDeny',
        'ml-prod:Allowed',
      ],
    );
    expect(json.levels[2].deciding[0]).toMatchObject({
      policyName: 'deny-unapproved-models',
      sid: 'DenyUnapprovedModels',
      line: 4,
      column: 5,
    });
  });

  it('prints a readable verdict with each level and the deciding statement (text)', async () => {
    const r = await run([
      ...base(),
      '--account',
      'ml-dev',
      '--action',
      'sagemaker:CreateTrainingJob',
    ]);
    expect(r.out.split('\n')[0]).toMatch(
      /^ExplicitDeny\s+sagemaker:CreateTrainingJob on \* for ml-dev/,
    );
    expect(r.out).toMatch(
      /AI \(ou-[a-z0-9-]+\)\s+ExplicitDeny\s+deny-sagemaker-without-vpc "DenySageMakerJobsOutsideVpc"/,
    );
    expect(r.exitCode).toBeUndefined();
  });

  it('honours --expect for CI, and --context with a principal ARN', async () => {
    const slr = await run([
      ...base(),
      '--account',
      'ml-dev',
      '--action',
      'sagemaker:CreateTrainingJob',
      '--context',
      'aws:PrincipalArn=arn:aws:iam::333333333333:role/aws-service-role/sagemaker.amazonaws.com/AWSServiceRoleForAmazonSageMaker',
      '--expect',
      'allowed',
    ]);
    expect(slr.exitCode).toBeUndefined();
    expect(slr.out).toMatch(/service-linked roles/);
    const wrong = await run([
      ...base(),
      '--account',
      'ml-dev',
      '--action',
      'sagemaker:CreateTrainingJob',
      '--expect',
      'allowed',
    ]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.err).toMatch(/expected allowed, got ExplicitDeny/);
  });

  it('rejects bad input with a message that says what to do', async () => {
    await expect(
      run([...base(), '--account', 'nope', '--action', 's3:GetObject']),
    ).rejects.toThrow(/No account, OU or root/);
    await expect(
      run([...base(), '--account', 'ml-dev', '--action', 'GetObject']),
    ).rejects.toThrow(/service:Action/);
    await expect(run([...base(), '--action', 's3:GetObject'])).rejects.toThrow(
      /--account/,
    );
    await expect(
      run(['simulate', '--account', 'x', '--action', 's3:GetObject']),
    ).rejects.toThrow(/--org MODEL.yaml/);
    await expect(
      run([
        'simulate',
        '--org',
        path.join(tmp, 'none.yaml'),
        '--account',
        'x',
        '--action',
        's3:GetObject',
      ]),
    ).rejects.toThrow(/does not exist/);
    await expect(
      run([
        ...base(),
        '--account',
        'x',
        '--action',
        's3:GetObject',
        '--context',
        'novalue',
      ]),
    ).rejects.toThrow(/KEY=VALUE/);
  });
});

describe('--context', () => {
  it('makes a key given twice multi-valued, keys compared without case', () => {
    expect(
      parseContext([
        'aws:TagKeys=a',
        'aws:tagkeys=b',
        'aws:RequestedRegion=eu-west-1',
        'x:k=a=b',
      ]),
    ).toEqual({
      'aws:TagKeys': ['a', 'b'],
      'aws:RequestedRegion': 'eu-west-1',
      'x:k': 'a=b',
    });
  });
});

describe('aigov who-can', () => {
  it('lists allowed and denied accounts with the reason', async () => {
    const r = await run([
      'who-can',
      '--org',
      orgFile,
      '--action',
      'sagemaker:CreateTrainingJob',
      '--context',
      'aws:RequestedRegion=us-east-1',
      '--format',
      'json',
    ]);
    const json = JSON.parse(r.out);
    expect(json.denied.map((a: any) => a.name).sort()).toEqual([
      'ml-dev',
      'ml-prod',
    ]);
    expect(json.denied[0].deniedBy).toMatchObject({
      policyName: 'deny-sagemaker-without-vpc',
      nodeName: 'AI',
    });
    expect(json.allowed.map((a: any) => a.name).sort()).toEqual([
      'management',
      'web-shop',
    ]);
    const text = await run([
      'who-can',
      '--org',
      orgFile,
      '--action',
      'sagemaker:CreateTrainingJob',
      '--under',
      'Development',
    ]);
    expect(text.out).toMatch(/Allowed \(0\)/);
    expect(text.out).toMatch(
      /Denied \(1\):\n {2}ml-dev \(333333333333\) {2}ExplicitDeny: denied by deny-sagemaker-without-vpc "DenySageMakerJobsOutsideVpc" \(line 4:5\) attached to AI/,
    );
  });
});

describe('--endpoint', () => {
  it('reads a live organization (the sandbox) and gives the same answers as the model file', async () => {
    const sandbox = await startSandbox({ port: 0, seed: orgFile });
    try {
      const args = [
        '--action',
        'sagemaker:CreateTrainingJob',
        '--context',
        'aws:RequestedRegion=us-east-1',
        '--format',
        'json',
      ];
      const live = JSON.parse(
        (
          await run([
            'who-can',
            '--endpoint',
            sandbox.url,
            '--rate',
            '500',
            ...args,
          ])
        ).out,
      );
      const file = JSON.parse(
        (await run(['who-can', '--org', orgFile, ...args])).out,
      );
      expect(live.denied.map((a: any) => a.id).sort()).toEqual(
        file.denied.map((a: any) => a.id).sort(),
      );
      expect(live.allowed.map((a: any) => a.id).sort()).toEqual(
        file.allowed.map((a: any) => a.id).sort(),
      );
      const sim = JSON.parse(
        (
          await run([
            'simulate',
            '--endpoint',
            sandbox.url,
            '--rate',
            '500',
            '--account',
            'ml-dev',
            ...args,
          ])
        ).out,
      );
      expect(sim.decision).toBe('ExplicitDeny');
    } finally {
      await sandbox.close();
    }
    await expect(
      run([
        'who-can',
        '--endpoint',
        sandbox.url,
        '--rate',
        '500',
        '--action',
        's3:GetObject',
      ]),
    ).rejects.toThrow(
      /Cannot read the organization at .*Is the endpoint running/,
    );
    await expect(
      run([
        'who-can',
        '--endpoint',
        'x',
        '--org',
        'y',
        '--action',
        's3:GetObject',
      ]),
    ).rejects.toThrow(/not both/);
  }, 30000);
});

describe('bin/aigov', () => {
  it('exits 1 on lint errors, 0 when clean and 2 on bad usage', () => {
    const node = process.execPath;
    const bin = path.join(repoRoot, 'packages/cli/bin/aigov');
    const clean = demoPolicyFiles.find(f =>
      f.endsWith('guardrail-deny-leave-organization.json'),
    )!;
    const r = spawnSync(
      node,
      [bin, 'lint', path.join(tmp, 'bad.json'), clean],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.stdout).toMatch(/JSON_SYNTAX_ERROR/);
    expect(r.status).toBe(1);
    const usage = spawnSync(
      node,
      [
        bin,
        'simulate',
        '--org',
        orgFile,
        '--account',
        'ghost',
        '--action',
        's3:GetObject',
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(
      /^aigov: No account, OU or root is named or numbered "ghost"/,
    );
  }, 60000);
});
