/*
 * `aigov baseline` through commander in-process, against the sandbox over HTTP.
 */
import path from 'path';
import {
  demoOrgModelPath,
  RunningSandbox,
  startSandbox,
} from '@internal/organizations-sandbox';
import { runCommands } from '../../__testUtils__/runCommands';
import { UsageError } from '../../runCli';
import { registerBaselineCommand } from '.';

const repoRoot = path.resolve(__dirname, '../../../../..');
const baselineFile = path.join(repoRoot, 'guardrails', 'baseline.yaml');

const run = (args: string[]) => runCommands([registerBaselineCommand], args);

describe('aigov baseline', () => {
  let running: RunningSandbox;
  beforeEach(async () => {
    running = await startSandbox({ port: 0 });
  });
  afterEach(async () => {
    await running.close();
  });

  const args = (mode: string, ...more: string[]) => [
    'baseline',
    mode,
    '--org',
    baselineFile,
    '--endpoint',
    running.url,
    '--rate',
    '1000',
    ...more,
  ];

  it('previews without changing anything, applies, then has nothing to do; an edited policy shows up again', async () => {
    const preview = await run(args('preview'));
    expect(preview.exitCode).toBeUndefined();
    expect(preview.out).toContain(
      `Baseline governance-baseline against ${running.url}: 23 changes to make.`,
    );
    expect(preview.out).toContain('  + create OU Root/AI/Production');
    expect(preview.out).toContain(
      '  + attach guardrail-ai-protect-models to Root/AI/Production',
    );
    expect(preview.out).toContain('Preview only: nothing was changed.');
    // Still nothing there: the preview of the same org is unchanged.
    expect((await run(args('preview'))).out).toBe(preview.out);

    const apply = await run(args('apply'));
    expect(apply.out).toContain(
      `Applied baseline governance-baseline to ${running.url}: 23 changes made.`,
    );
    expect(apply.out).toMatch(
      /\+ create OU Root\/AI \(ou-[0-9a-z]+-[0-9a-z]+\)/,
    );

    const again = await run(args('apply'));
    expect(again.out).toBe(
      `Nothing to do: the organization at ${running.url} already matches baseline governance-baseline.\n`,
    );
    const json = JSON.parse(
      (await run(args('preview', '--format', 'json'))).out,
    );
    expect(json).toEqual({
      mode: 'preview',
      engine: 'organizations-api',
      baseline: 'governance-baseline',
      endpoint: running.url,
      changes: [],
      reported: [],
      whatIf: null,
      posture: expect.objectContaining({
        accountsChecked: expect.any(Number),
        findings: expect.any(Array),
      }),
    });

    // Someone edits a guardrail in the organization (through the sandbox's own operation handler).
    const regionLock = running.sandbox
      .snapshot()
      .policies.find(p => p.name === 'guardrail-region-lock')!;
    await running.sandbox.call('UpdatePolicy', {
      PolicyId: regionLock.id,
      Content:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}',
    });
    const drift = await run(args('preview'));
    expect(drift.out).toContain(
      "1 change to make.\n  ~ update guardrail-region-lock to the baseline's document",
    );
  }, 30_000);

  it('rejects bad input with a message that says what to do, and changes nothing', async () => {
    await expect(
      run(['baseline', 'preview', '--endpoint', running.url]),
    ).rejects.toThrow(
      new UsageError(
        'Give the baseline with --org MODEL.yaml, e.g. --org guardrails/baseline.yaml.',
      ),
    );
    await expect(run(args('apply', '--engine', 'terraform'))).rejects.toThrow(
      '--engine takes organizations-api or pulumi (got "terraform").',
    );
    await expect(run(args('apply', '--format', 'yaml'))).rejects.toThrow(
      '--format takes text or json (got "yaml").',
    );
    await expect(
      run([
        'baseline',
        'apply',
        '--org',
        'missing.yaml',
        '--endpoint',
        running.url,
      ]),
    ).rejects.toThrow(/cannot read missing.yaml.*\nFix the baseline file\./s);
    await expect(
      run([
        'baseline',
        'preview',
        '--org',
        baselineFile,
        '--endpoint',
        'not a url',
      ]),
    ).rejects.toThrow(
      '--endpoint takes a URL such as http://127.0.0.1:4566 (got "not a url").',
    );
    // Nothing was created by any of these.
    const preview = await run(args('preview'));
    expect(preview.out).toContain('23 changes to make.');
  });

  it('says how to get the pulumi engine when no Pulumi CLI is installed', async () => {
    const pathBefore = process.env.PATH;
    process.env.PATH = '';
    try {
      await expect(run(args('preview', '--engine', 'pulumi'))).rejects.toThrow(
        'The pulumi engine needs the Pulumi CLI on PATH (https://www.pulumi.com/docs/install/). Install it, or use --engine organizations-api.',
      );
    } finally {
      process.env.PATH = pathBefore;
    }
  });

  it('checks that the rendered guardrails are up to date', async () => {
    const result = await run([
      'baseline',
      'render',
      '--check',
      '--file',
      path.join(repoRoot, 'guardrails', 'render.yaml'),
    ]);
    expect(result).toEqual({
      out: 'The rendered guardrails are up to date.\n',
      err: '',
      exitCode: undefined,
    });
  });

  it('shows what putting a weakened guardrail back would take away from which accounts', async () => {
    const demo = await startSandbox({ port: 0, seed: demoOrgModelPath });
    try {
      const demoArgs = [
        'baseline',
        'preview',
        '--org',
        baselineFile,
        '--endpoint',
        demo.url,
        '--rate',
        '1000',
      ];
      expect((await run(demoArgs)).out).toContain('nothing to change');
      // Someone weakens the approved-models guardrail in the console: it now denies one action nobody uses.
      const models = demo.sandbox
        .snapshot()
        .policies.find(p => p.name === 'guardrail-ai-approved-bedrock-models')!;
      await demo.sandbox.call('UpdatePolicy', {
        PolicyId: models.id,
        Content:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"bedrock:DeleteCustomModel","Resource":"*"}]}',
      });
      const out = (await run(demoArgs)).out;
      expect(out).toContain(
        "1 change to make.\n  ~ update guardrail-ai-approved-bedrock-models to the baseline's document",
      );
      expect(out).toContain('Effect on access (what-if on 5 of 13 accounts, ');
      expect(out).toContain(
        '  5 accounts gain access; 5 accounts lose access.',
      );
      // The baseline's document denies unapproved models and invocations without a Bedrock guardrail again...
      expect(out).toContain(
        '  ! 5 accounts (3 in production) lose bedrock:InvokeModel on arn:aws:bedrock:x::foundation-model/not-listed-by-the-policy',
      );
      // ...and drops the one deny the weakened copy had: that is a gain, and the preview says so first.
      expect(out).toMatch(
        /Effect on access[^\n]*\n[^\n]*\n {2}! 5 accounts \(3 in production\) gain bedrock:DeleteCustomModel/,
      );
      expect(out).toContain(
        'The baseline OPENS ACCESS somewhere: read the gains above before applying.',
      );
      // The demo's Bedrock policy guards us-east-1 only while its SCPs allow three Regions: the baseline does not fix
      // that, and the preview's posture section says so.
      expect(out).toMatch(
        /AI posture after the baseline \(\d+ member accounts checked[^\n]*\n {2}ERROR POSTURE_GUARDRAIL_REGION_GAP: /,
      );
      const json = JSON.parse(
        (await run([...demoArgs, '--format', 'json'])).out,
      );
      expect(json.whatIf).toMatchObject({
        opensAccess: true,
        accountsEvaluated: 5,
        totals: { accountsGaining: 5, accountsLosing: 5 },
        applied: ['Edit guardrail-ai-approved-bedrock-models.'],
      });
      expect(json.whatIf.policySummaries).toEqual([
        expect.objectContaining({
          change: 'edit',
          policyName: 'guardrail-ai-approved-bedrock-models',
          before: expect.objectContaining({
            headline: 'Restricts Bedrock (1 Deny statement).',
            sentences: [
              expect.objectContaining({
                text: 'Statement 1: Denies bedrock:DeleteCustomModel, in every account at or below AI.',
              }),
            ],
          }),
          after: expect.objectContaining({
            headline: 'Restricts Bedrock (2 Deny statements).',
          }),
        }),
      ]);
      // A preview changes nothing.
      expect(
        demo.sandbox.snapshot().policies.find(p => p.id === models.id)!.content,
      ).toContain('bedrock:DeleteCustomModel');
    } finally {
      await demo.close();
    }
  }, 30_000);
});
