/*
 * Tests of `aigov sandbox`: option errors in-process, and one run of the real `bin/aigov` that serves the demo org
 * until SIGTERM.
 */
import path from 'path';
import { spawn } from 'child_process';
import { Command } from 'commander';
import { UsageError } from '../runCli';
import { registerSandboxCommand } from './sandbox';

const bin = path.resolve(__dirname, '../../bin/aigov');

async function parse(args: string[]) {
  const program = new Command();
  program.exitOverride();
  registerSandboxCommand(program);
  await program.parseAsync(['node', 'aigov', 'sandbox', ...args]);
}

describe('aigov sandbox', () => {
  it.each([
    [
      ['--port', '70000'],
      /--port takes a whole number from 0 to 65535 \(got "70000"\)/,
    ],
    [
      ['--throttle-probability', '1.5'],
      /--throttle-probability takes a number from 0 to 1/,
    ],
    [
      ['--create-account-delay', 'soon'],
      /--create-account-delay takes a number of at least 0/,
    ],
    [['--faults', '{oops'], /--faults takes a JSON object/],
    [
      ['--faults', '{"throttleProbabilty":1}'],
      /--faults: unknown fault option "throttleProbabilty"/,
    ],
    [
      ['--seed', 'no-such-model.yaml'],
      /cannot read \S*no-such-model.yaml: the file does not exist\nFix the org model file, or pass --seed demo/,
    ],
  ])('rejects %j with a clear message', async (args, message) => {
    const error = await parse(args).catch(e => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it('prints its URL, serves the demo org over AWS JSON 1.1 and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'sandbox',
        '--seed',
        'demo',
        '--port',
        '0',
        '--latency',
        '1',
        '--faults',
        '{"emptyPageProbability":0.5,"latencyMs":9}',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', chunk => {
          out += String(chunk);
          const match = out.match(
            /^Sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/m,
          );
          if (match) resolve(match[1]);
        });
        child.on('exit', code =>
          reject(new Error(`exited with ${code} before listening: ${out}`)),
        );
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'X-Amz-Target': 'AWSOrganizationsV20161128.DescribeOrganization',
          'Content-Type': 'application/x-amz-json-1.1',
        },
        body: '{}',
      });
      expect((await res.json()).Organization.MasterAccountId).toBe(
        '111111111111',
      );
      const faults = await (await fetch(`${url}/_sandbox/faults`)).json();
      // The specific flag wins over the same option in --faults.
      expect(faults).toEqual({ latencyMs: 1, emptyPageProbability: 0.5 });
      const exit = new Promise<number | null>(resolve =>
        child.on('exit', code => resolve(code)),
      );
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
