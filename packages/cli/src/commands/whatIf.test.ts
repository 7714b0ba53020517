/*
 * Tests of `aigov what-if` on the demo organization, in-process through commander: the exit status gates a pipeline
 * (2 when the change opens access, 0 otherwise, 1 for wrong input), and each format carries the grouped verdicts.
 */
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import { runCommands } from '../__testUtils__/runCommands';
import { useTempFiles } from '../__testUtils__/tempFiles';
import { registerWhatIfCommand } from './whatIf';

const run = (args: string[]) => runCommands([registerWhatIfCommand], args);

const file = useTempFiles('aigov-what-if-');

describe('aigov what-if', () => {
  it('exits 2 when detaching a guardrail opens access, and names who gains what', async () => {
    const change = file(
      'detach.yaml',
      'changes:\n  - op: detach\n    policy: guardrail-ai-approved-bedrock-models\n    target: AI\n',
    );
    const r = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--change',
      change,
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.out).toContain(
      'Detach guardrail-ai-approved-bedrock-models from AI.',
    );
    expect(r.out).toMatch(
      /! 5 accounts \(3 in production\) gain bedrock:InvokeModel on arn:aws:bedrock:x::foundation-model\/not-listed-by-the-policy/,
    );
    expect(r.out).toContain(
      'before, denied by statement "DenyInvokingUnapprovedFoundationModels" of guardrail-ai-approved-bedrock-models (attached to AI)',
    );
    expect(r.out).toMatch(
      /^5 accounts gain access on \d+ probe requests; no account loses access\.$/m,
    );
    expect(r.out).toContain('Verdict: the change OPENS ACCESS');
  });

  it('exits 0 when a change only takes access away, and flags production losses', async () => {
    const change = file(
      'attach.yaml',
      [
        'description: production guardrails for the web shop',
        'changes:',
        '  - op: attach',
        '    policy: guardrail-ai-sagemaker-vpc-kms',
        '    target: Workloads',
      ].join('\n'),
    );
    const r = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--change',
      change,
      '--format',
      'json',
    ]);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.opensAccess).toBe(false);
    expect(result.accountsEvaluated).toBe(3);
    expect(result.changes.length).toBeGreaterThan(0);
    expect(
      result.changes.every(
        (c: { direction: string }) => c.direction === 'loses',
      ),
    ).toBe(true);
    const loss = result.changes.find(
      (c: { accountName: string }) => c.accountName === 'web-shop-prod',
    );
    expect(loss.production).toBe(true);
    expect(loss.after.policyName).toBe('guardrail-ai-sagemaker-vpc-kms');
    expect(result.warnings.join(' ')).toMatch(/knows nothing of usage/);
  });

  it('writes markdown for a pull request comment', async () => {
    const change = file(
      'move.yaml',
      'changes:\n  - op: move\n    account: genai-sandbox\n    to: Workloads\n',
    );
    const r = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--change',
      change,
      '--format',
      'markdown',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.out).toMatch(/^### What-if/);
    expect(r.out).toContain('**⚠️ This change opens access.**');
    expect(r.out).toContain('| ⚠️ | gains bedrock:InvokeModel');
  });

  it.each([
    [['--change', 'x.yaml'], /Give the organization with --model/],
    [['--model', demoOrgModelPath], /Give the proposed change with --change/],
    [
      ['--model', demoOrgModelPath, '--change', 'CHANGE', '--format', 'xml'],
      /--format takes text, json or markdown/,
    ],
    [
      ['--model', demoOrgModelPath, '--change', 'missing.yaml'],
      /Cannot read the change file/,
    ],
    [
      ['--model', demoOrgModelPath, '--change', 'BAD'],
      /Change 1 \(detach\) needs `target:`/,
    ],
    [
      ['--model', demoOrgModelPath, '--change', 'UNKNOWN'],
      /No policy is named or numbered "no-such-policy"/,
    ],
    [
      ['--model', demoOrgModelPath, '--change', 'CHANGE', '--frobnicate'],
      /takes no argument or option --frobnicate/,
    ],
  ])('exits 1 with a message for wrong input %#', async (args, message) => {
    const change = file(
      'ok.yaml',
      'changes:\n  - op: enablePolicyType\n    type: RESOURCE_CONTROL_POLICY\n',
    );
    const bad = file('bad.yaml', 'changes:\n  - op: detach\n    policy: x\n');
    const unknown = file(
      'unknown.yaml',
      'changes:\n  - op: detach\n    policy: no-such-policy\n    target: AI\n',
    );
    const files: Record<string, string> = {
      CHANGE: change,
      BAD: bad,
      UNKNOWN: unknown,
    };
    const resolved = args.map(a => files[a] ?? a);
    const r = await run(['what-if', ...resolved]);
    expect(r.exitCode).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it("marks commander's own parse errors (an option without its value) to exit 1, never the 2 of 'opens access'", async () => {
    await expect(run(['what-if', '--model'])).rejects.toMatchObject({
      exitCode: 1,
      code: expect.stringMatching(/^aigov\.exit-1\./),
      message: expect.stringMatching(/argument missing/),
    });
  });

  it('shows the blast radius of one policy: where it reaches, and what it prevents there', async () => {
    const r = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--blast-radius',
      'guardrail-ai-approved-bedrock-models',
    ]);
    // It informs and gates nothing: exit 0 although, without it, accounts would gain access.
    expect(r.exitCode).toBeUndefined();
    expect(r.out).toContain(
      'Blast radius of guardrail-ai-approved-bedrock-models (p-',
    );
    expect(r.out).toContain(
      '  attached to AI (OU); reaches 3 OUs and 5 accounts at or below it.',
    );
    expect(r.out).toMatch(
      /^Without it \(re-evaluated 5 accounts with \d+ probe requests\): 5 accounts gain access on 12 probe requests; no account loses access\.$/m,
    );
    // What it prevents today, in the words of the diff: unapproved models, and any model without a Bedrock guardrail.
    expect(r.out).toContain(
      '  - 5 accounts (3 in production) gain bedrock:InvokeModel on arn:aws:bedrock:x::foundation-model/not-listed-by-the-policy',
    );
    expect(r.out).toContain(
      '  - 5 accounts (3 in production) gain bedrock:InvokeModel on arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
    );
    expect(r.out).not.toContain('OPENS ACCESS');
    const json = JSON.parse(
      (
        await run([
          'what-if',
          '--model',
          demoOrgModelPath,
          '--blast-radius',
          'guardrail-ai-approved-bedrock-models',
          '--format',
          'json',
        ])
      ).out,
    );
    expect(json).toMatchObject({
      policyName: 'guardrail-ai-approved-bedrock-models',
      attachedTo: [{ name: 'AI', kind: 'ou' }],
      ous: 3,
      accounts: 5,
      without: { opensAccess: true, accountsEvaluated: 5 },
    });
  });

  it('refuses --blast-radius with --change, or with markdown', async () => {
    const change = file(
      'detach2.yaml',
      'changes:\n  - op: detach\n    policy: guardrail-ai-approved-bedrock-models\n    target: AI\n',
    );
    const both = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--change',
      change,
      '--blast-radius',
      'guardrail-region-lock',
    ]);
    expect(both.exitCode).toBe(1);
    expect(both.err).toContain('Give either --change or --blast-radius');
    const md = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--blast-radius',
      'guardrail-region-lock',
      '--format',
      'markdown',
    ]);
    expect(md.exitCode).toBe(1);
    expect(md.err).toContain('--blast-radius prints text or json.');
    const unknown = await run([
      'what-if',
      '--model',
      demoOrgModelPath,
      '--blast-radius',
      'no-such-policy',
    ]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toContain(
      'No policy is named or numbered "no-such-policy"',
    );
  });
});
