import { APPROVED_MODELS_CONTENT } from '../testing/fixtures';
import { ageSeconds, findStatementLines, formatAge } from './format';

describe('format', () => {
  it('formats ages', () => {
    expect(formatAge(null)).toBe('never');
    expect(formatAge(12)).toBe('12 s ago');
    expect(formatAge(300)).toBe('5 min ago');
    expect(formatAge(7200)).toBe('2 h ago');
    expect(formatAge(3 * 86400)).toBe('3 days ago');
    expect(
      ageSeconds('2026-01-01T00:00:10Z', Date.parse('2026-01-01T00:01:10Z')),
    ).toBe(60);
    expect(ageSeconds('garbage')).toBeNull();
  });

  it('finds a statement by index and by Sid', () => {
    expect(findStatementLines(APPROVED_MODELS_CONTENT, 0)).toEqual({
      startLine: 4,
      endLine: 12,
    });
    expect(findStatementLines(APPROVED_MODELS_CONTENT, 1)).toEqual({
      startLine: 13,
      endLine: 18,
    });
    expect(
      findStatementLines(APPROVED_MODELS_CONTENT, 0, 'DenyLeaveOrg'),
    ).toEqual({ startLine: 13, endLine: 18 });
    expect(findStatementLines(APPROVED_MODELS_CONTENT, 5)).toBeUndefined();
  });

  it('handles a single statement object and braces inside strings', () => {
    const doc =
      '{\n "Statement": {\n  "Sid": "a{b}",\n  "Effect": "Deny"\n }\n}';
    expect(findStatementLines(doc, 0)).toEqual({ startLine: 2, endLine: 5 });
    expect(findStatementLines('{}', 0)).toBeUndefined();
  });
});
