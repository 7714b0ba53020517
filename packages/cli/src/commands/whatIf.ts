/**
 * `aigov what-if`: what a proposed change (a change file) would do to the effective permissions of every account
 * under the changed nodes. Exit status 2 when the change opens access (so a pipeline can gate on it), 0 otherwise,
 * 1 when the input is wrong. With --blast-radius POLICY instead of a change: where one policy reaches and what it
 * decides there (the what-if of detaching it everywhere).
 */
import fs from 'fs';
import { Command } from 'commander';
import {
  blastRadius,
  BlastRadius,
  parseChangeSet,
  PolicyEngineError,
  referencedServices,
  whatIf,
  WhatIfResult,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { exitOneOnParseErrors, UsageError } from '../runCli';
import { loadSnapshot } from './organizationInput';
import { loadIamCatalog } from './lint';

/** Exit status when the change opens access. */
export const WHAT_IF_OPENS_ACCESS = 2;
/** Exit status for wrong input (a usage error of this command). */
export const WHAT_IF_USAGE = 1;
/** Groups printed in text and markdown; JSON has them all. */
const MAX_GROUPS = 40;

/** One line: how many accounts gain and lose, on how many probes. */
export function whatIfTally(result: WhatIfResult): string {
  const part = (dir: 'gains' | 'loses') => {
    const cs = result.changes.filter(c => c.direction === dir);
    const accounts = new Set(cs.map(c => c.accountId)).size;
    const probes = result.byProbe.filter(p => p.direction === dir).length;
    const verb = dir === 'gains' ? 'gain' : 'lose';
    return accounts
      ? `${accounts} ${accounts === 1 ? 'account' : 'accounts'} ${
          accounts === 1 ? `${verb}s` : verb
        } access on ${probes} probe ${probes === 1 ? 'request' : 'requests'}`
      : `no account ${verb}s access`;
  };
  return `${part('gains')}; ${part('loses')}.`;
}

function more(result: WhatIfResult): string | undefined {
  const hidden = result.groups.length - MAX_GROUPS;
  return hidden > 0
    ? `… and ${hidden} more groups (--format json lists them all).`
    : undefined;
}

/** Human-readable output. */
export function formatWhatIfText(result: WhatIfResult): string {
  const lines: string[] = [];
  if (result.description) lines.push(`What if: ${result.description}`);
  lines.push('Changes:', ...result.applied.map(a => `  - ${a}`), '');
  lines.push(
    `Re-evaluated ${result.accountsEvaluated} of ${result.accountsInOrganization} accounts (those under a changed node) with ${result.probes} probe requests.`,
    whatIfTally(result).replace(/^./, c => c.toUpperCase()),
    '',
  );
  if (!result.groups.length) {
    lines.push('No probe request changes verdict for any account.');
  } else {
    lines.push('By probe:');
    for (const s of result.byProbe.slice(0, MAX_GROUPS))
      lines.push(`  ${s.dangerous ? '!' : '-'} ${s.sentence}`);
    if (result.byProbe.length > MAX_GROUPS)
      lines.push(
        `  … and ${
          result.byProbe.length - MAX_GROUPS
        } more probes (--format json lists them all).`,
      );
    lines.push('', 'By OU:');
    for (const g of result.groups.slice(0, MAX_GROUPS)) {
      lines.push(`  ${g.dangerous ? '!' : '-'} ${g.sentence}`);
      lines.push(
        `      ${g.accounts
          .map(a => `${a.name} (${a.id})${a.production ? ' [production]' : ''}`)
          .join(', ')}`,
      );
    }
    const tail = more(result);
    if (tail) lines.push(`  ${tail}`);
  }
  lines.push('', 'Warnings:', ...result.warnings.map(w => `  - ${w}`), '');
  lines.push(
    result.opensAccess
      ? `Verdict: the change OPENS ACCESS (exit status ${WHAT_IF_OPENS_ACCESS}).`
      : 'Verdict: the change opens no access (exit status 0).',
  );
  return `${lines.join('\n')}\n`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Markdown for a pull request comment. */
export function formatWhatIfMarkdown(result: WhatIfResult): string {
  const lines: string[] = [
    `### What-if${result.description ? `: ${md(result.description)}` : ''}`,
    '',
    result.opensAccess
      ? '**⚠️ This change opens access.**'
      : '**This change opens no access.**',
    '',
    ...result.applied.map(a => `- ${md(a)}`),
    '',
    `Re-evaluated ${result.accountsEvaluated} of ${
      result.accountsInOrganization
    } accounts with ${result.probes} probe requests: ${whatIfTally(result)}`,
    '',
  ];
  if (result.groups.length) {
    lines.push(
      '| | Change | OU | Accounts | Deciding statement (before, for a gain; after, for a loss) |',
      '|---|---|---|---|---|',
    );
    for (const g of result.groups.slice(0, MAX_GROUPS)) {
      lines.push(
        `| ${g.dangerous ? '⚠️' : ''} | ${g.direction} ${md(g.probe)} | ${md(
          g.ouName,
        )} | ${g.accounts
          .map(a => md(a.name) + (a.production ? ' (prod)' : ''))
          .join(', ')} | ${md(g.reason.text)} |`,
      );
    }
    const tail = more(result);
    if (tail) lines.push('', tail);
  } else {
    lines.push('No probe request changes verdict for any account.');
  }
  lines.push('', ...result.warnings.map(w => `> ${md(w)}`));
  return `${lines.join('\n')}\n`;
}

interface WhatIfCommandOptions {
  model?: string;
  endpoint?: string;
  change?: string;
  blastRadius?: string;
  format: string;
}

/** The blast radius as text: where the policy is attached, what it reaches, and what it prevents or allows there. */
export function formatBlastRadiusText(radius: BlastRadius): string {
  const w = radius.without;
  const lines = [
    `Blast radius of ${radius.policyName} (${radius.policyId}):`,
    radius.attachedTo.length
      ? `  attached to ${radius.attachedTo
          .map(n => `${n.name} (${n.kind === 'ou' ? 'OU' : n.kind})`)
          .join(', ')}; reaches ${radius.ous} ${
          radius.ous === 1 ? 'OU' : 'OUs'
        } and ${radius.accounts} ${
          radius.accounts === 1 ? 'account' : 'accounts'
        } at or below it.`
      : '  attached nowhere: it reaches no account.',
    '',
    `Without it (re-evaluated ${w.accountsEvaluated} accounts with ${
      w.probes
    } probe requests): ${whatIfTally(w)}`,
  ];
  if (!w.byProbe.length) {
    lines.push(
      '  No probe request changes verdict: on these probes the policy decides nothing that the others do not.',
    );
  } else {
    lines.push(
      '  (A gain is what the policy prevents today; a loss is what it allows and nothing else does.)',
    );
    for (const s of w.byProbe.slice(0, MAX_GROUPS))
      lines.push(`  ${s.direction === 'gains' ? '-' : '!'} ${s.sentence}`);
    if (w.byProbe.length > MAX_GROUPS)
      lines.push(
        `  … and ${
          w.byProbe.length - MAX_GROUPS
        } more probes (--format json lists them all).`,
      );
  }
  lines.push(
    '',
    ...w.warnings.filter(x => !/opens access/.test(x)).map(x => `  - ${x}`),
  );
  return `${lines.join('\n')}\n`;
}

function readChangeFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `Cannot read the change file ${file}: ${(e as Error).message}`,
    );
  }
}

async function run(opts: WhatIfCommandOptions, extra: string[]) {
  if (extra.length)
    throw new UsageError(
      `what-if takes no argument or option ${extra.join(
        ' ',
      )}; give --model ORG.yaml --change CHANGE.yaml [--format text|json|markdown], or --blast-radius POLICY instead of --change.`,
    );
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(
      `--format takes text, json or markdown (got "${opts.format}").`,
    );
  if (!opts.change && !opts.blastRadius)
    throw new UsageError(
      'Give the proposed change with --change CHANGE.yaml (format: docs/what-if.md), or a policy with --blast-radius POLICY.',
    );
  if (opts.change && opts.blastRadius)
    throw new UsageError(
      'Give either --change or --blast-radius, not both: the blast radius is the what-if of detaching one policy everywhere.',
    );
  if (opts.blastRadius && opts.format === 'markdown')
    throw new UsageError('--blast-radius prints text or json.');
  if (!opts.model && !opts.endpoint)
    throw new UsageError(
      'Give the organization with --model ORG.yaml (or --endpoint URL).',
    );
  const changeSet = opts.change
    ? parseChangeSet(readChangeFile(opts.change))
    : undefined;
  const snapshot = await loadSnapshot({
    org: opts.model,
    endpoint: opts.endpoint,
  });
  // Which actions take no resource, for every service the policies and the change name.
  const catalog = await loadIamCatalog();
  await catalog.ensureServices(
    referencedServices(
      [
        ...snapshot.policies.map(p => p.content),
        JSON.stringify(changeSet ?? {}),
      ].join('\n'),
    ),
  );
  const options = { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
  if (!changeSet) {
    // The blast radius informs; it gates nothing, so it exits 0 whatever the policy prevents.
    const radius = blastRadius(snapshot, opts.blastRadius!, options);
    process.stdout.write(
      opts.format === 'json'
        ? `${JSON.stringify(radius, null, 2)}\n`
        : formatBlastRadiusText(radius),
    );
    return;
  }
  const result = whatIf(snapshot, changeSet, options);
  let out: string;
  if (opts.format === 'json') out = `${JSON.stringify(result, null, 2)}\n`;
  else if (opts.format === 'markdown') out = formatWhatIfMarkdown(result);
  else out = formatWhatIfText(result);
  process.stdout.write(out);
  process.exitCode = result.opensAccess ? WHAT_IF_OPENS_ACCESS : 0;
}

/** Registers `aigov what-if`. */
export function registerWhatIfCommand(program: Command): void {
  const command = program.command('what-if');
  exitOneOnParseErrors(command);
  command
    .description(
      'Show which accounts gain or lose which requests if a change (attach, detach, edit, create, delete a policy, move an account, ...) were applied; exit status 2 when it opens access.',
    )
    .option('--model <org.yaml>', 'org model file')
    .option(
      '--endpoint <url>',
      'read a live organization from this AWS Organizations endpoint instead of --model',
    )
    .option('--change <change.yaml>', 'the proposed change set (YAML or JSON)')
    .option(
      '--blast-radius <policy>',
      'instead of --change: where one policy (name or id) is attached, the OUs and accounts it reaches, and what they would gain or lose without it (exit status 0)',
    )
    .option('--format <format>', 'text, json or markdown', 'text')
    .argument('[extra...]')
    .allowUnknownOption(true)
    .action(async (extra: string[], opts: WhatIfCommandOptions) => {
      try {
        await run(opts, extra);
      } catch (e) {
        // Wrong input exits 1 here, not 2 as elsewhere: 2 means "opens access" to a pipeline.
        if (e instanceof UsageError || e instanceof PolicyEngineError) {
          process.stderr.write(`aigov: ${e.message}\n`);
          process.exitCode = WHAT_IF_USAGE;
          return;
        }
        throw e;
      }
    });
}
