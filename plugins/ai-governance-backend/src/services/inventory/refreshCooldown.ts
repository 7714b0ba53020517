/**
 * The refresh cooldown of POST /refresh: each user (or calling service) may start one refresh per
 * `aiGovernance.inventory.refreshCooldown`; sooner, RefreshCooldownError (HTTP 429) says when to try again.
 */
import { CustomErrorBase } from '@backstage/errors';

/**
 * POST /refresh asked again by the same user within the cooldown. HTTP 429 (the framework's error handler uses
 * `statusCode`); the router also sets Retry-After.
 */
export class RefreshCooldownError extends CustomErrorBase {
  readonly statusCode = 429;
  readonly retryAfterSeconds: number;

  constructor(readonly retryAt: Date, cooldownMs: number) {
    const seconds = Math.max(
      1,
      Math.ceil((retryAt.getTime() - Date.now()) / 1000),
    );
    super(
      `You asked for a refresh less than ${Math.round(
        cooldownMs / 1000,
      )} seconds ago, and each user may ask once per ${Math.round(
        cooldownMs / 1000,
      )} seconds (aiGovernance.inventory.refreshCooldown). Try again after ${retryAt.toISOString()} (in ${seconds} s); GET /api/ai-governance/status shows the last crawl.`,
    );
    this.name = 'TooManyRequestsError';
    this.retryAfterSeconds = seconds;
  }
}

/** When each principal last started a refresh, and whether it may start one now. */
export class RefreshCooldown {
  /** Epoch ms of each principal's last refresh. */
  readonly #lastAt = new Map<string, number>();

  constructor(private readonly cooldownMs: number) {}

  /** Records a refresh by `principal` now, or throws RefreshCooldownError when its last one is too recent. */
  take(principal: string): void {
    const now = Date.now();
    const last = this.#lastAt.get(principal);
    if (last !== undefined && now - last < this.cooldownMs) {
      throw new RefreshCooldownError(
        new Date(last + this.cooldownMs),
        this.cooldownMs,
      );
    }
    if (this.#lastAt.size > 1000) {
      for (const [p, at] of this.#lastAt) {
        if (now - at >= this.cooldownMs) this.#lastAt.delete(p);
      }
    }
    this.#lastAt.set(principal, now);
  }
}
