/**
 * `aigov baseline`: the governance baseline (an org model file with the guardrail packs attached) compared with an
 * organization, and applied to it. `preview` lists the changes and changes nothing; `apply` makes them and lists
 * what it did; `render` writes the packs' policy documents that the baseline file references.
 */
import path from 'path';
import { Command } from 'commander';
import {
  BaselineChange,
  GuardrailPackError,
  OrgModel,
  OrgModelError,
  OrgSnapshot,
  planBaseline,
} from '@internal/plugin-ai-governance-common';
import {
  BaselineApplyError,
  BaselineDriftError,
  BaselineImportConflictError,
  BaselineRemovalsError,
  PulumiPendingOperationsError,
  PulumiPlanRefusedError,
  PulumiRemovalsRefusedError,
  PulumiRunError,
  applyBaseline,
  buildPulumiEnvironment,
  crawlOrganization,
  createLocalWorkspaceBoundary,
  createOrganizationsClient,
  findGuardrailsDir,
  isPulumiCliAvailable,
  loadBaselineModel,
  runBaselineWithPulumi,
  writeRenderedGuardrails,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../runCli';

type OrganizationsClient = ReturnType<typeof createOrganizationsClient>;
type LoggerService = Parameters<typeof runBaselineWithPulumi>[0]['logger'];

type Engine = 'organizations-api' | 'pulumi';
type Format = 'text' | 'json';

interface BaselineOptions {
  org?: string;
  endpoint?: string;
  engine: string;
  format: string;
  rate?: string;
  pulumiBackend?: string;
  pulumiVersion?: string;
  allowRemoval?: string[];
  overwriteDrift?: boolean;
}

const SYMBOL: Record<BaselineChange['action'], string> = {
  'enable-policy-type': '+',
  'create-policy': '+',
  'update-policy': '~',
  'create-ou': '+',
  'attach-policy': '+',
  report: '!',
};

/** One line for a change, as people read it. */
export function describeChange(change: BaselineChange): string {
  switch (change.action) {
    case 'enable-policy-type':
      return `enable policy type ${change.policyType} on the root`;
    case 'create-policy':
      return `create ${change.policyType} ${change.policyName}`;
    case 'update-policy':
      return `update ${change.policyName} to the baseline's document`;
    case 'create-ou':
      return `create OU ${change.path}`;
    case 'attach-policy':
      return `attach ${change.policyName} to ${change.path}`;
    default:
      return change.message.replace(/ Not changed:.*$/, '');
  }
}

function checkOptions(opts: BaselineOptions): {
  engine: Engine;
  format: Format;
  org: string;
  endpoint?: string;
  rate: number;
} {
  if (!opts.org) {
    throw new UsageError(
      'Give the baseline with --org MODEL.yaml, e.g. --org guardrails/baseline.yaml.',
    );
  }
  if (opts.engine !== 'organizations-api' && opts.engine !== 'pulumi') {
    throw new UsageError(
      `--engine takes organizations-api or pulumi (got "${opts.engine}").`,
    );
  }
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError(`--format takes text or json (got "${opts.format}").`);
  }
  let endpoint: string | undefined;
  if (opts.endpoint !== undefined) {
    try {
      endpoint = new URL(opts.endpoint).toString().replace(/\/$/, '');
    } catch {
      throw new UsageError(
        `--endpoint takes a URL such as http://127.0.0.1:4566 (got "${opts.endpoint}").`,
      );
    }
  }
  const rate = opts.rate === undefined ? 5 : Number(opts.rate);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new UsageError(
      `--rate takes a positive number of calls per second (got "${opts.rate}").`,
    );
  }
  return {
    engine: opts.engine,
    format: opts.format,
    org: opts.org,
    endpoint,
    rate,
  };
}

function loadModel(file: string): OrgModel {
  try {
    return loadBaselineModel(file);
  } catch (e) {
    if (e instanceof OrgModelError)
      throw new UsageError(`${e.message}\nFix the baseline file.`);
    throw e;
  }
}

function clientFor(
  endpoint: string | undefined,
  rate: number,
): OrganizationsClient {
  return createOrganizationsClient({
    endpoint,
    rateLimit: { requestsPerSecond: rate, burst: Math.max(1, Math.ceil(rate)) },
    organizationKey: `aigov-baseline|${endpoint ?? 'aws'}|${rate}`,
  });
}

async function readLive(
  client: OrganizationsClient,
  endpoint: string | undefined,
): Promise<OrgSnapshot> {
  try {
    return (await crawlOrganization(client, { maxPasses: 2 })).snapshot;
  } catch (e) {
    const where = endpoint ?? 'AWS (the default credentials)';
    throw new UsageError(
      `Cannot read the organization at ${where}: ${
        e instanceof Error ? e.message : String(e)
      }. ${
        endpoint
          ? 'Is the endpoint running (yarn aigov sandbox)?'
          : 'Check the AWS credentials of the management account.'
      }`,
    );
  }
}

/** Logs Pulumi's output to stderr, so stdout keeps only the result. */
function stderrLogger(): LoggerService {
  const write = (level: string) => (message: string) => {
    process.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`);
  };
  const logger: LoggerService = {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

function output(format: Format, text: string, json: unknown) {
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : text,
  );
}

function changeLines(changes: BaselineChange[]): string[] {
  return changes.map(c => `  ${SYMBOL[c.action]} ${describeChange(c)}`);
}

async function runOrganizationsApi(
  mode: 'preview' | 'apply',
  opts: ReturnType<typeof checkOptions>,
  model: OrgModel,
) {
  const client = clientFor(opts.endpoint, opts.rate);
  const live = await readLive(client, opts.endpoint);
  const plan = planBaseline(live, model);
  const changes = plan.filter(c => c.action !== 'report');
  const reported = plan.filter(c => c.action === 'report');
  const where = opts.endpoint ?? 'AWS';
  const name = model.metadata?.name ?? path.basename(opts.org);
  const reportText = reported.length
    ? [
        '',
        `Differences left alone (the engine never deletes, detaches or moves):`,
        ...changeLines(reported),
      ]
    : [];

  if (mode === 'preview') {
    const lines =
      changes.length === 0
        ? [
            `The organization at ${where} matches baseline ${name}: nothing to change.`,
          ]
        : [
            `Baseline ${name} against ${where}: ${changes.length} change${
              changes.length === 1 ? '' : 's'
            } to make.`,
            ...changeLines(changes),
          ];
    lines.push(...reportText);
    if (changes.length > 0)
      lines.push(
        '',
        'Preview only: nothing was changed. Run `yarn aigov baseline apply` with the same options to make these changes.',
      );
    output(opts.format, `${lines.join('\n')}\n`, {
      mode: 'preview',
      engine: 'organizations-api',
      baseline: name,
      endpoint: opts.endpoint ?? null,
      changes,
      reported,
    });
    return;
  }

  let result;
  try {
    result = await applyBaseline(client, model, {
      readSnapshot: async () => live,
    });
  } catch (e) {
    if (e instanceof BaselineApplyError) {
      const done = e.applied.length
        ? ['Made before the error:', ...changeLines(e.applied)]
        : ['Nothing was changed.'];
      process.stderr.write(`${done.join('\n')}\n`);
    }
    throw e;
  }
  const lines =
    result.applied.length === 0
      ? [
          `Nothing to do: the organization at ${where} already matches baseline ${name}.`,
        ]
      : [
          `Applied baseline ${name} to ${where}: ${
            result.applied.length
          } change${result.applied.length === 1 ? '' : 's'} made.`,
          ...changeLines(result.applied).map((l, i) =>
            result.applied[i].id ? `${l} (${result.applied[i].id})` : l,
          ),
        ];
  lines.push(...reportText);
  output(opts.format, `${lines.join('\n')}\n`, {
    mode: 'apply',
    engine: 'organizations-api',
    baseline: name,
    endpoint: opts.endpoint ?? null,
    applied: result.applied,
    reported: result.reported,
  });
}

async function runPulumi(
  mode: 'preview' | 'apply',
  opts: ReturnType<typeof checkOptions> & {
    pulumiBackend?: string;
    pulumiVersion?: string;
    allowRemovals: string[];
    overwriteDrift: boolean;
  },
  model: OrgModel,
) {
  if (!isPulumiCliAvailable(undefined)) {
    throw new UsageError(
      'The pulumi engine needs the Pulumi CLI on PATH (https://www.pulumi.com/docs/install/). Install it, or use --engine organizations-api.',
    );
  }
  const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE;
  const backendUrl = opts.pulumiBackend ?? process.env.PULUMI_BACKEND_URL;
  if (!backendUrl) {
    throw new UsageError(
      'Give the Pulumi state backend with --pulumi-backend URL (e.g. file://./.pulumi-state or s3://bucket/prefix), or set PULUMI_BACKEND_URL.',
    );
  }
  if (passphrase === undefined && !process.env.PULUMI_ACCESS_TOKEN) {
    throw new UsageError(
      "Set PULUMI_CONFIG_PASSPHRASE (the passphrase that encrypts the stack's secrets) before running the pulumi engine.",
    );
  }
  const client = clientFor(opts.endpoint, opts.rate);
  const live = await readLive(client, opts.endpoint);
  const settings = {
    passphrase,
    accessToken: process.env.PULUMI_ACCESS_TOKEN,
    envAllowList: [] as string[],
  };
  const { env, secrets } = buildPulumiEnvironment(settings, process.env);
  const boundary = createLocalWorkspaceBoundary({
    settings: {
      backendUrl,
      version: opts.pulumiVersion ?? process.env.PULUMI_CLI_VERSION,
      secretsProvider:
        process.env.PULUMI_SECRETS_PROVIDER ??
        (passphrase !== undefined ? 'passphrase' : 'default'),
      passphrase,
      accessToken: settings.accessToken,
      projectName: 'ai-governance-baseline',
      envAllowList: [],
    },
    env,
  });
  const result = await runBaselineWithPulumi({
    boundary,
    model,
    live,
    mode: mode === 'apply' ? 'up' : 'preview',
    logger: stderrLogger(),
    secrets,
    allowRemovals: opts.allowRemovals,
    overwriteDrift: opts.overwriteDrift,
    provider: opts.endpoint
      ? {
          region: 'us-east-1',
          endpoint: opts.endpoint,
          accessKeyId: 'sandbox',
          secretAccessKey: 'sandbox',
        }
      : { region: 'us-east-1' },
  });
  const name = model.metadata?.name ?? path.basename(opts.org);
  const steps = result.steps
    .filter(s => !(s.op === 'delete' && s.retained))
    .map(
      s =>
        `  ${s.op === 'delete' ? 'delete (removal allowed)' : s.op} ${s.name}`,
    );
  const extra: string[] = [];
  for (const r of result.removals.filter(x => !x.allowed)) {
    extra.push(`  ! no longer managed, left in place: ${r.name}`);
  }
  for (const d of result.drift) {
    extra.push(
      `  ! changed in AWS since the last apply${
        opts.overwriteDrift ? ' (overwritten)' : ''
      }: ${d.policyName}`,
      ...d.diff.map(l => `    ${l}`),
    );
  }
  for (const e of result.edits) {
    extra.push(
      `  ~ policy edit: ${e.policyName}`,
      ...e.diff.map(l => `    ${l}`),
    );
  }
  const hints: string[] = [];
  if (mode === 'preview' && result.removals.some(r => !r.allowed)) {
    hints.push(
      'To delete a removal from AWS instead of leaving it in place, apply with --allow-removal <name> (one per removal).',
    );
  }
  if (mode === 'preview' && result.drift.length && !opts.overwriteDrift) {
    hints.push(
      'An apply refuses while there is drift: put the AWS change into the baseline, or apply with --overwrite-drift.',
    );
  }
  const text = `${
    steps.length === 0
      ? `${mode === 'apply' ? 'Nothing to do' : 'Nothing to change'}: stack ${
          result.stackName
        } matches baseline ${name}.`
      : `${
          mode === 'apply' ? 'Applied' : 'Would apply'
        } baseline ${name} with Pulumi (stack ${result.stackName}): ${
          steps.length
        } step${steps.length === 1 ? '' : 's'}.\n${steps.join('\n')}`
  }\n${[...extra, ...hints].map(l => `${l}\n`).join('')}`;
  output(opts.format, text, {
    mode,
    engine: 'pulumi',
    baseline: name,
    stack: result.stackName,
    steps: result.steps,
    changeSummary: result.changeSummary,
    removals: result.removals,
    drift: result.drift,
    edits: result.edits,
  });
}

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
    .action((opts: { file?: string; check?: boolean }) => {
      let file = opts.file;
      try {
        file ??= path.join(findGuardrailsDir(process.cwd()), 'render.yaml');
        const changed = writeRenderedGuardrails(file, { check: opts.check });
        const rel = (f: string) =>
          path.join(
            path.relative(process.cwd(), path.dirname(file!)) || '.',
            f,
          );
        if (opts.check) {
          if (changed.length) {
            process.stdout.write(
              `Out of date (run \`yarn aigov baseline render\`):\n${changed
                .map(f => `  ${rel(f)}`)
                .join('\n')}\n`,
            );
            process.exitCode = 1;
          } else
            process.stdout.write('The rendered guardrails are up to date.\n');
        } else {
          process.stdout.write(
            changed.length
              ? `Wrote:\n${changed.map(f => `  ${rel(f)}`).join('\n')}\n`
              : 'The rendered guardrails are up to date: nothing written.\n',
          );
        }
      } catch (e) {
        if (e instanceof GuardrailPackError) throw new UsageError(e.message);
        throw e;
      }
    });
}
