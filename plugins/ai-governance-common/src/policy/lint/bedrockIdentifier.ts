/**
 * The `identifier` of a Bedrock policy's guardrail configuration: a guardrail ARN with a numbered version, created in
 * the Region of its key, owned by the management account; with the reminder that it needs a resource-based policy.
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { JsonSpan, JsonValue } from '../json';
import { isNumberedVersion, parseGuardrailArn } from '../../bedrock/guardrail';
import type { LintOptions } from './options';

/** Why a wrong identifier matters, in the findings' words. */
export const FAIL_EVERY_CALL =
  'an incorrect identifier makes every Amazon Bedrock call in the accounts this policy reaches fail';

/** Checks one configuration's identifier (the value it assigns). */
export function checkIdentifier(
  region: string,
  where: string,
  value: JsonValue,
  options: LintOptions,
  findings: LintFinding[],
) {
  const at = (
    code: string,
    severity: 'error' | 'warning' | 'info',
    message: string,
    span: JsonSpan = value,
  ) => findings.push(findingAt(code, severity, message, span));
  if (value.kind !== 'string') {
    at(
      'DATA_TYPE_MISMATCH',
      'error',
      `${where}.identifier @@assign takes the guardrail ARN with its version as a string.`,
    );
    return;
  }
  const arn = parseGuardrailArn(value.value);
  if (!arn) {
    at(
      'BEDROCK_GUARDRAIL_NOT_ARN',
      'error',
      `"${value.value}" is not a guardrail ARN: write arn:aws:bedrock:${region}:<management account id>:guardrail/<guardrail id>:<version> (${FAIL_EVERY_CALL}).`,
    );
    return;
  }
  if (arn.version === undefined) {
    at(
      'BEDROCK_GUARDRAIL_NO_VERSION',
      'error',
      `The identifier has no version: append ":<version>" (a numbered version created with CreateGuardrailVersion) to ${arn.arn}.`,
    );
  } else if (arn.version.toUpperCase() === 'DRAFT') {
    at(
      'BEDROCK_GUARDRAIL_DRAFT',
      'error',
      `The identifier names the DRAFT version, which a Bedrock policy cannot enforce: create a version of the guardrail (CreateGuardrailVersion) and use its number.`,
    );
  } else if (!isNumberedVersion(arn.version)) {
    at(
      'BEDROCK_GUARDRAIL_NO_VERSION',
      'error',
      `Guardrail version "${arn.version}" is not a version number: use the number CreateGuardrailVersion returned, e.g. ":1".`,
    );
  }
  if (arn.region !== region) {
    at(
      'BEDROCK_GUARDRAIL_REGION_MISMATCH',
      'error',
      `The guardrail is in ${
        arn.region || 'no Region'
      } but is enforced under "${region}": a guardrail must be created and used in the Region of its key. Use a guardrail created in ${region}, or move this configuration under "${
        arn.region
      }".`,
    );
  }
  const management = options.managementAccountId;
  if (management && arn.accountId !== management) {
    at(
      'BEDROCK_GUARDRAIL_NOT_MANAGEMENT_ACCOUNT',
      'error',
      `The guardrail belongs to account ${
        arn.accountId || '(none)'
      }, but a Bedrock policy can only enforce guardrails owned by the management account (${management}). Create the guardrail in the management account and reference that one.`,
    );
  }
  const known = options.knownGuardrailArns;
  if (known && !known.some(k => sameGuardrailVersion(k, arn.arn))) {
    at(
      'BEDROCK_GUARDRAIL_UNKNOWN',
      'warning',
      `${arn.arn} is not among the management account's known guardrail versions; if it does not exist, ${FAIL_EVERY_CALL}. Check the ARN and version.`,
    );
  } else if (!known) {
    at(
      'BEDROCK_GUARDRAIL_RESOURCE_POLICY',
      'info',
      `Member accounts apply this guardrail across accounts: it needs a resource-based policy that allows the organization's accounts to call bedrock:ApplyGuardrail (condition aws:PrincipalOrgID), or every call in those accounts fails. Attach the policy to a few accounts first and check DescribeEffectivePolicy.`,
    );
  }
}

function sameGuardrailVersion(a: string, b: string): boolean {
  return a.trim() === b.trim();
}
