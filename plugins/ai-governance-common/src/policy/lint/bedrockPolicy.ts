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
 *
 * This file walks the document and its configurations; the operators, the identifier and model_enforcement are
 * checked in bedrockOperators.ts, bedrockIdentifier.ts and bedrockModelEnforcement.ts.
 */
import type { LintFinding } from '../types';
import { expectObject, findingAt } from '../findings';
import type { JsonMember } from '../json';
import { FAIL_EVERY_CALL, checkIdentifier } from './bedrockIdentifier';
import { checkModels } from './bedrockModelEnforcement';
import {
  assignedValue,
  checkEnum,
  fields,
  type JsonObject,
  unknownKey,
} from './bedrockOperators';
import type { LintOptions } from './options';

const CONFIG_FIELDS = [
  'identifier',
  'selective_content_guarding',
  'input_tags',
  'model_enforcement',
];
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/;
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
