/**
 * Size rules: the policy's size against its type's quota (as AWS counts it), and values longer than the policy engine
 * matches (VALUE_TOO_LONG).
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { PolicyStatement } from '../document';
import { JsonSpan, policySize } from '../json';
import { MATCH_LIMITS } from '../match';
import { DEFAULT_POLICY_LIMITS } from '../../orgModel/awsManaged';
import { LintOptions, LintPolicyType, TYPE_LABEL } from './options';

const SIZE_CODE: Record<LintPolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
  RESOURCE_CONTROL_POLICY: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA',
  AISERVICES_OPT_OUT_POLICY: 'POLICY_SIZE_EXCEEDS_AI_OPT_OUT_QUOTA',
  TAG_POLICY: 'POLICY_SIZE_EXCEEDS_TAG_POLICY_QUOTA',
  BEDROCK_POLICY: 'POLICY_SIZE_EXCEEDS_BEDROCK_POLICY_QUOTA',
};

/** Whether a pattern is over what the wildcard matcher takes (see checkLengths); such patterns are not matched. */
export function tooLong(pattern: string): boolean {
  return pattern.length > MATCH_LIMITS.maxPatternLength;
}

/** The policy is over its type's size quota (configurable through LintOptions.limits). */
export function checkPolicySize(
  text: string,
  options: LintOptions,
  findings: LintFinding[],
) {
  const type = options.type;
  const limit =
    options.limits?.size?.[type] ?? DEFAULT_POLICY_LIMITS[type].maxSize;
  const size = policySize(text);
  if (size > limit) {
    findings.push({
      code: SIZE_CODE[type],
      severity: 'error',
      message: `The policy is ${size} characters as sent; AWS counts every character an API caller sends, whitespace included, and the ${TYPE_LABEL[type]} limit is ${limit}. Remove the whitespace between JSON elements (the console does), split it or shorten it (wildcards, NotAction).`,
      line: 1,
      column: 1,
    });
  }
}

/**
 * Values longer than the matcher takes: a pattern over MATCH_LIMITS.maxPatternLength or a condition key over
 * MATCH_LIMITS.maxValueLength. AWS rejects them anyway (no policy it accepts is that long).
 */
export function checkLengths(
  st: PolicyStatement,
  _options: LintOptions,
  findings: LintFinding[],
) {
  const report = (
    s: { value: string; span: JsonSpan },
    limit: number,
    what: string,
  ) => {
    if (s.value.length <= limit) return;
    findings.push(
      findingAt(
        'VALUE_TOO_LONG',
        'error',
        `This ${what} is ${s.value.length} characters; the policy engine takes at most ${limit} (AWS's largest policy is 10,240 characters). Shorten it.`,
        s.span,
        st.index,
      ),
    );
  };
  for (const list of [st.action, st.notAction, st.resource, st.notResource]) {
    for (const s of list ?? [])
      report(s, MATCH_LIMITS.maxPatternLength, 'pattern');
  }
  for (const c of st.conditions) {
    report(
      { value: c.key, span: c.keySpan },
      MATCH_LIMITS.maxValueLength,
      'condition key',
    );
    for (const v of c.values)
      report(v, MATCH_LIMITS.maxPatternLength, 'condition value');
  }
}
