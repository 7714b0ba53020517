/**
 * The JSON parser behind parseJsonWithPositions: builds values, objects and arrays in one pass over the scanner's
 * tokens, keeping every value's and key's position, reporting recoverable mistakes (trailing commas, duplicate keys)
 * and stopping at the first other one; enforces the size, depth and value-count limits.
 */
import {
  JSON_LIMITS,
  JsonMember,
  JsonParseResult,
  JsonSpan,
  JsonValue,
  TextPosition,
} from './json';
import { Fatal, JsonScanner } from './jsonScanner';

/** Parses one text; use run() once. */
export class JsonParser extends JsonScanner {
  private depth = 0;
  private values = 0;

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
}
