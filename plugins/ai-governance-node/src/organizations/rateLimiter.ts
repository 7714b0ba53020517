/**
 * The one gate every AWS Organizations call of the product passes: a token bucket (requests per second with a burst)
 * and a cap on calls in flight, shared by every client that talks to the same organization.
 */

/** @public */
export interface OrganizationsRateLimitOptions {
  /** Sustained request rate. Default 5 per second. */
  requestsPerSecond?: number;
  /** Requests that may start back to back after an idle period. Default 1 (no burst). */
  burst?: number;
  /** Calls in flight at once. Default 4. */
  maxConcurrency?: number;
}

const DEFAULT_RATE = 5;
const DEFAULT_BURST = 1;
const DEFAULT_CONCURRENCY = 4;

const registry = new Map<string, OrganizationsRateLimiter>();

function positive(name: string, value: number | undefined, fallback: number) {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `${name} must be a positive number, got ${value}; set it to the rate your organization allows`,
    );
  }
  return value;
}

/**
 * Token bucket plus concurrency cap. `run(fn)` waits for a free slot, then for a token, then runs `fn`.
 * Tokens are reserved in arrival order (GCRA), so waiting callers are served first come, first served.
 * @public
 */
export class OrganizationsRateLimiter {
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly maxConcurrency: number;
  #intervalMs: number;
  /** Theoretical arrival time of the next request (GCRA). */
  #tat = 0;
  #inFlight = 0;
  #waiting: Array<() => void> = [];

  constructor(options: OrganizationsRateLimitOptions = {}) {
    this.requestsPerSecond = positive(
      'requestsPerSecond',
      options.requestsPerSecond,
      DEFAULT_RATE,
    );
    this.burst = Math.max(
      1,
      Math.floor(positive('burst', options.burst, DEFAULT_BURST)),
    );
    this.maxConcurrency = Math.max(
      1,
      Math.floor(
        positive('maxConcurrency', options.maxConcurrency, DEFAULT_CONCURRENCY),
      ),
    );
    this.#intervalMs = 1000 / this.requestsPerSecond;
  }

  /**
   * The limiter shared by everything that calls one organization. The first caller's options win; later callers
   * with a key already known get the same instance.
   */
  static forOrganization(
    key: string,
    options?: OrganizationsRateLimitOptions,
  ): OrganizationsRateLimiter {
    let limiter = registry.get(key);
    if (!limiter) {
      limiter = new OrganizationsRateLimiter(options);
      registry.set(key, limiter);
    }
    return limiter;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Callers waiting for a slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.#acquireSlot();
    try {
      await this.#acquireToken();
      return await fn();
    } finally {
      this.#releaseSlot();
    }
  }

  async #acquireSlot(): Promise<void> {
    if (this.#inFlight < this.maxConcurrency) {
      this.#inFlight += 1;
      return;
    }
    await new Promise<void>(resolve => this.#waiting.push(resolve));
  }

  #releaseSlot() {
    const next = this.#waiting.shift();
    if (next) {
      // The slot passes straight to the next caller.
      next();
    } else {
      this.#inFlight -= 1;
    }
  }

  async #acquireToken(): Promise<void> {
    const now = performance.now();
    const tolerance = (this.burst - 1) * this.#intervalMs;
    const tat = Math.max(this.#tat, now);
    const wait = tat - tolerance - now;
    this.#tat = tat + this.#intervalMs;
    if (wait > 0) {
      await new Promise(resolve => setTimeout(resolve, wait));
    }
  }
}
