/**
 * A counting semaphore: at most `limit` holders at once, first come first served. Waiting honours an AbortSignal.
 * @public
 */
export class ConcurrencyLimiter {
  private active = 0;
  private peak = 0;
  private readonly waiting: Array<{
    grant: () => void;
    reject: (error: unknown) => void;
  }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(
        `Concurrency limit must be a positive integer, got ${limit}`,
      );
    }
  }

  /** The most holders seen at once. */
  get peakActive(): number {
    return this.peak;
  }

  get activeCount(): number {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /**
   * Takes a slot (waiting for one), and returns the function that gives it back; calling it more than once is
   * harmless. For holders whose slot ends at a point inside their work rather than at its end.
   */
  async hold(signal?: AbortSignal): Promise<() => void> {
    await this.acquire(signal);
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.release();
      }
    };
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.take();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = { grant: () => {}, reject };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) {
          this.waiting.splice(index, 1);
        }
        reject(signal?.reason);
      };
      entry.grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.take();
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private take() {
    this.active += 1;
    this.peak = Math.max(this.peak, this.active);
  }

  private release() {
    this.active -= 1;
    const next = this.waiting.shift();
    if (next) {
      next.grant();
    }
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. @public */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
