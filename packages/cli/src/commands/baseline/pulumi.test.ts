/*
 * `aigov baseline preview --engine pulumi` against the sandbox over HTTP, with the Pulumi boundary mocked (the Pulumi
 * CLI is not installed where the tests run): the preview shows the baseline's effect on access and the AI posture it
 * leaves, the same as the organizations-api engine's preview.
 */
import path from 'path';
import { RunningSandbox, startSandbox } from '@internal/organizations-sandbox';
import type { BaselinePulumiResult } from '@internal/plugin-ai-governance-node';
import { runCommands } from '../../__testUtils__/runCommands';
import { registerBaselineCommand } from '.';

const pulumiResult = jest.fn<Promise<BaselinePulumiResult>, [unknown]>();

jest.mock('@internal/plugin-ai-governance-node', () => ({
  ...jest.requireActual('@internal/plugin-ai-governance-node'),
  isPulumiCliAvailable: () => true,
  createLocalWorkspaceBoundary: () => ({}),
  runBaselineWithPulumi: (options: unknown) => pulumiResult(options),
}));

const repoRoot = path.resolve(__dirname, '../../../../..');
const baselineFile = path.join(repoRoot, 'guardrails', 'baseline.yaml');

const run = (args: string[]) => runCommands([registerBaselineCommand], args);

function result(): BaselinePulumiResult {
  return {
    stackName: 'baseline-test',
    changeSummary: { create: 1 },
    steps: [
      {
        op: 'create',
        urn: 'urn:pulumi:baseline-test::ai-governance-baseline::aws:organizations/policy:Policy::policy/guardrail-region-lock',
        type: 'aws:organizations/policy:Policy',
        name: 'policy/guardrail-region-lock',
      },
    ],
    applied: false,
    outputs: {},
    removals: [],
    edits: [],
    drift: [],
    firstImport: true,
  };
}

describe('aigov baseline preview --engine pulumi', () => {
  let running: RunningSandbox;
  const env = { ...process.env };
  beforeEach(async () => {
    running = await startSandbox({ port: 0 });
    process.env.PULUMI_CONFIG_PASSPHRASE = 'test-passphrase';
    pulumiResult.mockReset();
  });
  afterEach(async () => {
    await running.close();
    process.env = { ...env };
  });

  const args = (engine: string, ...more: string[]) => [
    'baseline',
    'preview',
    '--org',
    baselineFile,
    '--endpoint',
    running.url,
    '--rate',
    '1000',
    '--engine',
    engine,
    ...(engine === 'pulumi' ? ['--pulumi-backend', 'file://./state'] : []),
    ...more,
  ];

  it("shows the effect on access and the AI posture after Pulumi's plan, as the organizations-api preview does", async () => {
    pulumiResult.mockResolvedValue(result());
    const pulumi = await run(args('pulumi'));
    expect(pulumiResult).toHaveBeenCalledWith(
      expect.objectContaining({ mode: 'preview' }),
    );
    expect(pulumi.out).toContain(
      'Would apply baseline governance-baseline with Pulumi (stack baseline-test): 1 step.\n  create policy/guardrail-region-lock\n',
    );
    const api = await run(args('organizations-api'));
    // Both engines plan the same baseline against the same organization: the same effect and posture sections.
    const section = (out: string) =>
      out.slice(
        out.indexOf('\nEffect on access (what-if on'),
        out.indexOf('\nPreview only'),
      );
    expect(section(api.out)).toMatch(
      /^\nEffect on access \(what-if on \d+ of \d+ accounts, \d+ probe requests\):\n/,
    );
    expect(section(api.out)).toContain('\nAI posture after the baseline (');
    expect(pulumi.out).toContain(section(api.out));

    pulumiResult.mockResolvedValue(result());
    const json = JSON.parse(
      (await run(args('pulumi', '--format', 'json'))).out,
    );
    const apiJson = JSON.parse(
      (await run(args('organizations-api', '--format', 'json'))).out,
    );
    expect(json.engine).toBe('pulumi');
    expect(json.whatIf).not.toBeNull();
    expect(json.whatIf).toEqual(apiJson.whatIf);
    expect(json.posture).toEqual(apiJson.posture);
  }, 60_000);

  it('leaves the effect on access out of an apply (it is shown before, in the preview)', async () => {
    pulumiResult.mockResolvedValue({ ...result(), applied: true });
    const apply = await run(
      args('pulumi').map(a => (a === 'preview' ? 'apply' : a)),
    );
    expect(pulumiResult).toHaveBeenCalledWith(
      expect.objectContaining({ mode: 'up' }),
    );
    expect(apply.out).toContain(
      'Applied baseline governance-baseline with Pulumi (stack baseline-test): 1 step.',
    );
    expect(apply.out).not.toContain('Effect on access');
    expect(apply.out).not.toContain('AI posture after the baseline');
  }, 60_000);
});
