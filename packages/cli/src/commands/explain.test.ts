/*
 * Tests of `aigov explain`, in-process through commander.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runCommands } from '../__testUtils__/runCommands';
import { UsageError } from '../runCli';
import { registerExplainCommand } from './explain';

const repoRoot = path.resolve(__dirname, '../../../..');
const run = (args: string[]) => runCommands([registerExplainCommand], args);

describe('aigov explain', () => {
  it('prints a headline and one sentence per statement', async () => {
    const file = path.join(
      repoRoot,
      'guardrails/rendered/guardrail-deny-leave-organization.json',
    );
    const r = await run(['explain', file]);
    expect(r.out).toBe(
      `${file}: Restricts Organizations (1 Deny statement).\n  Statement "DenyLeaveOrganization": Denies organizations:LeaveOrganization.\n`,
    );
  });

  it('says when an allow-list next to FullAWSAccess does nothing, in JSON too', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-explain-'));
    try {
      const file = path.join(tmp, 'allow-ec2.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }],
        }),
      );
      const text = await run(['explain', file, '--with-full-aws-access']);
      expect(text.out).toContain(
        'This policy does nothing: it only allows, and FullAWSAccess attached at the same place already allows everything.',
      );
      const json = await run(['explain', file, '--format', 'json']);
      expect(JSON.parse(json.out)[0].summary.sentences[0].text).toBe(
        'Statement 1: Allows every EC2 action.',
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses a missing file and an unknown type with a usage error', async () => {
    await expect(run(['explain', 'no-such-file.json'])).rejects.toThrow(
      UsageError,
    );
    await expect(
      run(['explain', 'x.json', '--type', 'tag-policy']),
    ).rejects.toThrow('--type takes scp, rcp or ai-opt-out');
  });
});
