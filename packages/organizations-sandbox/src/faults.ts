/**
 * The fault and load settings ({@link FaultOptions}: latency, an enforced request rate, random throttling,
 * ConcurrentModificationException bursts, transient service errors, empty pages, CreateAccount failures by reason),
 * their validation, and the token bucket behind the request rate. `FaultInjector` applies them to calls.
 */

/** A rule that makes CreateAccount requests end FAILED with a given FailureReason. @public */
export interface CreateAccountFailureRule {
  /** AWS's FailureReason, e.g. EMAIL_ALREADY_EXISTS, ACCOUNT_LIMIT_EXCEEDED, INVALID_EMAIL, INTERNAL_FAILURE. */
  reason: string;
  /** Chance the rule applies to a matching request, 0 to 1. Defaults to 1. */
  probability?: number;
  /** Only requests whose email matches this regular expression. */
  emailPattern?: string;
}

/** @public */
export interface FaultOptions {
  /** Delay added to every API call, in milliseconds. */
  latencyMs?: number;
  /** Up to this many more milliseconds, at random. */
  latencyJitterMs?: number;
  /** Enforced request rate (calls per second, all operations together); calls beyond it get TooManyRequestsException. */
  requestsPerSecond?: number;
  /** Bucket size for `requestsPerSecond` (calls allowed at once). Defaults to the rate (at least 1). */
  burst?: number;
  /** Chance that any call is throttled (TooManyRequestsException), 0 to 1. */
  throttleProbability?: number;
  /** The next N write calls fail with ConcurrentModificationException. */
  concurrentModificationBurst?: number;
  /** Chance that a write call fails with ConcurrentModificationException, 0 to 1. */
  concurrentModificationProbability?: number;
  /** Chance that any call fails with ServiceException (HTTP 500), 0 to 1. */
  serviceErrorProbability?: number;
  /** Chance that a list call returns an empty page that still carries a NextToken (AWS does this), 0 to 1. */
  emptyPageProbability?: number;
  /** CreateAccount requests that end FAILED; the first matching rule wins. */
  createAccountFailures?: CreateAccountFailureRule[];
  /** Limit latency, throttling and error faults to these operations (e.g. ["ListAccounts"]). Default: all. */
  operations?: string[];
  /** Seed for the faults' random choices, for reproducible runs. */
  seed?: number;
}

const PROBABILITIES: Array<keyof FaultOptions> = [
  'throttleProbability',
  'concurrentModificationProbability',
  'serviceErrorProbability',
  'emptyPageProbability',
];
const NON_NEGATIVE: Array<keyof FaultOptions> = [
  'latencyMs',
  'latencyJitterMs',
  'requestsPerSecond',
  'burst',
  'concurrentModificationBurst',
];

/** Checks fault options; returns a list of problems (empty when valid). @public */
export function validateFaultOptions(input: unknown): string[] {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return ['faults must be a JSON object'];
  }
  const f = input as Record<string, unknown>;
  const known = [
    ...PROBABILITIES,
    ...NON_NEGATIVE,
    'createAccountFailures',
    'operations',
    'seed',
  ];
  for (const key of Object.keys(f)) {
    if (!known.includes(key as keyof FaultOptions)) {
      problems.push(
        `unknown fault option "${key}"; known: ${known.join(', ')}`,
      );
    }
  }
  for (const key of PROBABILITIES) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) {
      problems.push(`${key} must be a number from 0 to 1`);
    }
  }
  for (const key of NON_NEGATIVE) {
    const v = f[key];
    if (
      v !== undefined &&
      (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
    ) {
      problems.push(`${key} must be a number of at least 0`);
    }
  }
  if (f.seed !== undefined && typeof f.seed !== 'number')
    problems.push('seed must be a number');
  if (
    f.operations !== undefined &&
    (!Array.isArray(f.operations) ||
      f.operations.some(o => typeof o !== 'string'))
  ) {
    problems.push('operations must be a list of operation names');
  }
  if (f.createAccountFailures !== undefined) {
    if (!Array.isArray(f.createAccountFailures)) {
      problems.push(
        'createAccountFailures must be a list of { reason, probability?, emailPattern? }',
      );
    } else {
      f.createAccountFailures.forEach((rule: any, i: number) => {
        if (
          typeof rule !== 'object' ||
          rule === null ||
          typeof rule.reason !== 'string'
        ) {
          problems.push(
            `createAccountFailures[${i}] needs a reason (e.g. EMAIL_ALREADY_EXISTS)`,
          );
          return;
        }
        if (
          rule.probability !== undefined &&
          (typeof rule.probability !== 'number' ||
            rule.probability < 0 ||
            rule.probability > 1)
        ) {
          problems.push(
            `createAccountFailures[${i}].probability must be a number from 0 to 1`,
          );
        }
        if (rule.emailPattern !== undefined) {
          const unsafe = unsafeEmailPattern(rule.emailPattern);
          if (unsafe) {
            problems.push(`createAccountFailures[${i}].emailPattern ${unsafe}`);
          } else {
            try {
              RegExp(rule.emailPattern).test('');
            } catch {
              problems.push(
                `createAccountFailures[${i}].emailPattern is not a valid regular expression`,
              );
            }
          }
        }
      });
    }
  }
  return problems;
}

/** The longest `emailPattern` a fault rule may have. */
export const MAX_EMAIL_PATTERN_LENGTH = 200;

/**
 * Why a fault rule's `emailPattern` could make matching take exponential time, or undefined when it cannot. The
 * pattern is a regular expression run by JavaScript's backtracking engine, so quantified groups (`(a+)+`) and
 * back-references, the sources of catastrophic backtracking, are refused; so is a pattern over
 * {@link MAX_EMAIL_PATTERN_LENGTH} characters. Simple anchors, classes and quantified atoms (`^bounce`,
 * `^aws\+retry@`, `[0-9]+@example\.com$`) stay linear.
 */
export function unsafeEmailPattern(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return 'must be a string';
  if (pattern.length > MAX_EMAIL_PATTERN_LENGTH) {
    return `is longer than ${MAX_EMAIL_PATTERN_LENGTH} characters`;
  }
  if (/\\[1-9k]/.test(pattern)) {
    return 'may not use back-references (\\1, \\k<name>)';
  }
  if (/\)\s*[*+?{]/.test(pattern)) {
    return 'may not quantify a group (e.g. (a+)+): such patterns can take exponential time; use a simpler expression such as ^prefix';
  }
  return undefined;
}

/** Token bucket for the enforced request rate. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  tryTake(now: number): boolean {
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) / 1000) * this.rate,
    );
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
