import { AsyncLocalStorage } from 'node:async_hooks';
import type { RetryReason } from './retry';

/**
 * Counters of the Organizations calls made inside one piece of work (a crawl, a refresh, a scaffolder step).
 * @public
 */
export interface OrganizationsCallStats {
  /** Operations asked for (one per `client.send`, whatever its retries). */
  operations: number;
  /** HTTP requests sent, retries included. */
  calls: number;
  /** Requests answered with a throttling error. */
  throttles: number;
  /** Requests sent again after a throttling, transient or ConcurrentModificationException error. */
  retries: number;
  /** Those retries by why they were needed. */
  retriesByReason: Partial<Record<RetryReason, number>>;
  /** Operations that failed with a retryable error after their attempts or time budget ran out. */
  exhausted: number;
  /** ConcurrentModificationException answers. */
  concurrentModifications: number;
  /** Calls per operation name, e.g. `ListAccountsForParent`. */
  byOperation: Record<string, number>;
}

/** @public */
export function emptyCallStats(): OrganizationsCallStats {
  return {
    operations: 0,
    calls: 0,
    throttles: 0,
    retries: 0,
    retriesByReason: {},
    exhausted: 0,
    concurrentModifications: 0,
    byOperation: {},
  };
}

const storage = new AsyncLocalStorage<OrganizationsCallStats[]>();

/**
 * Runs `fn` and counts every Organizations call made inside it (through a client from `createOrganizationsClient`),
 * including calls made concurrently by other work. Nested scopes each see their own calls.
 * @public
 */
export async function withCallStats<T>(
  fn: () => Promise<T>,
  stats: OrganizationsCallStats = emptyCallStats(),
): Promise<{ result: T; stats: OrganizationsCallStats }> {
  const outer = storage.getStore() ?? [];
  const result = await storage.run([...outer, stats], fn);
  return { result, stats };
}

/** @internal */
export function recordCall(update: (stats: OrganizationsCallStats) => void) {
  const scopes = storage.getStore();
  if (scopes) {
    for (const s of scopes) {
      update(s);
    }
  }
}
