/**
 * Wildcard and ARN matching of the IAM policy language: `*`/`?` patterns, ARN matching segment by segment, and the
 * request context they read.
 *
 * Wildcards are matched by a two-pointer scan that backtracks only to the last `*` seen, never by a regular
 * expression built from the pattern: its time is at most proportional to pattern length × value length, whatever
 * the pattern (a backtracking regex takes exponential time on patterns such as `*?*?*?…Z`).
 */
import { PolicyLimitError } from './errors';

/** The request context: condition keys in lower case to their values. @public */
export type RequestContext = Map<string, string[]>;

/**
 * Bounds on what the wildcard matcher accepts, above AWS's own: the largest policy document AWS accepts is 10,240
 * characters (an SCP), so no pattern of a policy AWS accepts is longer; an ARN is at most 2,048 characters.
 * @public
 */
export const MATCH_LIMITS = {
  /** Longest wildcard pattern (an Action, Resource or condition value). */
  maxPatternLength: 20_480,
  /** Longest value matched against a pattern (an action, ARN or context value of a request). */
  maxValueLength: 4_096,
} as const;

/** A pattern token: a code unit to match literally (>= 0), `?` or `*`. */
const ANY = -1;
const STAR = -2;

/** A compiled wildcard pattern. */
export interface Wildcard {
  readonly tokens: Int32Array;
  /** How many tokens are not `*`: the shortest value that can match. */
  readonly minLength: number;
  readonly hasStar: boolean;
  readonly ignoreCase: boolean;
}

const foldCache = new Map<number, number>();

/**
 * The code unit a case-insensitive regular expression compares (ECMAScript's Canonicalize without the `u` flag):
 * the upper case of the code unit when that is one code unit, never mapping a non-ASCII unit to an ASCII one.
 */
function fold(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  let f = foldCache.get(c);
  if (f === undefined) {
    const upper = String.fromCharCode(c).toUpperCase();
    f =
      upper.length === 1 && upper.charCodeAt(0) >= 128
        ? upper.charCodeAt(0)
        : c;
    foldCache.set(c, f);
  }
  return f;
}

function patternTooLong(length: number): PolicyLimitError {
  return new PolicyLimitError(
    `A wildcard pattern of ${length} characters is longer than the ${MATCH_LIMITS.maxPatternLength} the policy engine matches (AWS's largest policy is 10,240 characters): shorten it.`,
  );
}

/** Builds a wildcard from pieces: wildcard text (`*` and `?` are wildcards) and literal text. */
class WildcardBuilder {
  private readonly tokens: number[] = [];
  private length = 0;

  constructor(private readonly ignoreCase: boolean) {}

  private push(t: number) {
    // Consecutive stars match what one star matches.
    if (t === STAR && this.tokens[this.tokens.length - 1] === STAR) return;
    this.tokens.push(t);
  }

  private grow(n: number) {
    this.length += n;
    if (this.length > MATCH_LIMITS.maxPatternLength)
      throw patternTooLong(this.length);
  }

  glob(text: string): this {
    this.grow(text.length);
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === 42) this.push(STAR);
      else if (c === 63) this.push(ANY);
      else this.push(this.ignoreCase ? fold(c) : c);
    }
    return this;
  }

  literal(text: string): this {
    this.grow(text.length);
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      this.push(this.ignoreCase ? fold(c) : c);
    }
    return this;
  }

  /** One or more code units (a `${…}` placeholder in a catalog condition key). */
  oneOrMore(): this {
    this.grow(1);
    this.push(ANY);
    this.push(STAR);
    return this;
  }

  build(): Wildcard {
    let minLength = 0;
    for (const t of this.tokens) if (t !== STAR) minLength++;
    return {
      tokens: Int32Array.from(this.tokens),
      minLength,
      hasStar: minLength < this.tokens.length,
      ignoreCase: this.ignoreCase,
    };
  }
}

/** Starts a wildcard made of several pieces (see {@link wildcardMatches}). */
export function wildcardBuilder(ignoreCase: boolean): WildcardBuilder {
  return new WildcardBuilder(ignoreCase);
}

const wildcardCache = new Map<string, Wildcard>();

/** The compiled form of a `*`/`?` pattern, cached. Throws PolicyLimitError for a pattern over the limit. */
export function compileWildcard(
  pattern: string,
  ignoreCase: boolean,
): Wildcard {
  const key = (ignoreCase ? 'i:' : 's:') + pattern;
  let w = wildcardCache.get(key);
  if (!w) {
    w = new WildcardBuilder(ignoreCase).glob(pattern).build();
    if (wildcardCache.size > 20000) wildcardCache.clear();
    wildcardCache.set(key, w);
  }
  return w;
}

/**
 * Whether the whole value matches the wildcard, in at most O(pattern × value) steps: the scan goes forward and, on a
 * mismatch, resumes after the last `*` with that star swallowing one more code unit. Only the last star ever needs
 * revisiting, because any later match of the rest is also reachable from it.
 * Throws PolicyLimitError for a value over the limit.
 */
export function wildcardMatches(w: Wildcard, value: string): boolean {
  const n = value.length;
  if (n > MATCH_LIMITS.maxValueLength) {
    throw new PolicyLimitError(
      `A value of ${n} characters is longer than the ${MATCH_LIMITS.maxValueLength} the policy engine matches against wildcards (an ARN is at most 2,048 characters): shorten it.`,
    );
  }
  if (w.minLength > n || (!w.hasStar && w.minLength !== n)) return false;
  const t = w.tokens;
  const m = t.length;
  const ignoreCase = w.ignoreCase;
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < n) {
    if (p < m) {
      const tok = t[p];
      if (tok === STAR) {
        starP = p++;
        starI = i;
        continue;
      }
      if (tok === ANY) {
        p++;
        i++;
        continue;
      }
      const c = value.charCodeAt(i);
      if (tok === (ignoreCase ? fold(c) : c)) {
        p++;
        i++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    i = ++starI;
  }
  while (p < m && t[p] === STAR) p++;
  return p === m;
}

/** Whether `value` matches the wildcard pattern. */
export function globMatch(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  if (pattern === '*') return true;
  if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
    return ignoreCase
      ? pattern.toLowerCase() === value.toLowerCase()
      : pattern === value;
  }
  return wildcardMatches(compileWildcard(pattern, ignoreCase), value);
}

/** Splits an ARN into its six parts (the resource part keeps its colons); undefined when it is not an ARN. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < 5; k++) {
    const at = arn.indexOf(':', from);
    if (at < 0) return undefined;
    parts.push(arn.slice(from, at));
    from = at + 1;
  }
  parts.push(arn.slice(from));
  return parts[0] === 'arn' ? parts : undefined;
}

/**
 * ARN matching as `ArnLike` and the Resource element do it: part by part, wildcards never crossing the colons of the
 * first five parts.
 */
export function arnMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return globMatch(pattern, value);
  for (let k = 0; k < 6; k++) {
    if (!globMatch(p[k], v[k])) return false;
  }
  return true;
}

/** Resource element matching: ARN-aware when both sides are ARNs, plain wildcard otherwise. */
export function resourceMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('arn:') && value.startsWith('arn:'))
    return arnMatch(pattern, value);
  return globMatch(pattern, value);
}
