/**
 * The lexical half of the JSON parser: tracks line and column, skips whitespace and comments (reporting them), reads
 * strings and numbers, and records the fatal issue that stops a parse.
 */
import type { JsonSyntaxIssue, JsonValue, TextPosition } from './json';

/** Stops the parse after a fatal issue has been recorded. */
export class Fatal extends Error {}

/** Position, issues and tokens over one text; `JsonParser` builds the values on it. */
export class JsonScanner {
  protected i = 0;
  protected line = 1;
  protected col = 1;
  readonly issues: JsonSyntaxIssue[] = [];

  constructor(protected readonly text: string) {}

  protected pos(): TextPosition {
    return { line: this.line, column: this.col, offset: this.i };
  }

  protected advance(n: number) {
    for (let k = 0; k < n && this.i < this.text.length; k++) {
      const c = this.text.charCodeAt(this.i++);
      if (c === 10) {
        this.line++;
        this.col = 1;
      } else if (c === 13) {
        if (this.text.charCodeAt(this.i) !== 10) {
          this.line++;
          this.col = 1;
        } else {
          this.col++;
        }
      } else {
        this.col++;
      }
    }
  }

  protected fail(
    kind: JsonSyntaxIssue['kind'],
    message: string,
    start: TextPosition,
    end?: TextPosition,
  ): never {
    this.issues.push({
      kind,
      message,
      start,
      end: end ?? {
        ...start,
        column: start.column + 1,
        offset: start.offset + 1,
      },
    });
    throw new Fatal(message);
  }

  protected describeHere(): string {
    if (this.i >= this.text.length) return 'end of document';
    const rest = this.text.slice(this.i, this.i + 20).split(/\r?\n/)[0];
    return `"${rest}"`;
  }

  /** Skips whitespace and comments; comments are reported (JSON has none, and AWS rejects them). */
  protected skip() {
    for (;;) {
      const c = this.text[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.advance(1);
        continue;
      }
      if (c === '/' && this.text[this.i + 1] === '/') {
        this.lineComment('//');
        continue;
      }
      if (c === '#') {
        this.lineComment('#');
        continue;
      }
      if (c === '/' && this.text[this.i + 1] === '*') {
        const start = this.pos();
        const close = this.text.indexOf('*/', this.i + 2);
        if (close < 0) {
          this.fail(
            'comment',
            'Unterminated /* comment: JSON has no comments; remove it.',
            start,
          );
        }
        this.advance(close + 2 - this.i);
        this.issues.push({
          kind: 'comment',
          message:
            'Block comment (/* ... */): JSON has no comments and AWS rejects the policy; remove it or move it to the policy description.',
          start,
          end: this.pos(),
        });
        continue;
      }
      return;
    }
  }

  protected lineComment(marker: string) {
    const start = this.pos();
    let j = this.i;
    while (
      j < this.text.length &&
      this.text[j] !== '\n' &&
      this.text[j] !== '\r'
    )
      j++;
    this.advance(j - this.i);
    this.issues.push({
      kind: 'comment',
      message: `Comment (${marker} ...): JSON has no comments and AWS rejects the policy; remove it or move it to the policy description.`,
      start,
      end: this.pos(),
    });
  }

  protected parseString(): string {
    const start = this.pos();
    this.advance(1);
    let out = '';
    let runStart = this.i;
    for (;;) {
      if (this.i >= this.text.length) {
        this.fail(
          'unterminated-string',
          'Unterminated string: a closing " is missing.',
          start,
        );
      }
      const code = this.text.charCodeAt(this.i);
      if (code === 34) {
        out += this.text.slice(runStart, this.i);
        this.advance(1);
        return out;
      }
      if (code === 92) {
        out += this.text.slice(runStart, this.i);
        const escAt = this.pos();
        const e = this.text[this.i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.advance(2);
        } else if (
          e === 'u' &&
          /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))
        ) {
          out += String.fromCharCode(
            parseInt(this.text.slice(this.i + 2, this.i + 6), 16),
          );
          this.advance(6);
        } else {
          this.fail(
            'invalid-escape',
            `Invalid escape sequence "\\${
              e ?? ''
            }" in a string: write a backslash as "\\\\".`,
            escAt,
          );
        }
        runStart = this.i;
        continue;
      }
      if (code < 0x20) {
        if (code === 10 || code === 13) {
          this.fail(
            'unterminated-string',
            'Line break inside a string: a closing " is missing, or the string needs "\\n".',
            this.pos(),
          );
        }
        this.fail(
          'control-character',
          'Control character inside a string: escape it (for a tab, write "\\t").',
          this.pos(),
        );
      }
      this.advance(1);
    }
  }

  protected parseNumber(): JsonValue {
    const start = this.pos();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(
      this.text.slice(this.i, this.i + 400),
    );
    if (!m)
      this.fail(
        'unexpected-token',
        `Invalid number ${this.describeHere()}.`,
        start,
      );
    this.advance(m[0].length);
    return {
      kind: 'number',
      value: Number(m[0]),
      raw: m[0],
      start,
      end: this.pos(),
    };
  }
}
