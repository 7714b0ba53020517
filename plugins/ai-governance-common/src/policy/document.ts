/**
 * The IAM policy grammar as SCPs and RCPs accept it, read from the position-keeping JSON tree. Tolerant where AWS is
 * (a single statement object instead of an array, a string instead of a one-element array, booleans and numbers as
 * condition values), strict where AWS is (element names and Effect values are case-sensitive, Action and NotAction
 * together are rejected).
 */
import type { FindingSeverity, LintFinding } from './types';
import { JsonSpan, JsonValue, parseJsonWithPositions } from './json';

/** A string value of a policy element with its position. @public */
export interface PolicyString {
  value: string;
  span: JsonSpan;
}

/** One operator/key pair of a Condition block. @public */
export interface PolicyCondition {
  /** As written, e.g. `ForAnyValue:StringNotLikeIfExists`. */
  operator: string;
  operatorSpan: JsonSpan;
  key: string;
  keySpan: JsonSpan;
  values: PolicyString[];
  /** Where the values are (the string or array). */
  valueSpan: JsonSpan;
}

/** @public */
export interface PolicyPrincipal {
  /** `*` when the element is the string `*`. */
  wildcard: boolean;
  /** Principal type (AWS, Service, Federated, CanonicalUser) to values. */
  byType: Record<string, PolicyString[]>;
  span: JsonSpan;
}

/** One statement, with every element and where it is. @public */
export interface PolicyStatement {
  index: number;
  span: JsonSpan;
  sid?: PolicyString;
  effect?: PolicyString;
  action?: PolicyString[];
  notAction?: PolicyString[];
  resource?: PolicyString[];
  notResource?: PolicyString[];
  principal?: PolicyPrincipal;
  notPrincipal?: PolicyPrincipal;
  conditions: PolicyCondition[];
  /** The key position of every element present, by element name as written. */
  elements: Record<string, JsonSpan>;
}

/** A parsed IAM policy document. @public */
export interface PolicyDocument {
  version?: PolicyString;
  id?: PolicyString;
  statements: PolicyStatement[];
  /** Top-level elements present, by name, with the key's position. */
  elements: Record<string, JsonSpan>;
  /** Whether `Statement` was a single object rather than an array. */
  singleStatement: boolean;
  root: JsonValue;
}

/** @public */
export interface PolicyParseResult {
  /** Undefined when the JSON could not be read at all. */
  document?: PolicyDocument;
  /** The JSON tree, when the text is JSON (also for non-IAM documents such as AI opt-out policies). */
  json?: JsonValue;
  findings: LintFinding[];
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

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

/**
 * Parses an IAM policy document (SCP or RCP). Never throws: problems come back as findings with positions.
 * @public
 */
export function parsePolicyDocument(text: string): PolicyParseResult {
  const { json, findings } = parseJsonDocument(text);
  if (!json) return { findings };
  const document = readDocument(json, findings);
  return { document, json, findings };
}

function strings(
  v: JsonValue,
  element: string,
  findings: LintFinding[],
  statementIndex: number | undefined,
  allowScalars = false,
): PolicyString[] {
  const one = (x: JsonValue): PolicyString | undefined => {
    if (x.kind === 'string') return { value: x.value, span: x };
    if (allowScalars && (x.kind === 'boolean' || x.kind === 'number')) {
      return { value: x.kind === 'number' ? x.raw : String(x.value), span: x };
    }
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        `${element} takes a string or an array of strings; found ${describeJsonKind(
          x.kind,
        )}.`,
        x,
        statementIndex,
      ),
    );
    return undefined;
  };
  if (v.kind === 'array') {
    return v.items.map(one).filter((s): s is PolicyString => s !== undefined);
  }
  const s = one(v);
  return s ? [s] : [];
}

function readPrincipal(
  v: JsonValue,
  element: string,
  findings: LintFinding[],
  statementIndex: number,
): PolicyPrincipal {
  if (v.kind === 'string') {
    if (v.value !== '*') {
      findings.push(
        findingAt(
          'INVALID_PRINCIPAL_FORMAT',
          'error',
          `${element} as a string must be "*"; otherwise use an object such as {"AWS": "arn:aws:iam::111122223333:root"}.`,
          v,
          statementIndex,
        ),
      );
    }
    return { wildcard: v.value === '*', byType: {}, span: v };
  }
  const byType: Record<string, PolicyString[]> = {};
  if (v.kind !== 'object') {
    findings.push(
      findingAt(
        'INVALID_PRINCIPAL_FORMAT',
        'error',
        `${element} must be "*" or an object.`,
        v,
        statementIndex,
      ),
    );
    return { wildcard: false, byType, span: v };
  }
  for (const m of v.members) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(m.key)) {
      findings.push(
        findingAt(
          'INVALID_PRINCIPAL_KEY',
          'error',
          `Unknown principal type "${m.key}": use AWS, Service, Federated or CanonicalUser.`,
          m.keySpan,
          statementIndex,
        ),
      );
    }
    byType[m.key] = strings(
      m.value,
      `${element}.${m.key}`,
      findings,
      statementIndex,
    );
  }
  const wildcard = (byType.AWS ?? []).some(s => s.value === '*');
  return { wildcard, byType, span: v };
}

function readStatement(
  v: JsonValue,
  index: number,
  findings: LintFinding[],
): PolicyStatement | undefined {
  if (v.kind !== 'object') {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        'Each statement must be a JSON object.',
        v,
        index,
      ),
    );
    return undefined;
  }
  const st: PolicyStatement = { index, span: v, conditions: [], elements: {} };
  for (const m of v.members) {
    if (!STATEMENT_ELEMENTS.has(m.key)) {
      const proper = [...STATEMENT_ELEMENTS].find(
        e => e.toLowerCase() === m.key.toLowerCase(),
      );
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          proper
            ? `Element "${m.key}" must be spelled "${proper}" (element names are case-sensitive).`
            : `"${m.key}" is not a statement element; allowed: ${[
                ...STATEMENT_ELEMENTS,
              ].join(', ')}.`,
          m.keySpan,
          index,
        ),
      );
      continue;
    }
    st.elements[m.key] = m.keySpan;
    switch (m.key) {
      case 'Sid':
        if (m.value.kind === 'string')
          st.sid = { value: m.value.value, span: m.value };
        else
          findings.push(
            findingAt(
              'DATA_TYPE_MISMATCH',
              'error',
              'Sid must be a string.',
              m.value,
              index,
            ),
          );
        break;
      case 'Effect':
        if (m.value.kind === 'string')
          st.effect = { value: m.value.value, span: m.value };
        else
          findings.push(
            findingAt(
              'INVALID_EFFECT',
              'error',
              'Effect must be "Allow" or "Deny".',
              m.value,
              index,
            ),
          );
        break;
      case 'Action':
        st.action = strings(m.value, m.key, findings, index);
        break;
      case 'NotAction':
        st.notAction = strings(m.value, m.key, findings, index);
        break;
      case 'Resource':
        st.resource = strings(m.value, m.key, findings, index);
        break;
      case 'NotResource':
        st.notResource = strings(m.value, m.key, findings, index);
        break;
      case 'Principal':
        st.principal = readPrincipal(m.value, m.key, findings, index);
        break;
      case 'NotPrincipal':
        st.notPrincipal = readPrincipal(m.value, m.key, findings, index);
        break;
      case 'Condition':
        readConditions(m.value, st, findings);
        break;
      default:
        break;
    }
  }
  return st;
}

function readConditions(
  v: JsonValue,
  st: PolicyStatement,
  findings: LintFinding[],
) {
  if (v.kind !== 'object') {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        'Condition must be an object such as {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}.',
        v,
        st.index,
      ),
    );
    return;
  }
  for (const op of v.members) {
    if (op.value.kind !== 'object') {
      findings.push(
        findingAt(
          'DATA_TYPE_MISMATCH',
          'error',
          `The condition operator "${op.key}" takes an object of condition keys to values.`,
          op.value,
          st.index,
        ),
      );
      continue;
    }
    for (const k of op.value.members) {
      st.conditions.push({
        operator: op.key,
        operatorSpan: op.keySpan,
        key: k.key,
        keySpan: k.keySpan,
        values: strings(
          k.value,
          `The value of ${k.key}`,
          findings,
          st.index,
          true,
        ),
        valueSpan: k.value,
      });
    }
  }
}

function readDocument(
  json: JsonValue,
  findings: LintFinding[],
): PolicyDocument | undefined {
  if (json.kind !== 'object') {
    findings.push(
      findingAt(
        'JSON_SYNTAX_ERROR',
        'error',
        'A policy document must be a JSON object.',
        json,
      ),
    );
    return undefined;
  }
  const doc: PolicyDocument = {
    statements: [],
    elements: {},
    singleStatement: false,
    root: json,
  };
  let statementValue: JsonValue | undefined;
  for (const m of json.members) {
    if (!TOP_LEVEL.has(m.key)) {
      const proper = [...TOP_LEVEL].find(
        e => e.toLowerCase() === m.key.toLowerCase(),
      );
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          proper
            ? `Element "${m.key}" must be spelled "${proper}" (element names are case-sensitive).`
            : `"${m.key}" is not a policy element; a policy has Version, Id and Statement.`,
          m.keySpan,
        ),
      );
      continue;
    }
    doc.elements[m.key] = m.keySpan;
    if (m.key === 'Version') {
      if (m.value.kind === 'string')
        doc.version = { value: m.value.value, span: m.value };
      else
        findings.push(
          findingAt(
            'INVALID_VERSION',
            'error',
            'Version must be the string "2012-10-17".',
            m.value,
          ),
        );
    } else if (m.key === 'Id') {
      if (m.value.kind === 'string')
        doc.id = { value: m.value.value, span: m.value };
    } else {
      statementValue = m.value;
    }
  }
  if (doc.version && !VERSIONS.has(doc.version.value)) {
    findings.push(
      findingAt(
        'INVALID_VERSION',
        'error',
        `Version "${doc.version.value}" does not exist: use "2012-10-17".`,
        doc.version.span,
      ),
    );
  }
  if (!statementValue) {
    findings.push(
      findingAt(
        'MISSING_STATEMENT',
        'error',
        'The policy has no Statement element.',
        json,
      ),
    );
    return doc;
  }
  if (statementValue.kind === 'object') {
    doc.singleStatement = true;
    const st = readStatement(statementValue, 0, findings);
    if (st) doc.statements.push(st);
  } else if (statementValue.kind === 'array') {
    statementValue.items.forEach((item, i) => {
      const st = readStatement(item, i, findings);
      if (st) doc.statements.push(st);
    });
    if (statementValue.items.length === 0) {
      findings.push(
        findingAt(
          'MISSING_STATEMENT',
          'error',
          'Statement is an empty array.',
          statementValue,
        ),
      );
    }
  } else {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        'Statement must be an object or an array of objects.',
        statementValue,
      ),
    );
  }
  return doc;
}

function describeJsonKind(kind: string): string {
  if (kind === 'object') return 'an object';
  if (kind === 'array') return 'a nested array';
  return `a ${kind}`;
}
