/**
 * Where a command reads the organization: an org model file (`--org MODEL.yaml`) or a live AWS Organizations endpoint
 * (`--endpoint URL`, with `--rate` and `--verbose`). Parses those options, builds the Organizations client with the
 * product's retry policy, and reads the organization into a snapshot.
 */
import { Command } from 'commander';
import {
  compileOrgModel,
  OrgModelError,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { loadOrgModelFile } from '@internal/organizations-sandbox';
import {
  crawlOrganization,
  createOrganizationsClient,
  type CrawlStats,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../runCli';

/** `--endpoint`: a URL, without its trailing slash. */
export function parseEndpoint(raw: string): string {
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new UsageError(
      `--endpoint takes a URL such as http://127.0.0.1:4566 (got "${raw}").`,
    );
  }
}

/** `--rate`: Organizations calls per second; default 5, the AWS quota. */
export function parseRate(raw: string | undefined): number {
  const rate = raw === undefined ? 5 : Number(raw);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new UsageError(
      `--rate takes a positive number of calls per second (got "${raw}").`,
    );
  }
  return rate;
}

/**
 * An Organizations client at the endpoint (AWS when undefined) within the rate, with the product's retry policy
 * (throttling, ConcurrentModificationException, transient errors: full-jitter backoff within a time budget), as in
 * the backend's inventory. `organizationKey` names the organization for the client's shared rate limiter.
 */
export function organizationsClientFor(
  endpoint: string | undefined,
  rate: number,
  organizationKey: string,
) {
  return createOrganizationsClient({
    endpoint,
    rateLimit: { requestsPerSecond: rate, burst: Math.max(1, Math.ceil(rate)) },
    organizationKey,
  });
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

/** The options {@link loadSnapshot} reads. */
export interface OrganizationOptions {
  org?: string;
  endpoint?: string;
  rate?: string;
  verbose?: boolean;
}

/** Adds `--org`, `--endpoint`, `--rate` and `--verbose` as the policy questions (simulate, who-can) take them. */
export function addOrganizationOptions(command: Command): Command {
  return command
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
    );
}

/**
 * The org snapshot to evaluate against: compiled from `--org MODEL.yaml`, or crawled from a live Organizations
 * endpoint with `--endpoint URL` (e.g. the one `aigov sandbox` prints).
 */
export async function loadSnapshot(
  opts: OrganizationOptions,
): Promise<OrgSnapshot> {
  if (opts.org && opts.endpoint) {
    throw new UsageError(
      'Give either --org MODEL.yaml or --endpoint URL, not both.',
    );
  }
  if (opts.endpoint) {
    const endpoint = parseEndpoint(opts.endpoint);
    const rate = parseRate(opts.rate);
    try {
      const client = organizationsClientFor(
        endpoint,
        rate,
        `aigov-cli|${endpoint}|${rate}`,
      );
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
