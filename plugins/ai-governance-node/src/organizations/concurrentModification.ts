/**
 * AWS Organizations answers ConcurrentModificationException when another change to the organization is in progress.
 * The request was not applied, so asking again after a pause is safe. The SDK does not retry it (it is neither a
 * throttling nor a transient error), so the product does: a bounded number of times, with exponential backoff and
 * full jitter.
 */

/** @public */
export interface ConcurrentModificationRetryOptions {
  /** Attempts in total, the first included. Default 6. */
  maxAttempts?: number;
  /** First backoff ceiling in milliseconds; doubles each attempt. Default 200. */
  baseDelayMs?: number;
  /** Largest backoff in milliseconds. Default 5000. */
  maxDelayMs?: number;
  /** Called before each retry. */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** @public */
export function isConcurrentModificationError(error: unknown): boolean {
  if (!error || typeof error !== 'object') {
    return false;
  }
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  return (
    e.name === 'ConcurrentModificationException' ||
    e.Code === 'ConcurrentModificationException' ||
    e.code === 'ConcurrentModificationException'
  );
}

/** Delay before retry number `attempt` (1-based): full jitter under an exponential ceiling. @public */
export function concurrentModificationBackoff(
  attempt: number,
  options: Pick<
    ConcurrentModificationRetryOptions,
    'baseDelayMs' | 'maxDelayMs'
  > = {},
): number {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Runs `fn`, and runs it again while it fails with ConcurrentModificationException, up to `maxAttempts` in all.
 * Any other error, or the last ConcurrentModificationException, is thrown unchanged.
 * @public
 */
export async function withConcurrentModificationRetry<T>(
  fn: () => Promise<T>,
  options: ConcurrentModificationRetryOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isConcurrentModificationError(error) || attempt >= maxAttempts) {
        throw error;
      }
      const delay = concurrentModificationBackoff(attempt, options);
      options.onRetry?.(attempt, delay, error);
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}
