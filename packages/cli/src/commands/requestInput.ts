/**
 * The request a policy question (simulate, who-can) is about: `--action`, `--resource`, `--context`,
 * `--principal-arn`, and `--format`; the evaluator's options from the iam-data catalog; and the policy engine's input
 * errors shown as usage errors.
 */
import { Command } from 'commander';
import {
  EvaluateOptions,
  PolicyEngineError,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
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

/** The request options as the commands receive them. */
export interface RequestOptions {
  action?: string;
  resource?: string;
  context: string[];
  principalArn?: string;
}

/**
 * Adds `--action`, `--resource`, `--context` and `--principal-arn`; the context and principal help differ between
 * the commands (who-can puts each account's id into the principal).
 */
export function addRequestOptions(
  command: Command,
  help: { context: string; principalArn: string },
): Command {
  return command
    .option('--action <action>', 'the action, e.g. bedrock:InvokeModel')
    .option('--resource <arn>', 'the resource ARN (default *)')
    .option('--context <key=value>', help.context, collectContext, [])
    .option('--principal-arn <arn>', help.principalArn);
}

/** `--action`, which every policy question needs. */
export function requireAction(opts: RequestOptions): string {
  if (!opts.action)
    throw new UsageError(
      'Give the action with --action, e.g. --action bedrock:InvokeModel.',
    );
  return opts.action;
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

/** Runs a policy engine call, turning its input errors into usage errors. */
export function withPolicyEngineErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PolicyEngineError) throw new UsageError(e.message);
    throw e;
  }
}
