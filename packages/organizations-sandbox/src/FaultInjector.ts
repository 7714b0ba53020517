/**
 * Applies the fault settings ({@link FaultOptions}) to calls: latency, the enforced request rate, random throttling,
 * service errors and ConcurrentModificationException on writes before an operation runs; empty pages and planned
 * CreateAccount failures while it runs. Random choices come from the settings' seed when there is one.
 */
import { seededRandom } from '@internal/plugin-ai-governance-common';
import { Errors } from './errors';
import { FaultOptions, RateLimiter, validateFaultOptions } from './faults';

export class FaultInjector {
  private faults: FaultOptions = {};
  private random: () => number = Math.random;
  private rateLimiter?: RateLimiter;
  private concurrentModificationLeft = 0;

  constructor(private readonly now: () => number) {}

  /** Replaces the settings (an empty object clears every fault). Throws on invalid options. */
  set(faults: FaultOptions): void {
    const problems = validateFaultOptions(faults);
    if (problems.length > 0) {
      throw new Error(`Invalid fault options: ${problems.join('; ')}`);
    }
    this.faults = { ...faults };
    this.random =
      faults.seed !== undefined ? seededRandom(faults.seed) : Math.random;
    this.rateLimiter = faults.requestsPerSecond
      ? new RateLimiter(
          faults.requestsPerSecond,
          faults.burst ?? Math.max(1, faults.requestsPerSecond),
          this.now(),
        )
      : undefined;
    this.concurrentModificationLeft = faults.concurrentModificationBurst ?? 0;
  }

  /** The settings in force (a burst counts down as it is used). */
  get(): FaultOptions {
    return {
      ...this.faults,
      concurrentModificationBurst: this.concurrentModificationLeft || undefined,
    };
  }

  private applies(operation: string): boolean {
    return (
      !this.faults.operations || this.faults.operations.includes(operation)
    );
  }

  /** Waits the latency, then throws the exception a fault gives this call, if any. */
  async beforeCall(operation: string, writes: boolean): Promise<void> {
    if (!this.applies(operation)) return;
    const latency =
      (this.faults.latencyMs ?? 0) +
      (this.faults.latencyJitterMs
        ? this.random() * this.faults.latencyJitterMs
        : 0);
    if (latency > 0) await new Promise(resolve => setTimeout(resolve, latency));
    if (this.rateLimiter && !this.rateLimiter.tryTake(this.now())) {
      throw Errors.tooManyRequests();
    }
    if (
      this.faults.throttleProbability &&
      this.random() < this.faults.throttleProbability
    ) {
      throw Errors.tooManyRequests();
    }
    if (
      this.faults.serviceErrorProbability &&
      this.random() < this.faults.serviceErrorProbability
    ) {
      throw Errors.service();
    }
    if (writes) {
      if (this.concurrentModificationLeft > 0) {
        this.concurrentModificationLeft--;
        throw Errors.concurrentModification();
      }
      if (
        this.faults.concurrentModificationProbability &&
        this.random() < this.faults.concurrentModificationProbability
      ) {
        throw Errors.concurrentModification();
      }
    }
  }

  /** Whether a page of this list operation comes back empty (with a NextToken). */
  emptyPage(operation: string): boolean {
    return Boolean(
      this.faults.emptyPageProbability &&
        this.applies(operation) &&
        this.random() < this.faults.emptyPageProbability,
    );
  }

  /** The FailureReason a CreateAccount request for this email is to end with, if a rule picks it. */
  plannedCreateAccountFailure(email: string): string | undefined {
    for (const rule of this.faults.createAccountFailures ?? []) {
      if (rule.emailPattern && !new RegExp(rule.emailPattern).test(email))
        continue;
      if (this.random() < (rule.probability ?? 1)) return rule.reason;
    }
    return undefined;
  }
}
