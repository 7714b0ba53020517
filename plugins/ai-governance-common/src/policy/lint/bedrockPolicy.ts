/**
 * Rules for Amazon Bedrock policies, from AWS's pages "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html) and "Best
 * practices for using Amazon Bedrock policies" (orgs_manage_policies_bedrock_best_practices.html):
 *
 * - the document is `bedrock` > `guardrail_inference` > Region > configuration;
 * - `identifier` is required: a guardrail ARN followed by `:version`, a numbered version (not DRAFT), created in the
 *   Region of its key, owned by the management account;
 * - the content-guarding setting is required: `selective_content_guarding` (`system` and `messages`, each
 *   `selective` or `comprehensive`) on the current page, `input_tags` (`honor` or `ignore`) on older ones; both are
 *   accepted;
 * - `model_enforcement` lists model ids (`ALL` only in `included_models`) in the form of the Bedrock API reference,
 *   checked against the shipped model list (bedrock/models.ts);
 * - an incorrect identifier makes every Bedrock call in the accounts the policy reaches fail, and the guardrail needs
 *   a resource-based policy that lets the organization's accounts call ApplyGuardrail: reminders say so.
 */
import type { LintFinding } from '../types';
import { expectObject, findingAt } from '../findings';
import type { JsonMember, JsonSpan, JsonValue } from '../json';
import {
  BEDROCK_MODEL_ID_PATTERN,
  BEDROCK_MODELS_AS_OF,
  isKnownBedrockModel,
} from '../../bedrock/models';
import { isNumberedVersion, parseGuardrailArn } from '../../bedrock/guardrail';
import type { LintOptions } from './options';

const OPERATORS = [
  '@@assign',
  '@@append',
  '@@remove',
  '@@operators_allowed_for_child_policies',
];
const CHILD_OPERATORS = '@@operators_allowed_for_child_policies';
const CONFIG_FIELDS = [
  'identifier',
  'selective_content_guarding',
  'input_tags',
  'model_enforcement',
];
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/;
const FAIL_EVERY_CALL =
  'an incorrect identifier makes every Amazon Bedrock call in the accounts this policy reaches fail';

type JsonObject = Extract<JsonValue, { kind: 'object' }>;

/** The members of an object other than the child-operator control. */
function fields(value: JsonObject): JsonMember[] {
  return value.members.filter(m => m.key !== CHILD_OPERATORS);
}

/** The value a field assigns (`{"@@assign": v}`), reporting unknown operators. */
function assignedValue(
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

function unknownKey(
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

/** Lints an Amazon Bedrock policy whose JSON has been read. */
export function lintBedrockPolicy(
  json: JsonObject,
  options: LintOptions,
  findings: LintFinding[],
) {
  for (const m of json.members) {
    if (m.key !== 'bedrock')
      unknownKey(m, 'An Amazon Bedrock policy', ['"bedrock"'], findings);
  }
  const bedrock = json.members.find(m => m.key === 'bedrock');
  if (!bedrock) {
    findings.push(
      findingAt(
        'MISSING_STATEMENT',
        'error',
        'An Amazon Bedrock policy needs a top-level "bedrock" object with "guardrail_inference".',
        json,
      ),
    );
    return;
  }
  if (!expectObject(bedrock.value, '"bedrock" must be an object.', findings))
    return;
  for (const m of fields(bedrock.value)) {
    if (m.key !== 'guardrail_inference')
      unknownKey(m, '"bedrock"', ['"guardrail_inference"'], findings);
  }
  const inference = bedrock.value.members.find(
    m => m.key === 'guardrail_inference',
  );
  if (!inference) return;
  if (
    !expectObject(
      inference.value,
      '"guardrail_inference" must be an object keyed by Region.',
      findings,
    )
  )
    return;
  for (const region of fields(inference.value)) {
    if (!REGION.test(region.key)) {
      findings.push(
        findingAt(
          'BEDROCK_INVALID_REGION',
          'error',
          `"${region.key}" is not a Region: guardrail_inference is keyed by the Region where the guardrail is enforced, e.g. "us-east-1".`,
          region.keySpan,
        ),
      );
    }
    if (
      !expectObject(
        region.value,
        `guardrail_inference.${region.key} must be an object of named configurations, e.g. {"config_1": {...}}.`,
        findings,
      )
    )
      continue;
    for (const config of fields(region.value)) {
      const where = `guardrail_inference.${region.key}.${config.key}`;
      if (
        !expectObject(
          config.value,
          `${where} must be an object with "identifier" and "selective_content_guarding".`,
          findings,
        )
      )
        continue;
      checkConfig(region.key, where, config.value, options, findings);
    }
  }
}

function checkConfig(
  region: string,
  where: string,
  config: JsonObject,
  options: LintOptions,
  findings: LintFinding[],
) {
  for (const m of fields(config)) {
    if (!CONFIG_FIELDS.includes(m.key))
      unknownKey(m, where, CONFIG_FIELDS, findings);
  }
  const get = (key: string) => config.members.find(m => m.key === key);
  const identifier = get('identifier');
  if (!identifier) {
    findings.push(
      findingAt(
        'BEDROCK_MISSING_GUARDRAIL',
        'error',
        `${where} needs "identifier": {"@@assign": "<guardrail ARN>:<version>"} (required; ${FAIL_EVERY_CALL}).`,
        config,
      ),
    );
  } else {
    const value = assignedValue(identifier, `${where}.identifier`, findings);
    if (value) checkIdentifier(region, where, value, options, findings);
  }
  const selective = get('selective_content_guarding');
  const inputTags = get('input_tags');
  if (!selective && !inputTags) {
    findings.push(
      findingAt(
        'BEDROCK_MISSING_CONTENT_GUARDING',
        'error',
        `${where} needs "selective_content_guarding" with "system" and "messages" set to "selective" or "comprehensive" (older policies use "input_tags": "honor" or "ignore").`,
        config,
      ),
    );
  }
  if (selective) checkSelective(where, selective, findings);
  if (inputTags) {
    const v = assignedValue(inputTags, `${where}.input_tags`, findings);
    if (v) checkEnum(v, ['honor', 'ignore'], `${where}.input_tags`, findings);
  }
  const models = get('model_enforcement');
  if (models) checkModels(where, models, findings);
}

function checkIdentifier(
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

function checkEnum(
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

function checkSelective(
  where: string,
  member: JsonMember,
  findings: LintFinding[],
) {
  const path = `${where}.selective_content_guarding`;
  if (
    !expectObject(
      member.value,
      `${path} must be an object with "system" and "messages".`,
      findings,
    )
  )
    return;
  for (const m of fields(member.value)) {
    if (m.key !== 'system' && m.key !== 'messages') {
      unknownKey(m, path, ['system', 'messages'], findings);
      continue;
    }
    const v = assignedValue(m, `${path}.${m.key}`, findings);
    if (v)
      checkEnum(
        v,
        ['selective', 'comprehensive'],
        `${path}.${m.key}`,
        findings,
      );
  }
}

function checkModels(
  where: string,
  member: JsonMember,
  findings: LintFinding[],
) {
  const path = `${where}.model_enforcement`;
  if (
    !expectObject(
      member.value,
      `${path} must be an object with "included_models" and "excluded_models".`,
      findings,
    )
  )
    return;
  const lists = new Map<string, JsonValue[]>();
  for (const m of fields(member.value)) {
    if (m.key !== 'included_models' && m.key !== 'excluded_models') {
      unknownKey(m, path, ['included_models', 'excluded_models'], findings);
      continue;
    }
    const v = assignedValue(m, `${path}.${m.key}`, findings);
    if (!v) continue;
    if (v.kind !== 'array') {
      findings.push(
        findingAt(
          'DATA_TYPE_MISMATCH',
          'error',
          `${path}.${m.key} @@assign takes a list of model ids${
            m.key === 'included_models' ? ' (or ["ALL"])' : ''
          }.`,
          v,
        ),
      );
      continue;
    }
    lists.set(m.key, v.items);
    if (m.key === 'included_models' && v.items.length === 0) {
      findings.push(
        findingAt(
          'BEDROCK_NO_MODELS',
          'error',
          `${path}.included_models is empty: list the model ids to enforce the guardrail on, or ["ALL"].`,
          v,
        ),
      );
    }
    for (const item of v.items) checkModelId(path, m.key, item, findings);
  }
  const excluded = new Set(
    (lists.get('excluded_models') ?? []).flatMap(i =>
      i.kind === 'string' ? [i.value] : [],
    ),
  );
  for (const item of lists.get('included_models') ?? []) {
    if (item.kind === 'string' && excluded.has(item.value)) {
      findings.push(
        findingAt(
          'BEDROCK_MODEL_INCLUDED_AND_EXCLUDED',
          'warning',
          `${item.value} is both included and excluded; exclusion wins, so the guardrail is not enforced on it. Remove it from one of the lists.`,
          item,
        ),
      );
    }
  }
}

function checkModelId(
  path: string,
  list: string,
  item: JsonValue,
  findings: LintFinding[],
) {
  if (item.kind !== 'string') {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        `${path}.${list} holds model ids as strings.`,
        item,
      ),
    );
    return;
  }
  const id = item.value;
  if (id === 'ALL') {
    if (list === 'excluded_models') {
      findings.push(
        findingAt(
          'BEDROCK_INVALID_MODEL_ID',
          'error',
          `"ALL" is accepted only in included_models; excluded_models lists model ids.`,
          item,
        ),
      );
    }
    return;
  }
  if (!BEDROCK_MODEL_ID_PATTERN.test(id)) {
    findings.push(
      findingAt(
        'BEDROCK_INVALID_MODEL_ID',
        'error',
        `"${id}" is not a model id: write the Region-agnostic id of a foundation model, e.g. "anthropic.claude-3-haiku-20240307-v1:0" (no ARN, no cross-Region profile prefix such as "us.").`,
        item,
      ),
    );
    return;
  }
  if (!isKnownBedrockModel(id)) {
    findings.push(
      findingAt(
        'BEDROCK_UNKNOWN_MODEL',
        'warning',
        `"${id}" is not in the Bedrock model list of ${BEDROCK_MODELS_AS_OF}: check the spelling against "Supported foundation models in Amazon Bedrock"; if the model is newer than the list, update plugins/ai-governance-common/src/bedrock/models.ts.`,
        item,
      ),
    );
  }
}
