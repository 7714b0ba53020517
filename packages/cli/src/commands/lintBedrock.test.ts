/*
 * `aigov lint` on Amazon Bedrock policies: --type accepts the type, the management account given on the command line
 * is the one the guardrail must belong to ("Amazon Bedrock policy syntax and examples", identifier).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runCommands } from '../__testUtils__/runCommands';
import { registerLintCommand } from './lint';

const run = (args: string[]) => runCommands([registerLintCommand], args);

let tmp: string;
let policyFile: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-lint-bedrock-'));
  policyFile = path.join(tmp, 'bedrock.json');
  fs.writeFileSync(
    policyFile,
    JSON.stringify(
      {
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: {
                identifier: {
                  '@@assign':
                    'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:DRAFT',
                },
                input_tags: { '@@assign': 'honor' },
              },
            },
          },
        },
      },
      null,
      2,
    ),
  );
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('aigov lint --type BEDROCK_POLICY', () => {
  it('reports a DRAFT guardrail and a guardrail of another account than the management account', async () => {
    const r = await run([
      'lint',
      '--type',
      'BEDROCK_POLICY',
      '--management-account',
      '210987654321',
      '--format',
      'json',
      policyFile,
    ]);
    expect(r.exitCode).toBe(1);
    const [result] = JSON.parse(r.out);
    expect(result.findings.map((f: { code: string }) => f.code)).toEqual([
      'BEDROCK_GUARDRAIL_DRAFT',
      'BEDROCK_GUARDRAIL_NOT_MANAGEMENT_ACCOUNT',
      'BEDROCK_GUARDRAIL_RESOURCE_POLICY',
    ]);
  });

  it('warns about a guardrail version missing from --known-guardrails', async () => {
    const r = await run([
      'lint',
      '--management-account',
      '123456789012',
      '--known-guardrails',
      'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1,arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:2',
      policyFile,
      '--format',
      'json',
    ]);
    const [result] = JSON.parse(r.out);
    expect(result.findings.map((f: { code: string }) => f.code)).toEqual([
      'BEDROCK_GUARDRAIL_DRAFT',
      'BEDROCK_GUARDRAIL_UNKNOWN',
    ]);
  });

  it('guesses the type from the document and refuses a malformed management account id', async () => {
    const guessed = await run(['lint', policyFile]);
    expect(guessed.out).toContain('BEDROCK_GUARDRAIL_DRAFT');
    await expect(
      run(['lint', '--management-account', '12', policyFile]),
    ).rejects.toThrow(/12-digit account id/);
  });
});
