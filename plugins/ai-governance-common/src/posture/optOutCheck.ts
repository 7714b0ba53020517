/**
 * The posture check of an account's effective AI services opt-out policy: which AI services it does not opt out of
 * (POSTURE_AI_OPT_OUT_NOT_SET).
 */
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../orgModel/types';
import type { EffectivePolicyFn } from './effective';
import { contributorsOf, type Draft, draft, list, names } from './findingParts';
import { AI_OPT_OUT_SERVICES } from './probeLists';

function assigned(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && '@@assign' in v)
    return (v as Record<string, unknown>)['@@assign'];
  return v;
}

/** The opt-out services the effective policy does not opt out of. */
function notOptedOut(document: unknown): string[] {
  const services =
    typeof document === 'object' && document !== null
      ? ((document as Record<string, unknown>).services as
          | Record<string, { opt_out_policy?: unknown }>
          | undefined)
      : undefined;
  const value = (key: string) => assigned(services?.[key]?.opt_out_policy);
  const fallback = value('default');
  return AI_OPT_OUT_SERVICES.filter(s => (value(s) ?? fallback) !== 'optOut');
}

/** The opt-out finding of one chain (`path` from the root to an account), if any. */
export function checkOptOut(
  snapshot: OrgSnapshot,
  path: OrgNode[],
  policies: Map<string, OrgPolicy>,
  effective: EffectivePolicyFn,
): Draft[] {
  const out: Draft[] = [];
  const optOut = effective(snapshot, path, 'AISERVICES_OPT_OUT_POLICY');
  const missing = notOptedOut(optOut.document);
  if (missing.length) {
    const refs = contributorsOf(optOut.contributors, policies);
    out.push(
      draft(
        'POSTURE_AI_OPT_OUT_NOT_SET',
        'warning',
        refs.length
          ? `AI opt-out not set for ${list(
              missing,
            )}: the effective AI services opt-out policy (from ${names(
              refs,
            )}) does not assign optOut to ${
              missing.length === 1 ? 'it' : 'them'
            } or to default.`
          : `AI opt-out not set for any AI service: no AI services opt-out policy applies.`,
        refs.length
          ? `Assign optOut to default (or to ${list(missing)}) in ${
              refs[0].name
            }, and remove any optIn below it; lock it with "@@operators_allowed_for_child_policies": ["@@none"].`
          : 'Attach an AI services opt-out policy that assigns optOut to default at the root (the ai-opt-out guardrail pack).',
        refs,
        { services: missing },
      ),
    );
  }
  return out;
}
