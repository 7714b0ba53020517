/**
 * The IAM policy grammar as SCPs and RCPs accept it, read from the position-keeping JSON tree. Tolerant where AWS is
 * (a single statement object instead of an array, a string instead of a one-element array, booleans and numbers as
 * condition values), strict where AWS is (element names and Effect values are case-sensitive, Action and NotAction
 * together are rejected).
 */
import type { LintFinding } from './types';
import type { JsonSpan, JsonValue } from './json';
import {
  expectDocumentObject,
  findingAt,
  parseJsonDocument,
  readString,
  unknownElementFinding,
} from './findings';
import { readStatement } from './statement';

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
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

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

/** Reads the top level (Version, Id, Statement) and every statement. */
function readDocument(
  json: JsonValue,
  findings: LintFinding[],
): PolicyDocument | undefined {
  if (!expectDocumentObject(json, findings)) return undefined;
  const doc: PolicyDocument = {
    statements: [],
    elements: {},
    singleStatement: false,
    root: json,
  };
  let statementValue: JsonValue | undefined;
  for (const m of json.members) {
    if (!TOP_LEVEL.has(m.key)) {
      findings.push(
        unknownElementFinding(
          m,
          TOP_LEVEL,
          `"${m.key}" is not a policy element; a policy has Version, Id and Statement.`,
        ),
      );
      continue;
    }
    doc.elements[m.key] = m.keySpan;
    if (m.key === 'Version') {
      doc.version = readString(m.value, findings, {
        code: 'INVALID_VERSION',
        message: 'Version must be the string "2012-10-17".',
      });
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
