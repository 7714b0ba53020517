/*
 * The AI details the catalog module writes on account, OU and root entities (docs/catalog.md, "AI details"), read
 * back into what the entity cards show. Values are short: lists are comma-separated and capped (`a,b,c +4 more`).
 */
import type { Entity } from '@backstage/catalog-model';

/** The catalog module's AI detail annotations. */
export const AI_DETAIL_ANNOTATIONS = {
  guardrailPacks: 'ai-governance.io/guardrail-packs',
  bedrockModelAllowList: 'ai-governance.io/bedrock-model-allow-list',
  regionLock: 'ai-governance.io/region-lock',
  bedrockGuardrails: 'ai-governance.io/bedrock-guardrails',
  aiOptOut: 'ai-governance.io/ai-opt-out',
  aiPostureCodes: 'ai-governance.io/ai-posture-codes',
} as const;

/** A capped list: the items written out, and how many the annotation left out (`+N more`). */
export interface CappedList {
  items: string[];
  more: number;
}

/** `a,b,c +4 more` → a, b, c and 4 more; an empty value → no items. */
export function parseCappedList(value: string): CappedList {
  const match = /^(.*?)\s*\+(\d+) more$/.exec(value.trim());
  const list = match ? match[1] : value.trim();
  return {
    items: list
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
    more: match ? Number(match[2]) : 0,
  };
}

/** What the Bedrock model allow-list annotation says. */
export type ModelAllowList =
  | { kind: 'all' }
  | { kind: 'none' }
  | ({ kind: 'some' } & CappedList);

/** What the region lock annotation says. */
export type RegionLock =
  | { kind: 'unlocked' }
  | { kind: 'bedrock-denied' }
  | ({ kind: 'locked' } & CappedList);

/** What the AI opt-out annotation says: `partial` lists the services still opted in. */
export type AiOptOut =
  | { kind: 'all' }
  | { kind: 'none' }
  | ({ kind: 'partial' } & CappedList);

/** One enforced guardrail: its Region and the guardrail (`id:version`, or the identifier as the policy gives it). */
export interface EnforcedGuardrail {
  region: string;
  guardrail: string;
}

/** The AI details of an entity; a field is undefined when the entity does not carry its annotation. */
export interface AiDetails {
  /** Guardrail packs with a policy on the node's path; empty when `none`. */
  guardrailPacks?: CappedList;
  models?: ModelAllowList;
  regionLock?: RegionLock;
  /** Empty when the effective Bedrock policy enforces no guardrail. */
  guardrails?: EnforcedGuardrail[];
  guardrailsMore?: number;
  optOut?: AiOptOut;
  /** Posture finding codes, when the account has findings. */
  postureCodes?: string[];
}

/** Reads the AI detail annotations of an entity. */
export function readAiDetails(entity: Entity): AiDetails {
  const a = entity.metadata.annotations ?? {};
  const get = (key: string) => {
    const v = a[key]?.trim();
    return v ? v : undefined;
  };
  const details: AiDetails = {};

  const packs = get(AI_DETAIL_ANNOTATIONS.guardrailPacks);
  if (packs) {
    details.guardrailPacks =
      packs === 'none' ? { items: [], more: 0 } : parseCappedList(packs);
  }

  const models = get(AI_DETAIL_ANNOTATIONS.bedrockModelAllowList);
  if (models === 'all' || models === 'none') details.models = { kind: models };
  else if (models)
    details.models = { kind: 'some', ...parseCappedList(models) };

  const lock = get(AI_DETAIL_ANNOTATIONS.regionLock);
  if (lock === 'none') details.regionLock = { kind: 'unlocked' };
  else if (lock === 'bedrock-denied')
    details.regionLock = { kind: 'bedrock-denied' };
  else if (lock)
    details.regionLock = { kind: 'locked', ...parseCappedList(lock) };

  const guardrails = get(AI_DETAIL_ANNOTATIONS.bedrockGuardrails);
  if (guardrails === 'none') {
    details.guardrails = [];
  } else if (guardrails) {
    const list = parseCappedList(guardrails);
    details.guardrails = list.items.map(item => {
      const cut = item.indexOf('=');
      return cut > 0
        ? { region: item.slice(0, cut), guardrail: item.slice(cut + 1) }
        : { region: '', guardrail: item };
    });
    details.guardrailsMore = list.more;
  }

  const optOut = get(AI_DETAIL_ANNOTATIONS.aiOptOut);
  if (optOut === 'all' || optOut === 'none') details.optOut = { kind: optOut };
  else if (optOut?.startsWith('partial:'))
    details.optOut = {
      kind: 'partial',
      ...parseCappedList(optOut.slice('partial:'.length)),
    };

  const codes = get(AI_DETAIL_ANNOTATIONS.aiPostureCodes);
  if (codes) details.postureCodes = parseCappedList(codes).items;
  return details;
}

/** True when the entity carries at least one AI detail (the catalog module checked it). */
export function hasAiDetails(details: AiDetails): boolean {
  return Object.values(details).some(v => v !== undefined);
}
