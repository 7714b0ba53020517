import { JSON_LIMITS, parseJsonWithPositions, policySize } from './json';
import { lintPolicy } from './lint';

describe('parseJsonWithPositions', () => {
  it('keeps 1-based positions across CRLF line ends and after a BOM', () => {
    const { value, issues } = parseJsonWithPositions(
      '\ufeff{\r\n  "a": [1, "x"],\r\n  "b": true\r\n}',
    );
    expect(issues).toEqual([]);
    if (value?.kind !== 'object') throw new Error('object expected');
    expect(
      value.members.map(m => [
        m.key,
        m.keySpan.start.line,
        m.keySpan.start.column,
      ]),
    ).toEqual([
      ['a', 2, 3],
      ['b', 3, 3],
    ]);
    const arr = value.members[0].value;
    if (arr.kind !== 'array') throw new Error('array expected');
    expect(arr.items[1]).toMatchObject({
      kind: 'string',
      value: 'x',
      start: { line: 2, column: 12 },
    });
  });

  it('decodes escapes and rejects invalid ones precisely', () => {
    const ok = parseJsonWithPositions('"a\\"b\\\\c\\u0041\\n"');
    expect(ok.value).toMatchObject({ kind: 'string', value: 'a"b\\cA\n' });
    const bad = parseJsonWithPositions('{"Resource": "arn:aws:s3:::a\\qb"}');
    expect(bad.value).toBeUndefined();
    expect(bad.issues[0]).toMatchObject({
      kind: 'invalid-escape',
      start: { line: 1, column: 29 },
    });
  });

  it('reports every recoverable problem and the duplicate keys', () => {
    const { value, issues } = parseJsonWithPositions(
      '{"a": 1, /* x */ "a": 2,}',
    );
    // Parsing goes on past each problem: both members are kept, in order, with their values.
    expect(value).toMatchObject({
      kind: 'object',
      members: [
        { key: 'a', value: { kind: 'number', value: 1 } },
        { key: 'a', value: { kind: 'number', value: 2 } },
      ],
    });
    expect(issues.map(i => i.kind)).toEqual([
      'comment',
      'duplicate-key',
      'trailing-comma',
    ]);
  });

  it('rejects what JSON rejects', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['{"a": 1} {"b": 2}', 'trailing-content'],
      ['{"a" 1}', 'unexpected-token'],
      ['{a: 1}', 'unexpected-token'],
      ['["a" "b"]', 'unexpected-token'],
      ['{"a": "line\nbreak"}', 'unterminated-string'],
      ['{"a": 01}', 'unexpected-token'],
      ['[1,', 'unexpected-end'],
    ];
    for (const [text, kind] of cases) {
      const r = parseJsonWithPositions(text);
      expect({ text, kinds: r.issues.map(i => i.kind) }).toEqual({
        text,
        kinds: expect.arrayContaining([kind]),
      });
    }
  });
});

describe('policySize', () => {
  it('counts every character as sent, whitespace included (AWS counts it for API callers)', () => {
    expect(policySize('{ "a b" : [ 1 , 2 ] }\n')).toBe(22);
    expect(policySize('{"a\\" b": 1}')).toBe(policySize('{"a\\" b":1}') + 1);
  });
});

describe('limits', () => {
  it('refuses 100,000 nested arrays with an error naming the depth limit, not a stack overflow', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const { value, issues } = parseJsonWithPositions(text);
    expect(value).toBeUndefined();
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'limit',
        message:
          'Arrays and objects nest more than 64 levels deep here, the limit: a policy needs fewer than 10.',
        start: expect.objectContaining({ line: 1, column: 65 }),
      }),
    ]);
    const findings = lintPolicy(
      `{"Version":"2012-10-17","Statement":${'['.repeat(100_000)}}`,
      { type: 'SERVICE_CONTROL_POLICY' },
    );
    expect(findings.map(f => f.code)).toContain('JSON_LIMIT_EXCEEDED');
  });

  it('accepts 64 levels, and refuses too many values and too much text', () => {
    const deep = `${'['.repeat(JSON_LIMITS.maxDepth)}${']'.repeat(
      JSON_LIMITS.maxDepth,
    )}`;
    expect(parseJsonWithPositions(deep).issues).toEqual([]);
    const many = `[${'0,'.repeat(JSON_LIMITS.maxValues)}0]`;
    expect(parseJsonWithPositions(many).issues[0].message).toBe(
      'The document holds more than 100000 values, the limit: a policy needs far fewer.',
    );
    const long = `"${'x'.repeat(JSON_LIMITS.maxLength)}"`;
    expect(parseJsonWithPositions(long).issues[0]).toMatchObject({
      kind: 'limit',
      message: `The document is ${long.length} characters; the limit is 1048576 (a policy AWS accepts is at most 10,240).`,
    });
  });
});
