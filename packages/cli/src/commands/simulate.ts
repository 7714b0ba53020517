/**
 * `aigov simulate`: decides one request for an account (or a new account in an OU) against the org's SCPs and RCPs,
 * level by level, and explains the answer.
 */
import { Command } from 'commander';
import {
  compileOrgModel,
  EvaluateOptions,
  LevelResult,
  OrgModelError,
  OrgSnapshot,
  PolicyEngineError,
  simulate,
  SimulationResult,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadOrgModelFile } from '@internal/organizations-sandbox';
import {
  crawlOrganization,
  createOrganizationsClient,
  type CrawlStats,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../runCli';
import { loadIamCatalog } from './lint';

/** Collects repeated `--context KEY=VALUE` options; a key given twice becomes multi-valued. */
export function collectContext(
  value: string,
  previous: string[] = [],
): string[] {
  return [...previous, value];
}

/** Turns `KEY=VALUE` strings into a request context. */
export function parseContext(
  pairs: string[],
): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(
        `--context takes KEY=VALUE, e.g. --context aws:RequestedRegion=eu-west-1 (got "${pair}").`,
      );
    }
    const key = pair.slice(0, eq).trim();
    if (!/^[A-Za-z0-9-]+:\S+$/.test(key)) {
      throw new UsageError(
        `"${key}" is not a condition key: write service:key, e.g. aws:PrincipalTag/team=ml.`,
      );
    }
    const value = pair.slice(eq + 1);
    // Keys are case-insensitive: merge keys that differ only in case.
    const existing =
      Object.keys(context).find(k => k.toLowerCase() === key.toLowerCase()) ??
      key;
    const prev = context[existing];
    context[existing] =
      prev === undefined
        ? value
        : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return context;
}

/** One line for `--verbose`: what reading the organization cost. */
export function describeCrawl(stats: CrawlStats): string {
  const reasons = Object.entries(stats.retriesByReason)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return `aigov: read the organization in ${stats.calls} calls (${
    stats.operations
  } operations, lower bound ${stats.lowerBound}), ${
    stats.throttles
  } throttled, ${stats.retries} retries${reasons ? ` (${reasons})` : ''}, ${
    stats.passes
  } ${stats.passes === 1 ? 'pass' : 'passes'}, ${(
    stats.durationMs / 1000
  ).toFixed(1)} s\n`;
}

/**
 * The org snapshot to evaluate against: compiled from `--org MODEL.yaml`, or crawled from a live Organizations
 * endpoint with `--endpoint URL` (e.g. the one `aigov sandbox` prints).
 */
export async function loadSnapshot(opts: {
  org?: string;
  endpoint?: string;
  rate?: string;
  verbose?: boolean;
}): Promise<OrgSnapshot> {
  if (opts.org && opts.endpoint) {
    throw new UsageError(
      'Give either --org MODEL.yaml or --endpoint URL, not both.',
    );
  }
  if (opts.endpoint) {
    let url: URL;
    try {
      url = new URL(opts.endpoint);
    } catch {
      throw new UsageError(
        `--endpoint takes a URL such as http://127.0.0.1:4566 (got "${opts.endpoint}").`,
      );
    }
    const rate = opts.rate === undefined ? 5 : Number(opts.rate);
    if (!Number.isFinite(rate) || rate <= 0) {
      throw new UsageError(
        `--rate takes a positive number of calls per second (got "${opts.rate}").`,
      );
    }
    try {
      // The product's retry policy (throttling, ConcurrentModificationException, transient errors: full-jitter
      // backoff within a time budget), as in the backend's inventory.
      const client = createOrganizationsClient({
        endpoint: url.toString().replace(/\/$/, ''),
        rateLimit: {
          requestsPerSecond: rate,
          burst: Math.max(1, Math.ceil(rate)),
        },
        organizationKey: `aigov-cli|${url}|${rate}`,
      });
      const { snapshot, stats, complete } = await crawlOrganization(client, {
        maxPasses: 2,
      });
      if (opts.verbose) process.stderr.write(describeCrawl(stats));
      if (!complete) {
        process.stderr.write(
          `aigov: warning: the organization changed while it was read; the snapshot is incomplete (${stats.warnings.join(
            '; ',
          )})\n`,
        );
      }
      return snapshot;
    } catch (e) {
      throw new UsageError(
        `Cannot read the organization at ${opts.endpoint}: ${
          e instanceof Error ? e.message : String(e)
        }. Is the endpoint running (aigov sandbox)?`,
      );
    }
  }
  if (!opts.org) {
    throw new UsageError(
      'Give the organization with --org MODEL.yaml (the org model file format of `aigov sandbox`) or --endpoint URL.',
    );
  }
  try {
    return compileOrgModel(loadOrgModelFile(opts.org));
  } catch (e) {
    if (e instanceof OrgModelError)
      throw new UsageError(`${e.message}\nFix the org model file.`);
    throw e;
  }
}

export function checkFormat(format: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format takes text or json (got "${format}").`);
  return format;
}

/** Evaluator options from the iam-data catalog: which actions take no resource. */
export async function evaluateOptions(
  action: string,
): Promise<EvaluateOptions> {
  const catalog = await loadIamCatalog();
  await catalog.ensureServices([action.split(':')[0]]);
  return { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
}

/** Runs an engine call, turning its input errors into usage errors. */
export function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PolicyEngineError) throw new UsageError(e.message);
    throw e;
  }
}

function statementLabel(level: LevelResult): string {
  if (level.deciding.length === 0) {
    return level.decision === 'ImplicitDeny'
      ? 'no attached policy allows it'
      : '';
  }
  const d = level.deciding[0];
  const which = d.sid ? `"${d.sid}"` : `statement ${d.statementIndex}`;
  const more =
    level.deciding.length > 1 ? ` (+${level.deciding.length - 1} more)` : '';
  return `${d.policyName} ${which} (line ${d.line}:${d.column})${more}`;
}

/** Human-readable output of a simulation. */
export function formatSimulation(
  result: SimulationResult,
  header: string,
): string {
  const lines = [`${result.decision.padEnd(12)} ${header}`, ''];
  const kind = (l: LevelResult) =>
    l.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
  const width = Math.max(
    4,
    ...result.levels.map(l => l.node.name.length + l.node.id.length + 3),
  );
  for (const l of result.levels) {
    const node = `${l.node.name} (${l.node.id})`;
    lines.push(
      `  ${kind(l)}  ${node.padEnd(width)}  ${l.decision.padEnd(
        12,
      )}  ${statementLabel(l)}`,
    );
  }
  for (const e of result.exemptions ?? []) lines.push(`  exempt: ${e}`);
  lines.push('', result.explanation);
  return `${lines.join('\n')}\n`;
}

interface SimulateCommandOptions {
  org?: string;
  endpoint?: string;
  rate?: string;
  verbose?: boolean;
  account?: string;
  action?: string;
  resource?: string;
  context: string[];
  principalArn?: string;
  format: string;
  expect?: string;
}

/** Registers `aigov simulate`. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Decide a request against the SCPs and RCPs of an organization, level by level from the root to the account, ' +
        'and show the deciding statements. An OU as --account means a new account placed directly in it.',
    )
    .option('--org <model.yaml>', 'org model file')
    .option(
      '--endpoint <url>',
      'read a live organization from this AWS Organizations endpoint instead of --org',
    )
    .option(
      '--rate <n>',
      'with --endpoint: Organizations calls per second (default 5, the AWS quota)',
    )
    .option(
      '--verbose',
      'with --endpoint: print the calls, throttles and retries reading the organization took (to stderr)',
    )
    .option('--account <nameOrId>', 'account name or id (or an OU name or id)')
    .option('--action <action>', 'the action, e.g. bedrock:InvokeModel')
    .option('--resource <arn>', 'the resource ARN (default *)')
    .option(
      '--context <key=value>',
      'request context; repeat it; a key given twice is multi-valued; aws:PrincipalArn names the principal',
      collectContext,
      [],
    )
    .option(
      '--principal-arn <arn>',
      'the principal (default: a role in the account); same as --context aws:PrincipalArn=...',
    )
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--expect <decision>',
      'exit with status 1 unless the decision is this one (allowed, denied, Allowed, ExplicitDeny, ImplicitDeny)',
    )
    .action(async (opts: SimulateCommandOptions) => {
      const format = checkFormat(opts.format);
      if (!opts.account)
        throw new UsageError(
          'Give the account with --account NAME_OR_ID (an OU name or id works too).',
        );
      if (!opts.action)
        throw new UsageError(
          'Give the action with --action, e.g. --action bedrock:InvokeModel.',
        );
      const expect = opts.expect?.toLowerCase();
      if (
        expect &&
        !['allowed', 'denied', 'explicitdeny', 'implicitdeny'].includes(expect)
      ) {
        throw new UsageError(
          `--expect takes allowed, denied, ExplicitDeny or ImplicitDeny (got "${opts.expect}").`,
        );
      }
      const context = parseContext(opts.context);
      const snapshot = await loadSnapshot(opts);
      const request = {
        target: opts.account,
        action: opts.action,
        resource: opts.resource,
        context,
        principalArn: opts.principalArn,
      };
      const options = await evaluateOptions(opts.action);
      const result = engine(() => simulate(snapshot, request, options));
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify(
            {
              request: { ...request, resource: request.resource ?? '*' },
              ...result,
            },
            null,
            2,
          )}\n`,
        );
      } else {
        process.stdout.write(
          formatSimulation(
            result,
            `${opts.action} on ${opts.resource ?? '*'} for ${opts.account}`,
          ),
        );
      }
      if (expect) {
        const ok =
          expect === 'denied'
            ? result.decision !== 'Allowed'
            : result.decision.toLowerCase() === expect;
        if (!ok) {
          process.stderr.write(
            `aigov: expected ${opts.expect}, got ${result.decision}\n`,
          );
          process.exitCode = 1;
        }
      }
    });
}
