/**
 * `aigov baseline preview|apply --engine pulumi`: runs the baseline as a Pulumi program (state in the given backend),
 * with removals left in place unless allowed and drift refused unless overwritten; Pulumi's log goes to stderr. The
 * preview also shows the baseline's effect on every account's access and the AI posture it leaves, as the
 * organizations-api engine's preview does.
 */
import path from 'path';
import {
  OrgModel,
  OrgSnapshot,
  planBaseline,
  PostureReport,
  WhatIfPreview,
} from '@internal/plugin-ai-governance-common';
import {
  buildPulumiEnvironment,
  createLocalWorkspaceBoundary,
  isPulumiCliAvailable,
  runBaselineWithPulumi,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../../runCli';
import { CheckedOptions, clientFor, readLive } from './inputs';
import { output } from './output';
import { baselinePlanPosture, postureLines } from './posture';
import { baselinePlanWhatIf, whatIfLines } from './whatIf';

type LoggerService = Parameters<typeof runBaselineWithPulumi>[0]['logger'];

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

/**
 * What applying the baseline would do to every account's access and to the AI posture: the baseline planned against
 * the live organization as the organizations-api engine plans it (its creates, updates and attachments; Pulumi's
 * plan names the same resources), then the what-if and the posture check of the result. A preview allows no removal:
 * resources the baseline no longer has are left in place, so they change nothing here either.
 */
export async function pulumiPreviewEffect(
  live: OrgSnapshot,
  model: OrgModel,
  baselineName: string,
): Promise<{
  lines: string[];
  whatIf: WhatIfPreview | undefined;
  posture: PostureReport;
}> {
  const plan = planBaseline(live, model);
  const whatIf = await baselinePlanWhatIf(live, plan, baselineName);
  const posture = await baselinePlanPosture(live, plan, baselineName);
  return {
    lines: [...(whatIf ? whatIfLines(whatIf) : []), ...postureLines(posture)],
    whatIf,
    posture,
  };
}

export async function runPulumi(
  mode: 'preview' | 'apply',
  opts: CheckedOptions & {
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
  const effect =
    mode === 'preview'
      ? await pulumiPreviewEffect(live, model, name)
      : undefined;
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
  }\n${[...extra, ...hints, ...(effect?.lines ?? [])]
    .map(l => `${l}\n`)
    .join('')}`;
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
    ...(effect
      ? { whatIf: effect.whatIf ?? null, posture: effect.posture }
      : {}),
  });
}
