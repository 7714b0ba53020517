/**
 * The JSON parser behind parseJsonWithPositions: one pass over the text that keeps every value's and key's position,
 * reports recoverable mistakes (comments, trailing commas, duplicate keys) and stops at the first other one.
 */
import {
  JSON_LIMITS,
  JsonMember,
  JsonParseResult,
  JsonSpan,
  JsonSyntaxIssue,
  JsonValue,
  TextPosition,
} from './json';

/** Stops the parse after a fatal issue has been recorded. */
class Fatal extends Error {}

/** Parses one text; use run() once. */
export class JsonParser {
  private i = 0;
  private line = 1;
  private col = 1;
  private depth = 0;
  private values = 0;
  readonly issues: JsonSyntaxIssue[] = [];

  constructor(private readonly text: string) {}

  run(): JsonParseResult {
    try {
      if (this.text.length > JSON_LIMITS.maxLength) {
        this.fail(
          'limit',
          `The document is ${this.text.length} characters; the limit is ${JSON_LIMITS.maxLength} (a policy AWS accepts is at most 10,240).`,
          this.pos(),
        );
      }
      if (this.text.charCodeAt(0) === 0xfeff) this.advance(1);
      this.skip();
      if (this.i >= this.text.length) {
        this.fail(
          'empty',
          'The document is empty: a policy is a JSON object such as {"Version": "2012-10-17", "Statement": [...]}.',
          this.pos(),
        );
      }
      const value = this.parseValue();
      this.skip();
      if (this.i < this.text.length) {
        const at = this.pos();
        this.fail(
          'trailing-content',
          `Unexpected ${this.describeHere()} after the end of the JSON document: remove it, or wrap several values in an array.`,
          at,
        );
      }
      return { value, issues: this.issues };
    } catch (e) {
      if (e instanceof Fatal) return { issues: this.issues };
      throw e;
    }
  }

  private pos(): TextPosition {
    return { line: this.line, column: this.col, offset: this.i };
  }

  private advance(n: number) {
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

  private fail(
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

  private describeHere(): string {
    if (this.i >= this.text.length) return 'end of document';
    const rest = this.text.slice(this.i, this.i + 20).split(/\r?\n/)[0];
    return `"${rest}"`;
  }

  /** Skips whitespace and comments; comments are reported (JSON has none, and AWS rejects them). */
  private skip() {
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

  private lineComment(marker: string) {
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

  private parseValue(): JsonValue {
    const c = this.text[this.i];
    const start = this.pos();
    if (++this.values > JSON_LIMITS.maxValues) {
      this.fail(
        'limit',
        `The document holds more than ${JSON_LIMITS.maxValues} values, the limit: a policy needs far fewer.`,
        start,
      );
    }
    if (c === '{' || c === '[') {
      if (this.depth >= JSON_LIMITS.maxDepth) {
        this.fail(
          'limit',
          `Arrays and objects nest more than ${JSON_LIMITS.maxDepth} levels deep here, the limit: a policy needs fewer than 10.`,
          start,
        );
      }
      this.depth++;
      const value = c === '{' ? this.parseObject() : this.parseArray();
      this.depth--;
      return value;
    }
    if (c === '"') {
      const value = this.parseString();
      return { kind: 'string', value, start, end: this.pos() };
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (
        this.text.startsWith(word, this.i) &&
        !/[A-Za-z0-9_$]/.test(this.text[this.i + word.length] ?? '')
      ) {
        this.advance(word.length);
        if (v === null) return { kind: 'null', start, end: this.pos() };
        return { kind: 'boolean', value: v, start, end: this.pos() };
      }
    }
    if (this.i >= this.text.length) {
      this.fail(
        'unexpected-end',
        'The document ends where a value was expected: it looks truncated.',
        start,
      );
    }
    if (c === "'") {
      this.fail(
        'unexpected-token',
        'Single-quoted string: JSON strings use double quotes (").',
        start,
      );
    }
    if (c === '$' && this.text[this.i + 1] === '{') {
      this.fail(
        'unexpected-token',
        `Unquoted template placeholder ${this.describeHere()}: replace it with its value (in quotes) before deploying.`,
        start,
      );
    }
    if (c === '{' || c === '<') {
      this.fail(
        'unexpected-token',
        `Unexpected ${this.describeHere()}: a template placeholder left unresolved?`,
        start,
      );
    }
    return this.fail(
      'unexpected-token',
      `Unexpected ${this.describeHere()} where a value was expected.`,
      start,
    );
  }

  private parseObject(): JsonValue {
    const start = this.pos();
    this.advance(1);
    const members: JsonMember[] = [];
    const seen = new Map<string, JsonSpan>();
    this.skip();
    if (this.text[this.i] === '}') {
      this.advance(1);
      return { kind: 'object', members, start, end: this.pos() };
    }
    for (;;) {
      this.skip();
      const keyStart = this.pos();
      const ch = this.text[this.i];
      if (ch !== '"') {
        if (ch === "'")
          this.fail(
            'unexpected-token',
            'Single-quoted key: JSON keys use double quotes (").',
            keyStart,
          );
        if (ch === undefined)
          this.fail(
            'unexpected-end',
            'The document ends inside an object: a closing } is missing.',
            keyStart,
          );
        if (/[A-Za-z_$]/.test(ch)) {
          this.fail(
            'unexpected-token',
            `Unquoted key ${this.describeHere()}: JSON keys must be in double quotes.`,
            keyStart,
          );
        }
        this.fail(
          'unexpected-token',
          `Expected a key in double quotes, found ${this.describeHere()}.`,
          keyStart,
        );
      }
      const key = this.parseString();
      const keySpan = { start: keyStart, end: this.pos() };
      const previous = seen.get(key);
      if (previous) {
        this.issues.push({
          kind: 'duplicate-key',
          message: `Duplicate key "${key}" (first at line ${previous.start.line}): only one of them takes effect; merge them.`,
          start: keyStart,
          end: keySpan.end,
        });
      }
      seen.set(key, keySpan);
      this.skip();
      if (this.text[this.i] !== ':') {
        this.fail(
          'unexpected-token',
          `Expected ":" after the key "${key}", found ${this.describeHere()}.`,
          this.pos(),
        );
      }
      this.advance(1);
      this.skip();
      const value = this.parseValue();
      members.push({ key, keySpan, value });
      this.skip();
      if (this.separatorOrClose('}', start))
        return { kind: 'object', members, start, end: this.pos() };
    }
  }

  private parseArray(): JsonValue {
    const start = this.pos();
    this.advance(1);
    const items: JsonValue[] = [];
    this.skip();
    if (this.text[this.i] === ']') {
      this.advance(1);
      return { kind: 'array', items, start, end: this.pos() };
    }
    for (;;) {
      this.skip();
      items.push(this.parseValue());
      this.skip();
      if (this.separatorOrClose(']', start))
        return { kind: 'array', items, start, end: this.pos() };
    }
  }

  /**
   * After a member or an element: a comma (a trailing one before the closing bracket is reported and skipped), or
   * the closing bracket. Returns true when the container is closed; fails on anything else.
   */
  private separatorOrClose(close: '}' | ']', start: TextPosition): boolean {
    const sep = this.text[this.i];
    if (sep === ',') {
      const commaAt = this.pos();
      this.advance(1);
      this.skip();
      if (this.text[this.i] !== close) return false;
      this.issues.push({
        kind: 'trailing-comma',
        message: `Trailing comma before "${close}": JSON does not allow it and AWS rejects the policy; remove the comma.`,
        start: commaAt,
        end: {
          ...commaAt,
          column: commaAt.column + 1,
          offset: commaAt.offset + 1,
        },
      });
      this.advance(1);
      return true;
    }
    if (sep === close) {
      this.advance(1);
      return true;
    }
    const container = close === '}' ? 'object' : 'array';
    if (sep === undefined)
      this.fail(
        'unexpected-end',
        `The document ends inside the ${container} opened at line ${start.line}, column ${start.column}: a closing ${close} is missing.`,
        this.pos(),
      );
    if (close === '}' && sep === '"')
      this.fail(
        'unexpected-token',
        'Missing comma between members of an object.',
        this.pos(),
      );
    if (close === ']' && (sep === '"' || sep === '{' || sep === '['))
      this.fail(
        'unexpected-token',
        'Missing comma between array elements.',
        this.pos(),
      );
    return this.fail(
      'unexpected-token',
      `Expected "," or "${close}" in the ${container}, found ${this.describeHere()}.`,
      this.pos(),
    );
  }

  private parseString(): string {
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

  private parseNumber(): JsonValue {
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
