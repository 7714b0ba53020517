/**
 * A checked account's AI details (aiDetails.ts) as entity annotations: guardrail packs, the Bedrock model allow list,
 * the region lock, enforced Bedrock guardrails and the AI services opt-out, each in its compact form.
 */
import { AI_OPT_OUT_SERVICES } from '@internal/plugin-ai-governance-common';
import { type AccountAiDetails, compactList } from './aiDetails';
import { AI_GOVERNANCE_ANNOTATIONS } from './entityVocabulary';

/** `none` for an empty list, `all` when it holds every item probed, else the compact list. */
function allOrList(items: string[], probed: number, none: string, all: string) {
  if (items.length === 0) return none;
  if (items.length === probed) return all;
  return undefined;
}

/** The AI details of a checked account as annotations (see AI_GOVERNANCE_ANNOTATIONS for the values). */
export function addAiDetails(
  annotations: Record<string, string>,
  details: AccountAiDetails,
): void {
  const a = AI_GOVERNANCE_ANNOTATIONS;
  if (details.guardrailPacks)
    annotations[a.guardrailPacks] =
      compactList(details.guardrailPacks) || 'none';
  const models = details.bedrockModels;
  annotations[a.bedrockModelAllowList] =
    allOrList(models, details.modelsProbed, 'none', 'all') ??
    compactList(models);
  const regions = details.bedrockRegions;
  annotations[a.regionLock] =
    allOrList(regions, details.regionsProbed, 'bedrock-denied', 'none') ??
    compactList(regions);
  annotations[a.bedrockGuardrails] =
    compactList(details.bedrockGuardrails) || 'none';
  const optedIn = details.aiOptInServices;
  annotations[a.aiOptOut] =
    allOrList(optedIn, AI_OPT_OUT_SERVICES.length, 'all', 'none') ??
    `partial:${compactList(optedIn, 3)}`;
}
