/**
 * The probe requests a what-if judges a change by: every action and action pattern the policies mention, crossed with
 * the condition values they test and the resources they name, plus a list of critical requests.
 */
import type { OrgPolicy } from '../orgModel/types';
import { parsePolicyDocument } from '../policy/document';
import { EVALUATED } from '../policy/evaluate/tables';
import type { WhatIfProbe } from './types';

/**
 * Requests whose verdict always matters: invoking the approved Bedrock models, stopping the audit trail, leaving the
 * organization. Replace or extend them with a change set's `probes`.
 * @public
 */
export const DEFAULT_CRITICAL_PROBES: ReadonlyArray<WhatIfProbe> = [
  {
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
    source: 'critical',
  },
  {
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
    source: 'critical',
  },
  { action: 'cloudtrail:StopLogging', source: 'critical' },
  { action: 'organizations:LeaveOrganization', source: 'critical' },
];

/** Keys the evaluator derives from the account's place in the organization: never faked by a probe. */
const DERIVED_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
  'aws:currenttime',
  'aws:epochtime',
]);

/** A concrete value matching a pattern: wildcards become a letter, policy variables a placeholder. */
function concrete(value: string): string {
  return value
    .replace(/\$\{[^}]*\}/g, 'x')
    .replace(/\*/g, 'x')
    .replace(/\?/g, 'x');
}

function isAction(a: string): boolean {
  return /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/.test(a);
}

/** A stable key of a probe, for de-duplication and reports. */
export function probeKey(p: Omit<WhatIfProbe, 'source'>): string {
  return JSON.stringify([
    p.action.toLowerCase(),
    p.resource ?? '*',
    p.principalArn ?? '',
    Object.entries(p.context ?? {}).sort(),
    Object.entries(p.principalTags ?? {}).sort(),
  ]);
}

/** A short label: action, resource and what the context sets. @public */
export function probeLabel(p: Omit<WhatIfProbe, 'source'>): string {
  const parts = [p.action];
  if (p.resource && p.resource !== '*') parts.push(`on ${p.resource}`);
  const ctx = Object.entries(p.context ?? {}).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`,
  );
  const tags = Object.entries(p.principalTags ?? {}).map(
    ([k, v]) => `aws:PrincipalTag/${k}=${v}`,
  );
  if (p.principalArn) ctx.unshift(`aws:PrincipalArn=${p.principalArn}`);
  if (ctx.length || tags.length)
    parts.push(`with ${[...ctx, ...tags].join(', ')}`);
  return parts.join(' ');
}

/** Options of deriveProbes. @public */
export interface DeriveProbesOptions {
  /** The critical requests; defaults to DEFAULT_CRITICAL_PROBES. */
  critical?: ReadonlyArray<Omit<WhatIfProbe, 'source'>>;
  /** At most this many probes (critical ones first). Defaults to 2,000. */
  maxProbes?: number;
}

/**
 * Derives the probe set from SCPs and RCPs: for every statement, each action it names (patterns included; NotAction
 * entries too, since they name what is exempt), alone, on each resource the statement names, and with each
 * condition value it tests (one value at a time: principal tags, principal ARNs, regions, model ids and any other
 * key the caller sets). Keys the organization derives (org paths, account ids) are not faked: every account is
 * evaluated in its real place.
 * @public
 */
export function deriveProbes(
  policies: OrgPolicy[],
  options: DeriveProbesOptions = {},
): WhatIfProbe[] {
  const max = options.maxProbes ?? 2000;
  const out = new Map<string, WhatIfProbe>();
  const add = (p: WhatIfProbe) => {
    if (out.size >= max || !isAction(p.action)) return;
    const key = probeKey(p);
    if (!out.has(key)) out.set(key, p);
  };
  for (const c of options.critical ?? DEFAULT_CRITICAL_PROBES)
    add({ ...c, source: 'critical' });
  for (const policy of policies) {
    if (!EVALUATED.includes(policy.type)) continue;
    const doc = parsePolicyDocument(policy.content).document;
    if (!doc) continue;
    for (const st of doc.statements) {
      const actions = [...(st.action ?? []), ...(st.notAction ?? [])].map(
        a => a.value,
      );
      const resources = [...(st.resource ?? []), ...(st.notResource ?? [])]
        .map(r => r.value)
        .filter(r => r !== '*')
        .map(concrete);
      const variants: Array<Omit<WhatIfProbe, 'action' | 'source'>> = [{}];
      for (const r of resources) variants.push({ resource: r });
      for (const cond of st.conditions) {
        const key = cond.key;
        const lower = key.toLowerCase();
        if (DERIVED_KEYS.has(lower)) continue;
        for (const v of cond.values) {
          const value = concrete(v.value);
          if (lower === 'aws:principalarn')
            variants.push({
              principalArn: value.replace(
                /^(arn:[^:]*:[^:]*:[^:]*:)[^:]*(:)/,
                '$1000000000000$2',
              ),
            });
          else if (lower.startsWith('aws:principaltag/'))
            variants.push({
              principalTags: { [key.slice('aws:PrincipalTag/'.length)]: value },
            });
          else variants.push({ context: { [key]: value } });
        }
      }
      for (const action of actions) {
        if (action === '*') continue;
        for (const v of variants) add({ action, ...v, source: 'policy' });
      }
    }
  }
  return [...out.values()];
}
