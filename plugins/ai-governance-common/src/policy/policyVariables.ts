/**
 * Policy variables (`${aws:username}`, `${key, 'default'}`): splits a value into literal text and variables, resolves
 * them against the request context, and turns the result into plain text or a wildcard.
 */
import { RequestContext, Wildcard, wildcardBuilder } from './match';

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
  const b = wildcardBuilder(ignoreCase);
  for (const p of parts) {
    if (!('text' in p)) b.literal(p.variable);
    else if (p.text.startsWith('\u0000')) b.literal(p.text.slice(1));
    else b.glob(p.text);
  }
  return b.build();
}
