/**
 * Template placeholders left in a policy (`{...}`, `<...>`, `[...]`, `${...}` that is not an IAM variable): finding
 * them in linear time, and the UNRESOLVED_PLACEHOLDER rule.
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { JsonSpan, TextPosition } from '../json';
import type { LintOptions } from './options';

/** An IAM policy variable: `${service:key}` (with an optional default), or the escapes `${*}`, `${?}`, `${$}`. */
const IAM_VARIABLE =
  /^\$\{\s*(\*|\?|\$|[a-z0-9-]+:[A-Za-z0-9_./-]+(\s*,\s*'[^']*')?)\s*\}$/;

/** A finder of placeholder tokens: the start and end of each, in order, none overlapping. */
type TokenFinder = (text: string) => Iterable<[number, number]>;

function* regexTokens(re: RegExp, text: string): Iterable<[number, number]> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    yield [m.index, m.index + m[0].length];
  }
}

/**
 * `${` up to the next `}` with no line break or quote before it: what `/\$\{[^}\n"]*\}/g` finds, in one pass (the
 * regex rescans the rest of the line from every `${`, which takes quadratic time on a line of them).
 */
function* dollarBraceTokens(text: string): Iterable<[number, number]> {
  let i = text.indexOf('${');
  while (i >= 0) {
    let j = i + 2;
    while (
      j < text.length &&
      text[j] !== '}' &&
      text[j] !== '\n' &&
      text[j] !== '"'
    )
      j++;
    if (text[j] === '}') {
      yield [i, j + 1];
      i = text.indexOf('${', j + 1);
    } else {
      // Every `${` before j stops at the same line break or quote: none of them is a token.
      i = text.indexOf('${', j);
    }
  }
}

const PLACEHOLDERS: Array<{ find: TokenFinder; describe: string }> = [
  { find: dollarBraceTokens, describe: '${...}' },
  {
    find: text =>
      regexTokens(/(?<![$A-Za-z0-9])\{\{?[A-Za-z*][^{}"\n]*\}?\}/g, text),
    describe: '{...}',
  },
  {
    find: text => regexTokens(/<[A-Za-z][^<>"\n]*>/g, text),
    describe: '<...>',
  },
  {
    find: text =>
      regexTokens(
        /\[(?!(?:true|false|null)\])[A-Za-z][A-Za-z0-9_\-/*.: ]*\]/g,
        text,
      ),
    describe: '[...]',
  },
];

function positionAt(offset: number, lineStarts: number[]): TextPosition {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1, offset };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
  }
  return starts;
}

/** Finds template placeholders left in the text: `{...}`, `<...>`, `[...]` and `${...}` that is not an IAM variable. @public */
export function findPlaceholders(
  text: string,
): Array<{ token: string; start: TextPosition; end: TextPosition }> {
  const starts = lineStartsOf(text);
  const found: Array<{
    token: string;
    start: TextPosition;
    end: TextPosition;
  }> = [];
  // Tokens kept so far, sorted and disjoint: an overlap check is a binary search.
  let taken: Array<[number, number]> = [];
  const overlaps = (from: number, to: number) => {
    let lo = 0;
    let hi = taken.length - 1;
    let last = -1; // the last token starting before `to`
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid][0] < to) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && taken[last][1] > from;
  };
  for (const { find } of PLACEHOLDERS) {
    // One finder's tokens never overlap one another: check them against earlier finders' only, then merge.
    const added: Array<[number, number]> = [];
    for (const [from, to] of find(text)) {
      const token = text.slice(from, to);
      if (token.startsWith('${') && IAM_VARIABLE.test(token)) continue;
      if (overlaps(from, to)) continue;
      added.push([from, to]);
      found.push({
        token,
        start: positionAt(from, starts),
        end: positionAt(to, starts),
      });
    }
    taken = [...taken, ...added].sort((a, b) => a[0] - b[0]);
  }
  return found.sort((a, b) => a.start.offset - b.start.offset);
}

/** Reports every placeholder left in the text. */
export function checkPlaceholders(
  text: string,
  _options: LintOptions,
  findings: LintFinding[],
) {
  for (const p of findPlaceholders(text)) {
    findings.push(
      findingAt(
        'UNRESOLVED_PLACEHOLDER',
        'error',
        `Template placeholder ${p.token} left in the policy: replace it with the real value before attaching the policy.`,
        { start: p.start, end: p.end } as JsonSpan,
      ),
    );
  }
}
