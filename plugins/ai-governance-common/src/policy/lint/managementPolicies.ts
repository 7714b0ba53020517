/**
 * Rules for management policies (AI services opt-out and tag policies): their top-level key, their per-service or
 * per-tag fields and the @@ inheritance operators.
 */
import type { LintFinding } from '../types';
import {
  expectDocumentObject,
  expectObject,
  findingAt,
  parseJsonDocument,
} from '../findings';
import type { JsonValue } from '../json';
import { LintOptions, TYPE_LABEL } from './options';

/** Lints an AI services opt-out or tag policy. */
export function lintManagementPolicy(
  text: string,
  options: LintOptions,
  findings: LintFinding[],
) {
  const { json, findings: parseFindings } = parseJsonDocument(text);
  findings.push(...parseFindings);
  if (!json) return;
  if (!expectDocumentObject(json, findings)) return;
  const expected =
    options.type === 'AISERVICES_OPT_OUT_POLICY' ? 'services' : 'tags';
  for (const m of json.members) {
    if (['Version', 'Statement', 'Id'].includes(m.key)) {
      findings.push(
        findingAt(
          'UNSUPPORTED_ELEMENT_FOR_TYPE',
          'error',
          `An ${TYPE_LABEL[options.type]} is not an IAM policy: it has no ${
            m.key
          }; its top-level key is "${expected}".`,
          m.keySpan,
        ),
      );
    } else if (m.key !== expected) {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `Unknown top-level key "${m.key}": an ${
            TYPE_LABEL[options.type]
          } has "${expected}".`,
          m.keySpan,
        ),
      );
    }
  }
  const body = json.members.find(m => m.key === expected);
  if (!body) {
    findings.push(
      findingAt(
        'MISSING_STATEMENT',
        'error',
        `An ${
          TYPE_LABEL[options.type]
        } needs a top-level "${expected}" object.`,
        json,
      ),
    );
    return;
  }
  if (!expectObject(body.value, `"${expected}" must be an object.`, findings))
    return;
  if (options.type === 'AISERVICES_OPT_OUT_POLICY') {
    for (const svc of body.value.members) {
      if (svc.key === '@@operators_allowed_for_child_policies') continue;
      checkOptOut(svc.key, svc.value, findings);
    }
  } else {
    for (const tag of body.value.members) {
      if (tag.key === '@@operators_allowed_for_child_policies') continue;
      checkTagPolicyTag(tag.key, tag.value, findings);
    }
  }
}

/** The inheritance operators of management policies. */
const OPERATORS = [
  '@@assign',
  '@@append',
  '@@remove',
  '@@operators_allowed_for_child_policies',
];
const TAG_POLICY_FIELDS = [
  'tag_key',
  'tag_value',
  'enforced_for',
  'report_required_tag_for',
];

/** One tag of a tag policy: its fields and their operators. */
function checkTagPolicyTag(
  tag: string,
  value: JsonValue,
  findings: LintFinding[],
) {
  if (
    !expectObject(
      value,
      `tags.${tag} must be an object with tag_key, tag_value, enforced_for.`,
      findings,
    )
  )
    return;
  for (const m of value.members) {
    if (m.key === '@@operators_allowed_for_child_policies') continue;
    if (!TAG_POLICY_FIELDS.includes(m.key)) {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `tags.${tag} takes ${TAG_POLICY_FIELDS.join(', ')}; found "${
            m.key
          }".`,
          m.keySpan,
        ),
      );
      continue;
    }
    if (
      !expectObject(
        m.value,
        `tags.${tag}.${m.key} must be an object such as {"@@assign": ...}.`,
        findings,
      )
    )
      continue;
    for (const op of m.value.members) {
      if (!OPERATORS.includes(op.key)) {
        findings.push(
          findingAt(
            'INVALID_POLICY_ELEMENT',
            'error',
            `Unknown operator "${op.key}" in tags.${tag}.${
              m.key
            }; use ${OPERATORS.join(', ')}.`,
            op.keySpan,
          ),
        );
      } else if (
        m.key === 'tag_key' &&
        op.key === '@@assign' &&
        op.value.kind !== 'string'
      ) {
        findings.push(
          findingAt(
            'DATA_TYPE_MISMATCH',
            'error',
            `tags.${tag}.tag_key @@assign takes the tag key as a string.`,
            op.value,
          ),
        );
      }
    }
  }
}

/** One service of an AI services opt-out policy: opt_out_policy and its value. */
function checkOptOut(
  service: string,
  value: JsonValue,
  findings: LintFinding[],
) {
  if (
    !expectObject(
      value,
      `services.${service} must be an object with "opt_out_policy".`,
      findings,
    )
  )
    return;
  for (const m of value.members) {
    if (m.key === '@@operators_allowed_for_child_policies') continue;
    if (m.key !== 'opt_out_policy') {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `services.${service} takes only "opt_out_policy"; found "${m.key}".`,
          m.keySpan,
        ),
      );
      continue;
    }
    if (m.value.kind !== 'object') continue;
    for (const op of m.value.members) {
      if (
        op.key === '@@assign' &&
        op.value.kind === 'string' &&
        !['optIn', 'optOut'].includes(op.value.value)
      ) {
        findings.push(
          findingAt(
            'INVALID_POLICY_ELEMENT',
            'error',
            `opt_out_policy @@assign is "optIn" or "optOut"; found "${op.value.value}".`,
            op.value,
          ),
        );
      }
      if (!OPERATORS.includes(op.key)) {
        findings.push(
          findingAt(
            'INVALID_POLICY_ELEMENT',
            'error',
            `Unknown operator "${op.key}" in services.${service}.opt_out_policy.`,
            op.keySpan,
          ),
        );
      }
    }
  }
}
