/* A policy in plain language, for every type: the common summarizer for SCPs, RCPs and AI opt-out policies, a short
 * description of what a management policy sets for the other types. */
import {
  isManagementPolicyType,
  POLICY_TYPE_FACTS,
  summarizePolicy,
  type OrgPolicy,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';

export interface PlainSummary {
  headline: string;
  sentences: string[];
  /** Set when the policy as a whole changes nothing, with the reason. */
  doesNothing?: string;
  problems: string[];
}

const OPERATOR_KEY = /^@@/;

/** "Service control policies", "Declarative policies (EC2)": a type's label in the plural. */
export function pluralLabel(type: PolicyType): string {
  return POLICY_TYPE_FACTS[type].label.replace(/\bpolicy\b/, 'policies');
}

/** The keys a management policy sets, each as a path: `tags › costcenter`, stopping at the first operator. */
function settingPaths(value: unknown, path: string[], out: string[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    if (path.length) out.push(path.join(' › '));
    return;
  }
  const keys = Object.keys(value as object);
  if (keys.some(k => OPERATOR_KEY.test(k)) || keys.length === 0) {
    if (path.length) out.push(path.join(' › '));
    return;
  }
  for (const key of keys) {
    settingPaths((value as Record<string, unknown>)[key], [...path, key], out);
  }
}

function list(items: string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** What a management policy (other than the AI opt-out policy) sets, in a sentence per top-level key. */
function managementSummary(
  policy: Pick<OrgPolicy, 'type' | 'content'>,
): PlainSummary {
  const label = POLICY_TYPE_FACTS[policy.type]?.label ?? policy.type;
  let json: unknown;
  try {
    json = JSON.parse(policy.content.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {
      headline: 'This document is not valid JSON, so AWS would refuse it.',
      sentences: [],
      doesNothing: 'it is not valid JSON',
      problems: [`Not JSON: ${(e as Error).message}`],
    };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return {
      headline: `This ${label.toLowerCase()} is not a JSON object, so AWS would refuse it.`,
      sentences: [],
      doesNothing: 'it is not a JSON object',
      problems: ['The document must be a JSON object'],
    };
  }
  const sentences: string[] = [];
  for (const [top, value] of Object.entries(json as Record<string, unknown>)) {
    const paths: string[] = [];
    settingPaths(value, [], paths);
    sentences.push(
      paths.length
        ? `Under ${top}: sets ${list(paths)}.`
        : `Under ${top}: sets a value.`,
    );
  }
  if (sentences.length === 0) {
    return {
      headline: `This ${label.toLowerCase()} sets nothing.`,
      sentences: [],
      doesNothing: 'the document is empty',
      problems: [],
    };
  }
  const tops = Object.keys(json as object);
  return {
    headline: `A ${label.toLowerCase()} that configures ${list(
      tops,
    )} in the accounts it reaches; children inherit it, and can change it where it allows.`,
    sentences,
    problems: [],
  };
}

/** The plain-language summary of one policy of any type. Never throws. */
export function plainSummary(
  policy: Pick<OrgPolicy, 'type' | 'content'>,
): PlainSummary {
  if (
    isManagementPolicyType(policy.type) &&
    policy.type !== 'AISERVICES_OPT_OUT_POLICY'
  ) {
    return managementSummary(policy);
  }
  const s = summarizePolicy(policy.content, { type: policy.type });
  return {
    headline: s.headline,
    sentences: s.sentences.map(x => x.text),
    ...(s.doesNothing ? { doesNothing: s.doesNothing } : {}),
    problems: s.problems,
  };
}
