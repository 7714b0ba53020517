/**
 * Reading Amazon Bedrock policies for what they enforce: the guardrail ARN of each Region's configuration, its
 * content-guarding settings and its model include/exclude lists. Works on a policy as written (values under
 * `@@assign`) and on an effective policy (values plain), so lint, the guardrail packs and the posture check share it.
 *
 * Follows "Amazon Bedrock policy syntax and examples",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html.
 */

/** A guardrail ARN split into its parts. @public */
export interface GuardrailArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  guardrailId: string;
  /** The text after the last `:` of the resource, when there is one: `1`, `DRAFT`... */
  version?: string;
}

const GUARDRAIL_ARN =
  /^arn:(aws[a-z-]*):bedrock:([a-z0-9-]*):([0-9]*):guardrail\/([a-z0-9]+)(?::([A-Za-z0-9]+))?$/;

/** Splits `arn:aws:bedrock:<region>:<account>:guardrail/<id>:<version>`; undefined when it is not a guardrail ARN. @public */
export function parseGuardrailArn(arn: string): GuardrailArn | undefined {
  const m = GUARDRAIL_ARN.exec(arn.trim());
  if (!m) return undefined;
  const out: GuardrailArn = {
    arn: arn.trim(),
    partition: m[1],
    region: m[2],
    accountId: m[3],
    guardrailId: m[4],
  };
  if (m[5] !== undefined) out.version = m[5];
  return out;
}

/** Whether the version is a numbered guardrail version (not DRAFT, not missing). @public */
export function isNumberedVersion(version: string | undefined): boolean {
  return !!version && /^[1-9][0-9]*$/.test(version);
}

/** One guardrail configuration of a Bedrock policy: what it enforces, in which Region. @public */
export interface BedrockGuardrailEnforcement {
  /** The Region key of `guardrail_inference`. */
  region: string;
  /** The configuration's key, e.g. `config_1`. */
  configName: string;
  /** The identifier as written (guardrail ARN with `:version`). */
  identifier?: string;
  guardrail?: GuardrailArn;
  /** `included_models` (`["ALL"]` when the policy has no model_enforcement: AWS enforces on every model). */
  includedModels: string[];
  excludedModels: string[];
}

type Plain = unknown;

function isObject(v: Plain): v is Record<string, Plain> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value a field sets: `@@assign` in a policy as written, the plain value in an effective policy. */
function assigned(v: Plain): Plain {
  if (isObject(v) && '@@assign' in v) return v['@@assign'];
  return v;
}

function stringList(v: Plain): string[] | undefined {
  const value = assigned(v);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every(x => typeof x === 'string'))
    return value as string[];
  return undefined;
}

/**
 * The guardrail configurations of a Bedrock policy document (parsed JSON), one per Region and configuration name.
 * Parts that are not objects are skipped (lint reports them).
 * @public
 */
export function readBedrockEnforcements(
  document: unknown,
): BedrockGuardrailEnforcement[] {
  const out: BedrockGuardrailEnforcement[] = [];
  if (!isObject(document)) return out;
  const bedrock = document.bedrock;
  if (!isObject(bedrock)) return out;
  const inference = bedrock.guardrail_inference;
  if (!isObject(inference)) return out;
  for (const [region, configs] of Object.entries(inference)) {
    if (region.startsWith('@@') || !isObject(configs)) continue;
    for (const [configName, config] of Object.entries(configs)) {
      if (configName.startsWith('@@') || !isObject(config)) continue;
      const id = assigned(config.identifier);
      const enforcement: BedrockGuardrailEnforcement = {
        region,
        configName,
        includedModels: ['ALL'],
        excludedModels: [],
      };
      if (typeof id === 'string') {
        enforcement.identifier = id;
        const arn = parseGuardrailArn(id);
        if (arn) enforcement.guardrail = arn;
      }
      const models = config.model_enforcement;
      if (isObject(models)) {
        enforcement.includedModels = stringList(models.included_models) ?? [];
        enforcement.excludedModels = stringList(models.excluded_models) ?? [];
      }
      out.push(enforcement);
    }
  }
  return out;
}

/**
 * Whether a configuration enforces its guardrail on a model: the model is included (or ALL is) and not excluded (a
 * model in both lists is excluded, as the Bedrock API reference says).
 * @public
 */
export function enforcesOnModel(
  enforcement: BedrockGuardrailEnforcement,
  modelId: string,
): boolean {
  if (enforcement.excludedModels.includes(modelId)) return false;
  return (
    enforcement.includedModels.includes('ALL') ||
    enforcement.includedModels.includes(modelId)
  );
}
