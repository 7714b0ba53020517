/**
 * Matching primitives of the IAM policy language: `*`/`?` wildcards, ARN matching segment by segment, policy
 * variables, CIDR ranges and dates.
 */

/** The request context: condition keys in lower case to their values. @public */
export type RequestContext = Map<string, string[]>;

const regexCache = new Map<string, RegExp>();

function escapeRegex(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

function globSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += escapeRegex(ch);
  }
  return out;
}

/** A compiled `*`/`?` pattern (whole-string, `s` flag). */
export function globRegex(pattern: string, ignoreCase: boolean): RegExp {
  const key = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(`^${globSource(pattern)}$`, ignoreCase ? 'is' : 's');
    if (regexCache.size > 20000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
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
  return globRegex(pattern, ignoreCase).test(value);
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
      const fb = /^(.*?)\s*,\s*'(.*)'$/.exec(inner);
      parts.push(
        fb
          ? { variable: fb[1].toLowerCase(), fallback: fb[2] }
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
 * escaped characters (`${*}`) are literal: they are wrapped as `\u0000x` markers that `templateRegex` honours.
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

/** Wildcard regex of a resolved template: wildcards only in literal policy text. */
export function templateRegex(
  parts: TemplatePart[],
  ignoreCase: boolean,
): RegExp {
  const src = parts
    .map(p => {
      if ('text' in p)
        return p.text.startsWith('\u0000')
          ? escapeRegex(p.text.slice(1))
          : globSource(p.text);
      return escapeRegex(p.variable);
    })
    .join('');
  const key = (ignoreCase ? 'ti:' : 'ts:') + src;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
    if (regexCache.size > 20000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
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
