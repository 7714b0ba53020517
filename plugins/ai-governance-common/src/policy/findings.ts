/**
 * Making lint findings: a finding at a span of the text, JSON syntax problems as findings, and the checks on a JSON
 * value's kind that the document reader and the linter share.
 */
import type { FindingSeverity, LintFinding } from './types';
import { JsonSpan, JsonValue, parseJsonWithPositions } from './json';

/** Creates a finding at a span. @public */
export function findingAt(
  code: string,
  severity: FindingSeverity,
  message: string,
  span: JsonSpan | undefined,
  statementIndex?: number,
): LintFinding {
  const f: LintFinding = {
    code,
    severity,
    message,
    line: span?.start.line ?? 1,
    column: span?.start.column ?? 1,
  };
  if (span) {
    f.endLine = span.end.line;
    f.endColumn = span.end.column;
  }
  if (statementIndex !== undefined) f.statementIndex = statementIndex;
  return f;
}

/** Reads JSON text into a JSON tree, turning syntax problems into `JSON_SYNTAX_ERROR` findings. @public */
export function parseJsonDocument(text: string): {
  json?: JsonValue;
  findings: LintFinding[];
} {
  const { value, issues } = parseJsonWithPositions(text);
  const code = (kind: string) => {
    if (kind === 'duplicate-key') return 'DUPLICATE_KEYS';
    if (kind === 'limit') return 'JSON_LIMIT_EXCEEDED';
    return 'JSON_SYNTAX_ERROR';
  };
  const findings = issues.map(issue =>
    findingAt(code(issue.kind), 'error', issue.message, issue),
  );
  return { json: value, findings };
}

/** A JSON object value. */
export type JsonObject = Extract<JsonValue, { kind: 'object' }>;

/**
 * Whether the value is an object; when not, adds an error finding (DATA_TYPE_MISMATCH unless another code is given)
 * with the message.
 */
export function expectObject(
  value: JsonValue,
  message: string,
  findings: LintFinding[],
  options: { code?: string; statementIndex?: number } = {},
): value is JsonObject {
  if (value.kind === 'object') return true;
  findings.push(
    findingAt(
      options.code ?? 'DATA_TYPE_MISMATCH',
      'error',
      message,
      value,
      options.statementIndex,
    ),
  );
  return false;
}

/** A document's top level is an object, or a JSON_SYNTAX_ERROR finding says it must be. */
export function expectDocumentObject(
  json: JsonValue,
  findings: LintFinding[],
): json is JsonObject {
  return expectObject(
    json,
    'A policy document must be a JSON object.',
    findings,
    {
      code: 'JSON_SYNTAX_ERROR',
    },
  );
}

/**
 * INVALID_POLICY_ELEMENT for a key that is not one of `known`: names the proper spelling when only the case differs
 * (element names are case-sensitive), else says `otherwise`.
 */
export function unknownElementFinding(
  member: { key: string; keySpan: JsonSpan },
  known: Iterable<string>,
  otherwise: string,
  statementIndex?: number,
): LintFinding {
  const lower = member.key.toLowerCase();
  const proper = [...known].find(e => e.toLowerCase() === lower);
  return findingAt(
    'INVALID_POLICY_ELEMENT',
    'error',
    proper
      ? `Element "${member.key}" must be spelled "${proper}" (element names are case-sensitive).`
      : otherwise,
    member.keySpan,
    statementIndex,
  );
}

/**
 * A string value with its position; when the value is not a string, adds an error finding with the code and message
 * and gives undefined.
 */
export function readString(
  value: JsonValue,
  findings: LintFinding[],
  problem: { code: string; message: string; statementIndex?: number },
): { value: string; span: JsonSpan } | undefined {
  if (value.kind === 'string') return { value: value.value, span: value };
  findings.push(
    findingAt(
      problem.code,
      'error',
      problem.message,
      value,
      problem.statementIndex,
    ),
  );
  return undefined;
}
