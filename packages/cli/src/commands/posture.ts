/**
 * `aigov posture`: the AI posture check of an organization. For every member account, compares the Bedrock models
 * its SCPs and RCPs let it invoke, the Regions and models its effective Amazon Bedrock policy guards, its region lock
 * and its AI services opt-out, and prints each inconsistency with the accounts, policies and nodes involved and how
 * to fix it. Exit status: 0 when no finding is an error (warnings are printed), 2 when some finding is an error (a
 * pipeline gates on it), 1 when the input is wrong.
 */
import { Command } from 'commander';
import {
  checkAiPosture,
  PolicyEngineError,
  PostureFinding,
  PostureReport,
  referencedServices,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { exitOneOnParseErrors, UsageError } from '../runCli';
import { loadSnapshot } from './organizationInput';
import { loadIamCatalog } from './lint';

/** Exit status when some finding is an error. */
export const POSTURE_ERRORS = 2;
/** Exit status for wrong input. */
export const POSTURE_USAGE = 1;
/** Accounts named per finding in text; JSON has them all. */
const MAX_ACCOUNTS = 8;

interface PostureCommandOptions {
  model?: string;
  endpoint?: string;
  format: string;
}

function accountsLine(f: PostureFinding): string {
  const shown = f.accountNames
    .slice(0, MAX_ACCOUNTS)
    .map((name, i) => `${name} (${f.accountIds[i]})`);
  const hidden = f.accountNames.length - shown.length;
  return `${shown.join(', ')}${hidden > 0 ? ` and ${hidden} more` : ''}`;
}

/** Human-readable output. */
export function formatPostureText(report: PostureReport): string {
  const lines: string[] = [
    `Checked ${report.accountsChecked} member accounts (${report.chainsChecked} distinct policy chains) against the Bedrock model list of ${report.modelsAsOf}.`,
    '',
  ];
  if (!report.findings.length) {
    lines.push('No AI posture inconsistency found.');
  }
  for (const f of report.findings) {
    lines.push(`${f.severity.toUpperCase()} ${f.code}`);
    lines.push(`  ${f.message}`);
    lines.push(`  Fix: ${f.fix}`);
    if (f.policies.length)
      lines.push(
        `  Policies: ${f.policies
          .map(p => `${p.name} (${p.type}, attached to ${p.node.name})`)
          .join('; ')}`,
      );
    lines.push(`  Accounts (${f.accountIds.length}): ${accountsLine(f)}`, '');
  }
  const errors = report.findings.filter(f => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  lines.push(
    `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${
      warnings === 1 ? 'warning' : 'warnings'
    } (exit status ${errors ? POSTURE_ERRORS : 0}).`,
  );
  return `${lines.join('\n')}\n`;
}

async function run(opts: PostureCommandOptions, extra: string[]) {
  if (extra.length)
    throw new UsageError(
      `Unexpected argument "${extra[0]}": give the organization with --model ORG.yaml.`,
    );
  if (opts.format !== 'text' && opts.format !== 'json')
    throw new UsageError(`--format takes text or json (got "${opts.format}").`);
  if (!opts.model && !opts.endpoint)
    throw new UsageError(
      'Give the organization with --model ORG.yaml (or --endpoint URL).',
    );
  const snapshot = await loadSnapshot({
    org: opts.model,
    endpoint: opts.endpoint,
  });
  const catalog = await loadIamCatalog();
  await catalog.ensureServices([
    'bedrock',
    ...referencedServices(snapshot.policies.map(p => p.content).join('\n')),
  ]);
  const report = checkAiPosture(snapshot, {
    evaluateOptions: {
      isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog),
      rcpServices: catalog.rcpSupportedServices(),
    },
  });
  process.stdout.write(
    opts.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatPostureText(report),
  );
  process.exitCode = report.findings.some(f => f.severity === 'error')
    ? POSTURE_ERRORS
    : 0;
}

/** Registers `aigov posture`. */
export function registerPostureCommand(program: Command): void {
  const command = program.command('posture');
  exitOneOnParseErrors(command);
  command
    .description(
      "Check that each account's allowed Bedrock models, its Bedrock policy guardrails, its region lock and its AI opt-out agree; exit status 2 when a finding is an error.",
    )
    .option('--model <org.yaml>', 'org model file')
    .option(
      '--endpoint <url>',
      'read a live organization from this AWS Organizations endpoint instead of --model',
    )
    .option('--format <format>', 'text or json', 'text')
    .argument('[extra...]')
    .action(async (extra: string[], opts: PostureCommandOptions) => {
      try {
        await run(opts, extra);
      } catch (e) {
        // Wrong input exits 1 here, not 2 as elsewhere: 2 means "error findings" to a pipeline.
        if (e instanceof UsageError || e instanceof PolicyEngineError) {
          process.stderr.write(`aigov: ${e.message}\n`);
          process.exitCode = POSTURE_USAGE;
          return;
        }
        throw e;
      }
    });
}
