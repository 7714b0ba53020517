/**
 * Matching primitives of the IAM policy language: `*`/`?` wildcards, ARN matching segment by segment, policy
 * variables, CIDR ranges and dates.
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

/** A piece of a value with policy variables: literal text or a variable reference. */
export type TemplatePart =
  | { text: string }
  | { variable: string; fallback?: string };

const VARIABLE = /\$\{([^}]*)\}/g;

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const WHITESPACE = /\s/;

/**
 * Splits `key, 'default'` into the key and the default, as `/^(.*?)\s*,\s*'(.*)'$/` would, in one pass (that
 * expression takes quadratic time on long runs of commas and spaces). Undefined without a default.
 */
function splitFallback(inner: string): [string, string] | undefined {
  const n = inner.length;
  if (n < 3 || inner[n - 1] !== "'") return undefined;
  // The default may hold no line terminator: find where the last one is.
  let lastTerminator = -1;
  for (let k = n - 1; k >= 0; k--) {
    if (LINE_TERMINATOR.test(inner[k])) {
      lastTerminator = k;
      break;
    }
  }
  // The key is the shortest prefix (without line terminators) followed by spaces, a comma, spaces and a quote.
  let k = 0;
  while (k < n) {
    let j = k;
    while (j < n && WHITESPACE.test(inner[j])) j++;
    if (inner[j] === ',') {
      let q = j + 1;
      while (q < n && WHITESPACE.test(inner[q])) q++;
      if (inner[q] === "'" && q < n - 1 && q >= lastTerminator)
        return [inner.slice(0, k), inner.slice(q + 1, n - 1)];
    }
    // Every key end up to j meets the same spaces and the same character after them, so fails alike; a key
    // running past a line terminator cannot match at all (line terminators are spaces).
    for (let q = k; q < j; q++)
      if (LINE_TERMINATOR.test(inner[q])) return undefined;
    k = j + 1;
  }
  return undefined;
}

/** Splits a value into literal text and `${...}` policy variables; undefined when it has none. */
export function parseTemplate(value: string): TemplatePart[] | undefined {
  if (value.indexOf('${') < 0) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(value); m; m = VARIABLE.exec(value)) {
    if (m.index > last) parts.push({ text: value.slice(last, m.index) });
    const inner = m[1].trim();
    if (inner === '*' || inner === '?' || inner === '$') {
      parts.push({ text: `\u0000${inner}` });
    } else {
      const fb = splitFallback(inner);
      parts.push(
        fb
          ? { variable: fb[0].toLowerCase(), fallback: fb[1] }
          : { variable: inner.toLowerCase() },
      );
    }
    last = m.index + m[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}

/**
 * Resolves a template against the context. For wildcard matching, returns a pattern in which substituted values and
 * escaped characters (`${*}`) are literal: they are wrapped as `\u0000x` markers that `templateWildcard` honours.
 * Undefined when a variable has no value (the value then matches nothing, as in AWS).
 */
export function resolveTemplate(
  parts: TemplatePart[],
  ctx: RequestContext,
): TemplatePart[] | undefined {
  const out: TemplatePart[] = [];
  for (const part of parts) {
    if ('text' in part) {
      out.push(part);
      continue;
    }
    const values = ctx.get(part.variable);
    const v = values && values.length > 0 ? values[0] : part.fallback;
    if (v === undefined) return undefined;
    out.push({ variable: v });
  }
  return out;
}

/** Plain string of a resolved template (variables substituted, `${*}` as `*`). */
export function templateText(parts: TemplatePart[]): string {
  return parts
    .map(p => {
      if (!('text' in p)) return p.variable;
      return p.text.startsWith('\u0000') ? p.text.slice(1) : p.text;
    })
    .join('');
}

/** Wildcard of a resolved template: wildcards only in literal policy text, substituted values literal. */
export function templateWildcard(
  parts: TemplatePart[],
  ignoreCase: boolean,
): Wildcard {
  const b = new WildcardBuilder(ignoreCase);
  for (const p of parts) {
    if (!('text' in p)) b.literal(p.variable);
    else if (p.text.startsWith('\u0000')) b.literal(p.text.slice(1));
    else b.glob(p.text);
  }
  return b.build();
}

// ---- IP addresses

function parseIpv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every(b => b <= 255) ? bytes : undefined;
}

function parseIpv6(s: string): number[] | undefined {
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const groups = [
    ...head,
    ...Array(halves.length === 2 ? missing : 0).fill('0'),
    ...rest,
  ];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : undefined;
}

/** Bytes of an IPv4 (4) or IPv6 (16) address. */
export function parseIp(s: string): number[] | undefined {
  const t = s.trim();
  return t.includes(':') ? parseIpv6(t) : parseIpv4(t);
}

/** A parsed CIDR range; a bare address is a /32 or /128. */
export interface Cidr {
  bytes: number[];
  prefix: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined) return undefined;
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : Number(len);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (len !== undefined && !/^\d+$/.test(len))
  ) {
    return undefined;
  }
  return { bytes, prefix };
}

export function cidrContains(range: Cidr, ip: number[]): boolean {
  let r = range;
  let a = ip;
  if (r.bytes.length !== a.length) {
    // An IPv4 address matches an IPv4-mapped IPv6 range (::ffff:a.b.c.d), and the reverse.
    const mapped = (v4: number[]) => [
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      255,
      255,
      ...v4,
    ];
    if (a.length === 4) a = mapped(a);
    else r = { bytes: mapped(r.bytes), prefix: r.prefix + 96 };
  }
  let bits = r.prefix;
  for (let k = 0; k < r.bytes.length && bits > 0; k++) {
    const mask = bits >= 8 ? 255 : (0xff << (8 - bits)) & 255;
    if ((r.bytes[k] & mask) !== (a[k] & mask)) return false;
    bits -= 8;
  }
  return true;
}

// ---- dates

/** Milliseconds since the epoch of an ISO 8601 date or an epoch-seconds number; NaN when neither. */
export function parseDate(s: string): number {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}(-\d{2})?/.test(t)) return NaN;
  return Date.parse(t);
}
