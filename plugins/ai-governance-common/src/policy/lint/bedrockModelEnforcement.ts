/**
 * The `model_enforcement` of a Bedrock policy's guardrail configuration: included and excluded model ids, in the
 * form of the Bedrock API reference, checked against the shipped model list (bedrock/models.ts).
 */
import type { LintFinding } from '../types';
import { expectObject, findingAt } from '../findings';
import type { JsonMember, JsonValue } from '../json';
import {
  BEDROCK_MODEL_ID_PATTERN,
  BEDROCK_MODELS_AS_OF,
  isKnownBedrockModel,
} from '../../bedrock/models';
import { assignedValue, fields, unknownKey } from './bedrockOperators';

/** Checks one configuration's model_enforcement. */
export function checkModels(
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
