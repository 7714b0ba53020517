/**
 * `aigov sandbox`: runs a local AWS Organizations endpoint until stopped.
 */
import { resolve } from 'path';
import { Command } from 'commander';
import {
  demoOrgModelPath,
  FaultOptions,
  startSandbox,
  validateFaultOptions,
} from '@internal/organizations-sandbox';
import { OrgModelError } from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';

function number(
  flag: string,
  opts: { min?: number; max?: number; integer?: boolean } = {},
) {
  return (value: string): number => {
    const n = Number(value);
    const ok =
      value.trim() !== '' &&
      Number.isFinite(n) &&
      (!opts.integer || Number.isInteger(n)) &&
      (opts.min === undefined || n >= opts.min) &&
      (opts.max === undefined || n <= opts.max);
    if (!ok) {
      const range =
        opts.max !== undefined
          ? `from ${opts.min ?? 0} to ${opts.max}`
          : `of at least ${opts.min ?? 0}`;
      throw new UsageError(
        `${flag} takes ${
          opts.integer ? 'a whole number' : 'a number'
        } ${range} (got "${value}")`,
      );
    }
    return n;
  };
}

function parseFaults(value: string): FaultOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(
      `--faults takes a JSON object, e.g. '{"throttleProbability":0.1}' (got ${value})`,
    );
  }
  const problems = validateFaultOptions(parsed);
  if (problems.length > 0) {
    throw new UsageError(`--faults: ${problems.join('; ')}`);
  }
  return parsed as FaultOptions;
}

interface SandboxCommandOptions {
  port?: number;
  seed?: string;
  createAccountDelay?: number;
  latency?: number;
  rate?: number;
  throttleProbability?: number;
  persist?: string;
  faults?: FaultOptions;
}

/** Registers `aigov sandbox`. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description(
      'Run a local AWS Organizations endpoint (AWS JSON 1.1) on 127.0.0.1 until stopped (Ctrl-C). ' +
        'Point any AWS SDK, the AWS CLI (--endpoint-url) or Pulumi at the URL it prints.',
    )
    .option(
      '--port <n>',
      'port on 127.0.0.1 (default: a free one)',
      number('--port', { min: 0, max: 65535, integer: true }),
    )
    .option(
      '--seed <file|demo>',
      'org model file to start from, or "demo" for the AI governance demo org (default: only the management account)',
    )
    .option(
      '--create-account-delay <ms>',
      'how long CreateAccount stays IN_PROGRESS (default 2000)',
      number('--create-account-delay', { min: 0 }),
    )
    .option(
      '--latency <ms>',
      'delay added to every call',
      number('--latency', { min: 0 }),
    )
    .option(
      '--rate <n>',
      'enforced request rate (calls per second); faster calls get TooManyRequestsException',
      number('--rate', { min: 0 }),
    )
    .option(
      '--throttle-probability <p>',
      'chance (0 to 1) that any call is throttled',
      number('--throttle-probability', { min: 0, max: 1 }),
    )
    .option(
      '--persist <file>',
      'keep the state in this JSON file across restarts',
    )
    .option(
      '--faults <json>',
      'any fault options as JSON, e.g. \'{"emptyPageProbability":0.1,"concurrentModificationBurst":3}\' (see docs/sandbox.md)',
      parseFaults,
    )
    .action(async (opts: SandboxCommandOptions) => {
      const faults: FaultOptions = { ...opts.faults };
      if (opts.latency) faults.latencyMs = opts.latency;
      if (opts.rate) faults.requestsPerSecond = opts.rate;
      if (opts.throttleProbability)
        faults.throttleProbability = opts.throttleProbability;
      // `yarn aigov` runs from the repository root; paths are meant relative to where the user typed the command.
      const base = process.env.INIT_CWD ?? process.cwd();
      let seed: string | undefined;
      if (opts.seed === 'demo') seed = demoOrgModelPath;
      else if (opts.seed) seed = resolve(base, opts.seed);
      const persistFile = opts.persist
        ? resolve(base, opts.persist)
        : undefined;
      let running;
      try {
        running = await startSandbox({
          port: opts.port,
          seed,
          faults,
          createAccountDelayMs: opts.createAccountDelay,
          persistFile,
        });
      } catch (e) {
        if (e instanceof OrgModelError) {
          throw new UsageError(
            `${e.message}\nFix the org model file, or pass --seed demo.`,
          );
        }
        if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
          throw new UsageError(
            `port ${opts.port} is in use; pick another with --port, or omit it to get a free one`,
          );
        }
        if (
          e instanceof Error &&
          e.message.startsWith('Cannot read the sandbox state file')
        ) {
          throw new UsageError(e.message);
        }
        throw e;
      }
      process.stdout.write(`Sandbox listening on ${running.url}\n`);
      await new Promise<void>(stopped => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          running.close().then(stopped, stopped);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
