/**
 * Reading one statement of an IAM policy from the JSON tree: its elements, principals and condition blocks, with a
 * finding for every element of the wrong kind or name.
 */
import type { LintFinding } from './types';
import type { JsonValue } from './json';
import type {
  PolicyPrincipal,
  PolicyStatement,
  PolicyString,
} from './document';
import {
  expectObject,
  findingAt,
  readString,
  unknownElementFinding,
} from './findings';

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

/** The statement field each list element is read into. */
const LIST_FIELDS = {
  Action: 'action',
  NotAction: 'notAction',
  Resource: 'resource',
  NotResource: 'notResource',
} as const;

/** A string or an array of strings (with `allowScalars`, booleans and numbers as strings too). */
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

/** Reads Principal or NotPrincipal: `*` or an object of principal types to values. */
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

/** Reads statement number `index`; undefined (with a finding) when it is not an object. */
export function readStatement(
  v: JsonValue,
  index: number,
  findings: LintFinding[],
): PolicyStatement | undefined {
  if (
    !expectObject(v, 'Each statement must be a JSON object.', findings, {
      statementIndex: index,
    })
  )
    return undefined;
  const st: PolicyStatement = { index, span: v, conditions: [], elements: {} };
  for (const m of v.members) {
    if (!STATEMENT_ELEMENTS.has(m.key)) {
      findings.push(
        unknownElementFinding(
          m,
          STATEMENT_ELEMENTS,
          `"${m.key}" is not a statement element; allowed: ${[
            ...STATEMENT_ELEMENTS,
          ].join(', ')}.`,
          index,
        ),
      );
      continue;
    }
    st.elements[m.key] = m.keySpan;
    switch (m.key) {
      case 'Sid':
        st.sid = readString(m.value, findings, {
          code: 'DATA_TYPE_MISMATCH',
          message: 'Sid must be a string.',
          statementIndex: index,
        });
        break;
      case 'Effect':
        st.effect = readString(m.value, findings, {
          code: 'INVALID_EFFECT',
          message: 'Effect must be "Allow" or "Deny".',
          statementIndex: index,
        });
        break;
      case 'Action':
      case 'NotAction':
      case 'Resource':
      case 'NotResource':
        st[LIST_FIELDS[m.key]] = strings(m.value, m.key, findings, index);
        break;
      case 'Principal':
      case 'NotPrincipal':
        st[m.key === 'Principal' ? 'principal' : 'notPrincipal'] =
          readPrincipal(m.value, m.key, findings, index);
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

/** Reads a Condition block into the statement's conditions, one per operator and key. */
function readConditions(
  v: JsonValue,
  st: PolicyStatement,
  findings: LintFinding[],
) {
  const at = { statementIndex: st.index };
  if (
    !expectObject(
      v,
      'Condition must be an object such as {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}.',
      findings,
      at,
    )
  )
    return;
  for (const op of v.members) {
    if (
      !expectObject(
        op.value,
        `The condition operator "${op.key}" takes an object of condition keys to values.`,
        findings,
        at,
      )
    )
      continue;
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

function describeJsonKind(kind: string): string {
  if (kind === 'object') return 'an object';
  if (kind === 'array') return 'a nested array';
  return `a ${kind}`;
}
