/**
 * The Amazon Bedrock foundation model ids the product knows, with the date the list was taken. Lint checks the model
 * ids of a Bedrock policy's include/exclude lists against it; the posture check probes these models.
 *
 * Source: "Supported foundation models in Amazon Bedrock" (the Model ID column),
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html, and the example of the Amazon Bedrock
 * policy syntax page (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html).
 *
 * To update: replace BEDROCK_MODELS with the Model ID column of that page (or the union over your Regions of
 * `aws bedrock list-foundation-models --query 'modelSummaries[].modelId'`), set BEDROCK_MODELS_AS_OF to the day you
 * read it, and run the common package's tests (docs/policy-types.md, "Amazon Bedrock policy").
 */

/** One foundation model. @public */
export interface BedrockModel {
  /** The Region-agnostic model id, as used in a foundation-model ARN and in a Bedrock policy's model lists. */
  id: string;
  provider: string;
}

/** The day BEDROCK_MODELS was read from AWS's page (ISO 8601). @public */
export const BEDROCK_MODELS_AS_OF = '2026-12-06';

const byProvider: Record<string, string[]> = {
  'AI21 Labs': ['ai21.jamba-1-5-large-v1:0', 'ai21.jamba-1-5-mini-v1:0'],
  Amazon: [
    'amazon.nova-2-lite-v1:0',
    'amazon.nova-2-multimodal-embeddings-v1:0',
    'amazon.nova-2-sonic-v1:0',
    'amazon.nova-canvas-v1:0',
    'amazon.nova-lite-v1:0',
    'amazon.nova-micro-v1:0',
    'amazon.nova-premier-v1:0',
    'amazon.nova-pro-v1:0',
    'amazon.nova-reel-v1:0',
    'amazon.nova-reel-v1:1',
    'amazon.nova-sonic-v1:0',
    'amazon.rerank-v1:0',
    'amazon.titan-embed-image-v1',
    'amazon.titan-embed-text-v1',
    'amazon.titan-embed-text-v2:0',
    'amazon.titan-image-generator-v2:0',
    'amazon.titan-text-express-v1',
    'amazon.titan-text-lite-v1',
    'amazon.titan-text-premier-v1:0',
  ],
  Anthropic: [
    'anthropic.claude-3-5-haiku-20241022-v1:0',
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
    'anthropic.claude-3-7-sonnet-20250219-v1:0',
    'anthropic.claude-3-haiku-20240307-v1:0',
    'anthropic.claude-3-opus-20240229-v1:0',
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'anthropic.claude-opus-4-1-20250805-v1:0',
    'anthropic.claude-opus-4-20250514-v1:0',
    'anthropic.claude-opus-4-5-20251101-v1:0',
    'anthropic.claude-sonnet-4-20250514-v1:0',
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
  ],
  Cohere: [
    'cohere.command-r-plus-v1:0',
    'cohere.command-r-v1:0',
    'cohere.embed-english-v3',
    'cohere.embed-multilingual-v3',
    'cohere.embed-v4:0',
    'cohere.rerank-v3-5:0',
  ],
  DeepSeek: ['deepseek.r1-v1:0', 'deepseek.v3-v1:0'],
  Luma: ['luma.ray-v2:0'],
  Meta: [
    'meta.llama3-1-405b-instruct-v1:0',
    'meta.llama3-1-70b-instruct-v1:0',
    'meta.llama3-1-8b-instruct-v1:0',
    'meta.llama3-2-11b-instruct-v1:0',
    'meta.llama3-2-1b-instruct-v1:0',
    'meta.llama3-2-3b-instruct-v1:0',
    'meta.llama3-2-90b-instruct-v1:0',
    'meta.llama3-3-70b-instruct-v1:0',
    'meta.llama3-70b-instruct-v1:0',
    'meta.llama3-8b-instruct-v1:0',
    'meta.llama4-maverick-17b-instruct-v1:0',
    'meta.llama4-scout-17b-instruct-v1:0',
  ],
  'Mistral AI': [
    'mistral.mistral-7b-instruct-v0:2',
    'mistral.mistral-large-2402-v1:0',
    'mistral.mistral-large-2407-v1:0',
    'mistral.mistral-small-2402-v1:0',
    'mistral.mixtral-8x7b-instruct-v0:1',
    'mistral.pixtral-large-2502-v1:0',
  ],
  OpenAI: ['openai.gpt-oss-120b-1:0', 'openai.gpt-oss-20b-1:0'],
  Qwen: [
    'qwen.qwen3-235b-a22b-2507-v1:0',
    'qwen.qwen3-32b-v1:0',
    'qwen.qwen3-coder-30b-a3b-v1:0',
    'qwen.qwen3-coder-480b-a35b-v1:0',
  ],
  'Stability AI': [
    'stability.sd3-5-large-v1:0',
    'stability.stable-image-core-v1:1',
    'stability.stable-image-ultra-v1:1',
  ],
  TwelveLabs: [
    'twelvelabs.marengo-embed-2-7-v1:0',
    'twelvelabs.pegasus-1-2-v1:0',
  ],
  Writer: ['writer.palmyra-x4-v1:0', 'writer.palmyra-x5-v1:0'],
};

/** Every foundation model id known as of BEDROCK_MODELS_AS_OF, sorted by id. @public */
export const BEDROCK_MODELS: readonly BedrockModel[] = Object.entries(
  byProvider,
)
  .flatMap(([provider, ids]) => ids.map(id => ({ id, provider })))
  .sort((a, b) => a.id.localeCompare(b.id));

const known = new Set(BEDROCK_MODELS.map(m => m.id));

/** Whether the id is a foundation model of the list. @public */
export function isKnownBedrockModel(id: string): boolean {
  return known.has(id);
}

/**
 * The form AWS accepts for a model id in a Bedrock policy (the ModelEnforcement pattern of the Bedrock API
 * reference): `provider.model`, up to two `:` parts, an optional `/` and 12-character suffix.
 * @public
 */
export const BEDROCK_MODEL_ID_PATTERN =
  /^[a-z0-9-]{1,63}\.[a-z0-9-]{1,63}(:[a-z0-9-]{1,63}){0,2}(\/[a-z0-9]{12})?$/;
