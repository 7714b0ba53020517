/**
 * The syntax of management policies (every policy type except SCPs and RCPs): a JSON object whose settings are
 * set with the value-setting operators `@@assign`, `@@append` and `@@remove`, and limited for child policies with
 * `@@operators_allowed_for_child_policies`.
 *
 * Follows "Policy syntax and inheritance for management policy types"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_mgmt.html) and
 * "Inheritance operators" (https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html):
 * - `@@assign` applies to any setting (a single value or a JSON array);
 * - `@@append` and `@@remove` apply to multi-valued settings only (JSON arrays);
 * - `@@operators_allowed_for_child_policies` takes `["@@all"]`, `["@@none"]` or one or more of the three
 *   value-setting operators.
 * Tag policies also have the `enforced_for` setting ("Tag policy syntax"); no other type has it. AWS's pages do not
 * say whether one object may hold both an operator and nested settings; this reader refuses it, because the
 * inheritance rules give no meaning to it.
 */
import { documentLimitProblem } from '../orgModel/documentLimits';
import { POLICY_TYPE_FACTS } from '../orgModel/policyTypes';
import type { PolicyType } from '../orgModel/types';

/** A JSON value. @public */
export type ManagementJson =
  | null
  | boolean
  | number
  | string
  | ManagementJson[]
  | { [key: string]: ManagementJson };

/** The three value-setting operators. @public */
export type ValueSettingOperator = '@@assign' | '@@append' | '@@remove';

/** The value-setting operators, in the order AWS lists them. @public */
export const VALUE_SETTING_OPERATORS: readonly ValueSettingOperator[] = [
  '@@assign',
  '@@append',
  '@@remove',
];

/** The child control operator. @public */
export const CHILD_CONTROL_OPERATOR = '@@operators_allowed_for_child_policies';

/** One problem in a management policy document, with the JSON Pointer of the place. @public */
export interface ManagementPolicyProblem {
  /** JSON Pointer (RFC 6901) of the object or value at fault; "" for the whole document. */
  path: string;
  message: string;
}

/** A management policy document read: the parsed object, or the problems that make AWS refuse it. @public */
export interface ParsedManagementPolicy {
  document?: { [key: string]: ManagementJson };
  problems: ManagementPolicyProblem[];
}

/** JSON Pointer (RFC 6901) of a path of keys. @public */
export function jsonPointer(keys: readonly string[]): string {
  return keys
    .map(k => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}

export function isJsonObject(
  v: ManagementJson | undefined,
): v is { [key: string]: ManagementJson } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Most problems one read reports: a hostile document with thousands of bad settings gets a bounded answer (the first
 * ones, then a note that there are more), not one message per setting.
 */
const MAX_MANAGEMENT_POLICY_PROBLEMS = 100;

const ALLOWED_CHILD_OPERATORS = new Set([
  '@@all',
  '@@none',
  ...VALUE_SETTING_OPERATORS,
]);

/**
 * Reads a management policy document of the given type and checks the operator syntax: JSON object; only the
 * documented operators; `@@append`/`@@remove` with arrays; valid child control lists; no object mixing an operator
 * with nested settings; no bare value where an operator is expected; `enforced_for` only in tag policies.
 * @public
 */
export function parseManagementPolicy(
  type: PolicyType,
  content: string,
): ParsedManagementPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    return {
      problems: [
        {
          path: '',
          message: `The document is not valid JSON: ${(e as Error).message}`,
        },
      ],
    };
  }
  if (!isJsonObject(doc as ManagementJson)) {
    return {
      problems: [{ path: '', message: 'The document must be a JSON object.' }],
    };
  }
  const limit = documentLimitProblem(doc, 'The policy document');
  if (limit) return { problems: [{ path: '', message: limit }] };
  const problems: ManagementPolicyProblem[] = [];
  const label = POLICY_TYPE_FACTS[type].label;
  const hasEnforcedFor = POLICY_TYPE_FACTS[type].hasEnforcedFor;

  const visit = (obj: { [key: string]: ManagementJson }, keys: string[]) => {
    if (problems.length > MAX_MANAGEMENT_POLICY_PROBLEMS) return;
    const at = jsonPointer(keys);
    const operators = Object.keys(obj).filter(k =>
      (VALUE_SETTING_OPERATORS as string[]).includes(k),
    );
    const settings = Object.keys(obj).filter(k => !k.startsWith('@@'));
    for (const k of Object.keys(obj)) {
      if (problems.length > MAX_MANAGEMENT_POLICY_PROBLEMS) break;
      if (
        k.startsWith('@@') &&
        !(VALUE_SETTING_OPERATORS as string[]).includes(k) &&
        k !== CHILD_CONTROL_OPERATOR
      ) {
        problems.push({
          path: jsonPointer([...keys, k]),
          message:
            k === '@@enforced_for'
              ? '"@@enforced_for" is not an operator: enforced_for is a tag policy setting, written "enforced_for": {"@@assign": [...]}.'
              : `"${k}" is not an inheritance operator; use @@assign, @@append, @@remove or ${CHILD_CONTROL_OPERATOR}.`,
        });
      }
    }
    if (operators.length > 0 && keys.length === 0) {
      problems.push({
        path: at,
        message: `The document itself can't be set with ${operators.join(
          ', ',
        )}; operators go on the settings inside it.`,
      });
    } else if (operators.length > 0 && settings.length > 0) {
      problems.push({
        path: at,
        message: `An object can't hold both an operator (${operators.join(
          ', ',
        )}) and nested settings (${settings.join(
          ', ',
        )}); put the operator on the setting it sets.`,
      });
    }
    for (const op of operators) {
      const operand = obj[op];
      if (op !== '@@assign' && !Array.isArray(operand)) {
        problems.push({
          path: jsonPointer([...keys, op]),
          message: `${op} applies to multi-valued settings only: its value must be a JSON array.`,
        });
      }
    }
    if (obj[CHILD_CONTROL_OPERATOR] !== undefined) {
      const list = obj[CHILD_CONTROL_OPERATOR];
      const where = jsonPointer([...keys, CHILD_CONTROL_OPERATOR]);
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        list.some(x => typeof x !== 'string' || !ALLOWED_CHILD_OPERATORS.has(x))
      ) {
        problems.push({
          path: where,
          message: `${CHILD_CONTROL_OPERATOR} takes a non-empty array of "@@all", "@@none", "@@assign", "@@append", "@@remove".`,
        });
      } else if (
        list.length > 1 &&
        list.some(x => x === '@@all' || x === '@@none')
      ) {
        problems.push({
          path: where,
          message: `"@@all" and "@@none" stand alone in ${CHILD_CONTROL_OPERATOR}.`,
        });
      }
    }
    for (const k of settings) {
      if (problems.length > MAX_MANAGEMENT_POLICY_PROBLEMS) break;
      const v = obj[k];
      const childKeys = [...keys, k];
      if (k === 'enforced_for' && !hasEnforcedFor) {
        problems.push({
          path: jsonPointer(childKeys),
          message: `enforced_for is a tag policy setting; a ${label} has no such setting.`,
        });
      }
      if (isJsonObject(v)) visit(v, childKeys);
      else {
        problems.push({
          path: jsonPointer(childKeys),
          message: `"${k}" must be set with an operator, e.g. {"@@assign": ${JSON.stringify(
            v,
          )}}.`,
        });
      }
    }
  };
  visit(doc as { [key: string]: ManagementJson }, []);
  if (problems.length > MAX_MANAGEMENT_POLICY_PROBLEMS) {
    problems.length = MAX_MANAGEMENT_POLICY_PROBLEMS;
    problems.push({
      path: '',
      message: `More than ${MAX_MANAGEMENT_POLICY_PROBLEMS} problems; fix these and read the document again.`,
    });
  }
  return problems.length > 0
    ? { problems }
    : { document: doc as { [key: string]: ManagementJson }, problems };
}
