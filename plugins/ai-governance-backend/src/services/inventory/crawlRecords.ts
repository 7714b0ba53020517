/**
 * What a crawl or touched-node refresh leaves for GET /status: the figures of one that stored a snapshot, or the
 * failure of one that did not, and the log line that explains it.
 */
import type { CrawlFailure } from '@internal/plugin-ai-governance-common';
import {
  failedOrganizationsOperation,
  type CrawlStats,
  type OrganizationsCallStats,
} from '@internal/plugin-ai-governance-node';
import type { CrawlRecord } from '../../database/SnapshotStore';
import { errorMessage } from './inventorySettings';

export type CrawlTrigger = CrawlRecord['trigger'];

/** Where a failed crawl or refresh was. */
export interface FailureContext {
  startedAt: string;
  /** `performance.now()` at its start. */
  started: number;
  trigger: CrawlTrigger;
  calls: OrganizationsCallStats;
  /** What failed, for the log: "Organization crawl", say. */
  what: string;
}

/** The figures of a crawl or refresh that stored a snapshot. */
export function crawlRecord(
  startedAt: string,
  trigger: CrawlTrigger,
  stats: CrawlStats,
  complete: boolean,
): CrawlRecord {
  return {
    startedAt,
    durationMs: stats.durationMs,
    calls: stats.calls,
    lowerBound: stats.lowerBound,
    throttles: stats.throttles,
    retries: stats.retries,
    retriesByReason: stats.retriesByReason,
    errors: stats.warnings,
    trigger,
    complete,
  };
}

/** The failure GET /status shows as `lastFailure`. */
export function crawlFailure(
  error: unknown,
  context: FailureContext,
): CrawlFailure {
  const { startedAt, started, trigger, calls } = context;
  const operation = failedOrganizationsOperation(error);
  const failure: CrawlFailure = {
    failedAt: new Date().toISOString(),
    startedAt,
    trigger,
    error: errorMessage(error),
    durationMs: Math.round(performance.now() - started),
    calls: calls.calls,
    throttles: calls.throttles,
    retries: calls.retries,
  };
  if (operation) failure.operation = operation;
  return failure;
}

/** The log line of a failure. */
export function describeFailure(what: string, failure: CrawlFailure): string {
  return `${what} (${failure.trigger}) failed${
    failure.operation ? ` at Organizations ${failure.operation}` : ''
  } after ${failure.calls} calls (${failure.throttles} throttled, ${
    failure.retries
  } retries) and ${failure.durationMs} ms: ${
    failure.error
  }. The previous snapshot stays served; GET /status shows this failure.`;
}
