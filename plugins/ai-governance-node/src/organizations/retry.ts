/**
 * The retry policy of every AWS Organizations call the product makes. AWS throttles an organization that is busy
 * (TooManyRequestsException, ThrottlingException), answers ConcurrentModificationException while another change is
 * in progress, and sometimes fails a request in transit (HTTP 5xx, a reset connection); none of these applied the
 * request, so asking again is safe. The SDK's default (three attempts) gives up too soon under sustained throttling:
 * at 20% throttled calls, one call in 125 fails three times, and a crawl of a few hundred calls almost surely meets
 * one. So the product retries these errors itself, with capped exponential backoff and full jitter (a random delay
 * between 0 and min(maxDelay, base × 2^retry), as in AWS's Architecture Blog post "Exponential Backoff And Jitter"),
 * up to `maxAttempts` per call and inside a time budget per call, and counts every retry.
 */
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { isConcurrentModificationError } from './concurrentModification';

/** @public */
export interface OrganizationsRetryOptions {
  /** Attempts per call, the first included. Default 10. */
  maxAttempts?: number;
  /** Ceiling of the first backoff in milliseconds; doubles per retry. Default 200. */
  baseDelayMs?: number;
  /** Largest backoff in milliseconds. Default 20,000. */
  maxDelayMs?: number;
  /**
   * Time one call may take, its retries and backoffs included, in milliseconds: no retry starts whose backoff would
   * end past it. Default 120,000.
   */
  budgetMs?: number;
}

/** The retry options with their defaults filled in. @public */
export type ResolvedRetryOptions = Required<OrganizationsRetryOptions>;

/** @public */
export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  maxAttempts: 10,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  budgetMs: 120_000,
};

/** Why a failed call may be sent again. @public */
export type RetryReason = 'throttling' | 'concurrentModification' | 'transient';

function check(name: string, value: number | undefined, min: number) {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min) {
    throw new TypeError(
      `retry.${name} must be a number of at least ${min}, got ${value}`,
    );
  }
}

/** Fills in the defaults and checks the values; throws TypeError naming the bad option. @public */
export function resolveRetryOptions(
  options: OrganizationsRetryOptions = {},
): ResolvedRetryOptions {
  check('maxAttempts', options.maxAttempts, 1);
  check('baseDelayMs', options.baseDelayMs, 0);
  check('maxDelayMs', options.maxDelayMs, 0);
  check('budgetMs', options.budgetMs, 0);
  return {
    maxAttempts: Math.floor(
      options.maxAttempts ?? DEFAULT_RETRY_OPTIONS.maxAttempts,
    ),
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_OPTIONS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs,
    budgetMs: options.budgetMs ?? DEFAULT_RETRY_OPTIONS.budgetMs,
  };
}

/** Why `error` may be retried, or undefined when it may not (it is the caller's to handle). @public */
export function retryReason(error: unknown): RetryReason | undefined {
  if (!error || typeof error !== 'object') return undefined;
  if ((error as { name?: string }).name === 'AbortError') return undefined;
  if (isConcurrentModificationError(error)) return 'concurrentModification';
  if (isThrottlingError(error as any)) return 'throttling';
  if (isTransientError(error as any)) return 'transient';
  return undefined;
}

/**
 * Backoff before retry number `retry` (1-based): full jitter, a uniformly random delay from 0 to
 * min(maxDelayMs, baseDelayMs × 2^(retry − 1)).
 * @public
 */
export function fullJitterBackoff(
  retry: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.min(60, retry - 1),
  );
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(
    reason === undefined ? 'The operation was aborted' : String(reason),
  );
  error.name = 'AbortError';
  return error;
}

/** What the retry loop decided about one failed attempt. */
export type RetryDecision =
  | { retry: true; reason: RetryReason; delayMs: number }
  | { retry: false; reason?: RetryReason; why: string };

/**
 * Whether to send a call again after its `attempt`-th attempt (1-based) failed with `error`, `elapsedMs` after the
 * call began; `maxAttempts` may be lowered for one reason (ConcurrentModificationException's own option).
 * @public
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  elapsedMs: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  const reason = retryReason(error);
  if (!reason) return { retry: false, why: 'not retryable' };
  if (attempt >= options.maxAttempts) {
    return {
      retry: false,
      reason,
      why: `gave up after ${attempt} attempts`,
    };
  }
  const delayMs = fullJitterBackoff(attempt, options, random);
  if (elapsedMs + delayMs > options.budgetMs) {
    return {
      retry: false,
      reason,
      why: `gave up after ${attempt} attempts: the retry budget of ${options.budgetMs} ms was spent`,
    };
  }
  return { retry: true, reason, delayMs };
}
