/**
 * `aigov baseline`: the governance baseline (an org model file with the guardrail packs attached) compared with an
 * organization, and applied to it. `preview` lists the changes and changes nothing; `apply` makes them and lists
 * what it did; `render` writes the packs' policy documents that the baseline file references. This file registers
 * the subcommands and maps the engines' errors to exit statuses; each engine has its own file.
 */
import { Command } from 'commander';
import {
  BaselineApplyError,
  BaselineDriftError,
  BaselineImportConflictError,
  BaselineRemovalsError,
  PulumiPendingOperationsError,
  PulumiPlanRefusedError,
  PulumiRemovalsRefusedError,
  PulumiRunError,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../../runCli';
import { BaselineOptions, checkOptions, loadModel } from './inputs';
import { runOrganizationsApi } from './organizationsApi';
import { runPulumi } from './pulumi';
import { renderGuardrails } from './render';

async function run(mode: 'preview' | 'apply', raw: BaselineOptions) {
  const opts = checkOptions(raw);
  const model = loadModel(opts.org);
  try {
    const allowRemovals = raw.allowRemoval ?? [];
    if (
      opts.engine !== 'pulumi' &&
      (allowRemovals.length || raw.overwriteDrift)
    )
      throw new UsageError(
        '--allow-removal and --overwrite-drift are for --engine pulumi: the organizations-api engine never deletes and reports differences instead.',
      );
    if (opts.engine === 'pulumi')
      await runPulumi(
        mode,
        {
          ...opts,
          pulumiBackend: raw.pulumiBackend,
          pulumiVersion: raw.pulumiVersion,
          allowRemovals,
          overwriteDrift: raw.overwriteDrift ?? false,
        },
        model,
      );
    else await runOrganizationsApi(mode, opts, model);
  } catch (e) {
    if (
      e instanceof BaselineImportConflictError ||
      e instanceof PulumiPlanRefusedError ||
      e instanceof BaselineDriftError ||
      e instanceof BaselineRemovalsError ||
      e instanceof PulumiRemovalsRefusedError
    )
      throw new UsageError(e.message);
    if (
      e instanceof BaselineApplyError ||
      e instanceof PulumiRunError ||
      e instanceof PulumiPendingOperationsError
    ) {
      process.stderr.write(`aigov: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

function addCommonOptions(command: Command): Command {
  return command
    .option(
      '--org <model.yaml>',
      'the baseline: an org model file (e.g. guardrails/baseline.yaml)',
    )
    .option(
      '--endpoint <url>',
      'an AWS Organizations endpoint other than AWS, e.g. the sandbox URL (default: AWS with the default credentials)',
    )
    .option(
      '--engine <engine>',
      'organizations-api (direct; no Pulumi CLI needed) or pulumi',
      'organizations-api',
    )
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--rate <n>',
      'Organizations calls per second (default 5, the AWS quota)',
    )
    .option(
      '--pulumi-backend <url>',
      'with --engine pulumi: the state backend (default: $PULUMI_BACKEND_URL)',
    )
    .option(
      '--pulumi-version <version>',
      'with --engine pulumi: the exact Pulumi CLI version to run; another is refused (default: $PULUMI_CLI_VERSION)',
    );
}

/** Registers `aigov baseline`. */
export function registerBaselineCommand(program: Command): void {
  const baseline = program
    .command('baseline')
    .description(
      'Preview and apply the governance baseline (OUs, guardrail policies, attachments); render the guardrail packs.',
    );
  addCommonOptions(
    baseline
      .command('preview')
      .description(
        'List the changes that would bring the organization to the baseline; changes nothing.',
      ),
  ).action((opts: BaselineOptions) => run('preview', opts));
  addCommonOptions(
    baseline
      .command('apply')
      .description(
        'Make the changes and list what was done (creates and updates; removals are left in place unless allowed).',
      ),
  )
    .option(
      '--allow-removal <name>',
      'with --engine pulumi: delete this removal from AWS (policy/<name>, ou/<path>, attachment/<path>/<policy>, as the preview lists it); repeat for each. The flag is the confirmation.',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--overwrite-drift',
      'with --engine pulumi: put the baseline back on managed policies edited in AWS since the last apply',
    )
    .action((opts: BaselineOptions) => run('apply', opts));
  baseline
    .command('render')
    .description(
      'Render the guardrail packs listed in guardrails/render.yaml to the policy files the baseline references.',
    )
    .option(
      '--file <render.yaml>',
      'the render file (default: guardrails/render.yaml in the repository)',
    )
    .option(
      '--check',
      'write nothing; exit with status 1 when a rendered file is missing or out of date',
    )
    .action(renderGuardrails);
}
