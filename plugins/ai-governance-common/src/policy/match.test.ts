import fc from 'fast-check';
import { PolicyLimitError } from './errors';
import {
  arnMatch,
  compileWildcard,
  globMatch,
  MATCH_LIMITS,
  resourceMatch,
  wildcardBuilder,
  wildcardMatches,
} from './match';
import { parseTemplate, templateWildcard } from './policyVariables';

/** What the engine did before: a regular expression built from the pattern (fine as an oracle on short inputs). */
function regexOracle(pattern: string, value: string, ignoreCase: boolean) {
  const source = [...pattern]
    .map(ch => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const seed = 18;

describe('wildcard matching', () => {
  it('matches * and ? anywhere, case-sensitively or not', () => {
    expect(globMatch('s3:Get*', 's3:GetObject')).toBe(true);
    expect(globMatch('s3:Get*', 's3:getObject')).toBe(false);
    expect(globMatch('s3:get*', 's3:GetObject', true)).toBe(true);
    expect(globMatch('s?:*Object', 's3:PutObject')).toBe(true);
    expect(globMatch('s?:*Object', 's3:PutObjects')).toBe(false);
    expect(globMatch('a*b*c', 'abc')).toBe(true);
    expect(globMatch('a*b*c', 'acb')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('?', '')).toBe(false);
    expect(globMatch('a\n*', 'a\nb\nc')).toBe(true);
  });

  it('agrees with the regular expressions it replaces, on any pattern and value', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      'A',
      '*',
      '?',
      '.',
      '$',
      '\n',
      'ß',
      'İ',
      'ı',
      'k',
      '\u212a', // Kelvin sign: upper case of nothing ASCII under the regex rules
    );
    const text = fc.array(alphabet, { maxLength: 9 }).map(a => a.join(''));
    fc.assert(
      fc.property(text, text, fc.boolean(), (pattern, value, ignoreCase) => {
        const value2 = value.replace(/[*?]/g, 'a');
        expect(
          wildcardMatches(compileWildcard(pattern, ignoreCase), value2),
        ).toBe(regexOracle(pattern, value2, ignoreCase));
      }),
      { seed, numRuns: 5000 },
    );
  });

  it('answers pathological patterns by the same rules', () => {
    const evil = `${'*?'.repeat(30)}Z`;
    expect(globMatch(evil, 'DescribeInstances')).toBe(false);
    expect(globMatch(evil, `${'x'.repeat(29)}Z`)).toBe(false);
    expect(globMatch(evil, `${'x'.repeat(30)}Z`)).toBe(true);
    expect(globMatch(evil, `${'x'.repeat(3000)}Zx`)).toBe(false);
    expect(globMatch(`${'*a'.repeat(200)}*b`, 'a'.repeat(4000))).toBe(false);
    expect(globMatch(`${'*a'.repeat(200)}*`, 'a'.repeat(4000))).toBe(true);
  });

  it('refuses patterns and values over the limits with an error naming them', () => {
    const pattern = `${'a*'.repeat(MATCH_LIMITS.maxPatternLength / 2)}b`;
    expect(() => globMatch(pattern, 'ab')).toThrow(PolicyLimitError);
    expect(() => globMatch(pattern, 'ab')).toThrow(
      'A wildcard pattern of 20481 characters is longer than the 20480 the policy engine matches',
    );
    const value = 'a'.repeat(MATCH_LIMITS.maxValueLength + 1);
    expect(() => globMatch('a*', value)).toThrow(
      'A value of 4097 characters is longer than the 4096 the policy engine matches against wildcards (an ARN is at most 2,048 characters): shorten it.',
    );
    // Literal comparisons need no wildcard scan and keep working.
    expect(globMatch(value, value)).toBe(true);
  });

  it('matches ARNs part by part, wildcards never crossing the first five colons', () => {
    expect(
      arnMatch('arn:aws:iam::*:role/Org*', 'arn:aws:iam::1:role/OrgAdmin'),
    ).toBe(true);
    expect(arnMatch('arn:aws:*:*:*:x', 'arn:aws:iam::1:role:x')).toBe(false);
    expect(globMatch('arn:aws:*:*:*:x', 'arn:aws:iam::1:role:x')).toBe(true);
    expect(resourceMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/k:1')).toBe(true);
    expect(resourceMatch('b*', 'bucket')).toBe(true);
  });

  it('builds condition-key patterns whose placeholders stand for one or more characters', () => {
    const w = wildcardBuilder(true)
      .literal('aws:RequestTag/')
      .oneOrMore()
      .literal('*')
      .build();
    expect(wildcardMatches(w, 'aws:requesttag/team*')).toBe(true);
    expect(wildcardMatches(w, 'aws:requesttag/*')).toBe(false);
    expect(wildcardMatches(w, 'aws:requesttag/team')).toBe(false);
  });
});

describe('policy variables', () => {
  it('keeps substituted values and ${*} literal', () => {
    const parts = parseTemplate('home/${aws:username}/${*}/*')!;
    const resolved = parts.map(p =>
      'variable' in p ? { variable: 'a*?' } : p,
    );
    const w = templateWildcard(resolved, false);
    expect(wildcardMatches(w, 'home/a*?/*/x')).toBe(true);
    expect(wildcardMatches(w, 'home/abc/*/x')).toBe(false);
    expect(wildcardMatches(w, 'home/a*?/x/x')).toBe(false);
  });

  it("splits ${key, 'default'} as the regular expression it replaces did, in linear time", () => {
    const oracle = (inner: string) => {
      const m = /^(.*?)\s*,\s*'(.*)'$/.exec(inner);
      return m
        ? { variable: m[1].toLowerCase(), fallback: m[2] }
        : { variable: inner.toLowerCase() };
    };
    const inner = fc
      .array(fc.constantFrom('a', ' ', ',', "'", '\n', '\u2028', '\t', 'B'), {
        maxLength: 12,
      })
      .map(a => a.join(''));
    fc.assert(
      fc.property(inner, s => {
        const parts = parseTemplate(`\${${s}}`)!;
        const expected = ['*', '?', '$'].includes(s.trim())
          ? { text: `\u0000${s.trim()}` }
          : oracle(s.trim());
        expect(parts).toEqual([expected]);
      }),
      { seed, numRuns: 5000 },
    );
    // A long run of commas and spaces: one pass, same answer.
    const long = `aws:username${' ,'.repeat(5000)}`;
    expect(parseTemplate(`\${${long}}`)).toEqual([
      { variable: long.toLowerCase() },
    ]);
  });
});
