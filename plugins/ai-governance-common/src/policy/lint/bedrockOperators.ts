/**
 * The management-policy syntax inside an Amazon Bedrock policy: the `@@` operators, the value a field assigns,
 * and the findings for unknown operators, unknown keys and values outside a field's allowed words.
 */
import type { LintFinding } from '../types';
import { expectObject, findingAt } from '../findings';
import type { JsonMember, JsonValue } from '../json';

const OPERATORS = [
  '@@assign',
  '@@append',
  '@@remove',
  '@@operators_allowed_for_child_policies',
];
const CHILD_OPERATORS = '@@operators_allowed_for_child_policies';
/** A JSON object value. */
export type JsonObject = Extract<JsonValue, { kind: 'object' }>;

/** The members of an object other than the child-operator control. */
export function fields(value: JsonObject): JsonMember[] {
  return value.members.filter(m => m.key !== CHILD_OPERATORS);
}

/** The value a field assigns (`{"@@assign": v}`), reporting unknown operators. */
export function assignedValue(
  member: JsonMember,
  where: string,
  findings: LintFinding[],
): JsonValue | undefined {
  if (
    !expectObject(
      member.value,
      `${where} must be an object such as {"@@assign": ...}.`,
      findings,
    )
  )
    return undefined;
  let value: JsonValue | undefined;
  for (const op of member.value.members) {
    if (!OPERATORS.includes(op.key)) {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `Unknown operator "${op.key}" in ${where}; use ${OPERATORS.join(
            ', ',
          )}.`,
          op.keySpan,
        ),
      );
    } else if (op.key === '@@assign') value = op.value;
  }
  return value;
}

/** A finding for a key `where` does not take. */
export function unknownKey(
  member: JsonMember,
  where: string,
  expected: string[],
  findings: LintFinding[],
) {
  findings.push(
    findingAt(
      'INVALID_POLICY_ELEMENT',
      'error',
      `${where} takes ${expected.join(', ')}; found "${member.key}".`,
      member.keySpan,
    ),
  );
}

/** A finding unless the value is one of the allowed words (case-insensitive). */
export function checkEnum(
  value: JsonValue,
  allowed: string[],
  where: string,
  findings: LintFinding[],
) {
  if (value.kind !== 'string' || !allowed.includes(value.value.toLowerCase())) {
    findings.push(
      findingAt(
        'INVALID_POLICY_ELEMENT',
        'error',
        `${where} @@assign is ${allowed.map(a => `"${a}"`).join(' or ')}.`,
        value,
      ),
    );
  }
}
