/**
 * The probe requests a what-if judges a change by: every action and action pattern the policies mention, crossed with
 * the condition values they test and the resources they name, plus a list of critical requests.
 */
import type { OrgPolicy } from '../orgModel/types';
import { getCompiledPolicy } from '../policy/compile';
import { parseConditionOperator } from '../policy/conditionOperators';
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

/** A concrete resource like the pattern but outside it: its last part replaced. */
function outside(pattern: string): string {
  const c = concrete(pattern);
  const slash = c.lastIndexOf('/');
  const cut = slash >= 0 ? slash : c.lastIndexOf(':');
  return `${c.slice(0, cut + 1)}not-listed-by-the-policy`;
}

function isAction(a: string): boolean {
  return /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/.test(a);
}

/** A principal ARN with its account field generic: each account asks with its own id. */
function anyAccount(arn: string, placeholder: string): string {
  return arn.replace(
    /^(arn:[^:]*:[^:]*:[^:]*:)\d{12}(:)/,
    `$1${placeholder}$2`,
  );
}

/** A stable key of a probe, for de-duplication and reports. */
export function probeKey(p: Omit<WhatIfProbe, 'source'>): string {
  return JSON.stringify([
    p.action.toLowerCase(),
    p.resource ?? '*',
    anyAccount(p.principalArn ?? '', '000000000000'),
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
  if (p.principalArn)
    ctx.unshift(`aws:PrincipalArn=${anyAccount(p.principalArn, '<account>')}`);
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

type Variant = Omit<WhatIfProbe, 'action' | 'source'>;

/** A condition value as a probe variant: principal ARN and tags go to their own fields. */
function variantOf(key: string, value: string): Variant {
  const lower = key.toLowerCase();
  if (lower === 'aws:principalarn')
    return {
      principalArn: value.replace(
        /^(arn:[^:]*:[^:]*:[^:]*:)[^:]*(:)/,
        '$1000000000000$2',
      ),
    };
  if (lower.startsWith('aws:principaltag/'))
    return {
      principalTags: { [key.slice('aws:PrincipalTag/'.length)]: value },
    };
  return { context: { [key]: value } };
}

/** Layers a variant over another: the second one's values win. */
function layer(under: Variant, over: Variant): Variant {
  const out: Variant = { ...under, ...over };
  if (under.context || over.context)
    out.context = { ...under.context, ...over.context };
  if (under.principalTags || over.principalTags)
    out.principalTags = { ...under.principalTags, ...over.principalTags };
  return out;
}

interface StatementInfo {
  effect: string;
  matchesAction(actionLower: string): boolean;
  conditions: Array<{ operator: string; key: string; values: string[] }>;
}

/**
 * The request context a compliant caller would send for an action: for every Deny statement that names the action and requires something (a negated operator, or Null:true), a value that satisfies it. Without
 * it, a broad guardrail such as a region lock (denying requests outside a Region list) would deny every probe and
 * hide what the other policies do.
 */
function compliantContext(
  statements: StatementInfo[],
  actionLower: string,
  except?: StatementInfo,
): Variant {
  let out: Variant = {};
  const seen = new Set<string>();
  for (const st of statements) {
    if (st === except || !st.matchesAction(actionLower)) continue;
    // A Deny's conditions are ANDed: satisfying one requirement keeps it from matching. Principal keys are never
    // set here: being an exempt principal is not what a compliant caller is.
    if (
      st.effect === 'Deny' &&
      st.conditions.some(c => seen.has(c.key.toLowerCase()))
    )
      continue;
    for (const c of st.conditions) {
      const lower = c.key.toLowerCase();
      if (DERIVED_KEYS.has(lower) || seen.has(lower)) continue;
      if (lower === 'aws:principalarn' || lower.startsWith('aws:principaltag/'))
        continue;
      const op = parseConditionOperator(c.operator);
      if (!op) continue;
      let value: string | undefined;
      if (op.base === 'Null') {
        if (st.effect === 'Deny' && c.values[0]?.toLowerCase() === 'true')
          value = 'x';
      } else if (st.effect === 'Deny' ? op.negated : !op.negated) {
        value = c.values[0] === undefined ? undefined : concrete(c.values[0]);
      }
      if (value === undefined) continue;
      seen.add(lower);
      out = layer(variantOf(c.key, value), out);
      if (st.effect === 'Deny') break;
    }
  }
  return out;
}

function isEmpty(v: Variant): boolean {
  return !v.context && !v.principalArn && !v.principalTags;
}

/**
 * Derives the probe set from SCPs and RCPs: for every statement, each action it names (patterns included; NotAction
 * entries too, since they name what is exempt), alone, on each resource the statement names, and with each
 * condition value it tests (one value at a time: principal tags, principal ARNs, regions, model ids and any other
 * key the caller sets). Each of these is asked twice: as is, and as a compliant caller would send it (the values the
 * other policies' Deny statements require, such as an approved Region). Keys the organization derives (org paths,
 * account ids) are not faked: every account is evaluated in its real place.
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
  const evaluated = policies.filter(p => EVALUATED.includes(p.type));
  const statements: StatementInfo[] = [];
  const perStatement: Array<{
    info?: StatementInfo;
    actions: string[];
    variants: Variant[];
  }> = [];
  for (const policy of evaluated) {
    const doc = parsePolicyDocument(policy.content).document;
    if (!doc) continue;
    const compiled = getCompiledPolicy(policy);
    for (const st of doc.statements) {
      const cst = compiled.statements.find(c => c.index === st.index);
      const info: StatementInfo | undefined = cst && {
        effect: cst.effect,
        matchesAction: a => cst.matchesAction(a),
        conditions: st.conditions.map(c => ({
          operator: c.operator,
          key: c.key,
          values: c.values.map(v => v.value),
        })),
      };
      if (info) statements.push(info);
      const actions = [...(st.action ?? []), ...(st.notAction ?? [])]
        .map(a => a.value)
        .filter(a => a !== '*');
      const resources = [...(st.resource ?? []), ...(st.notResource ?? [])]
        .map(r => r.value)
        .filter(r => r !== '*')
        .map(concrete);
      const variants: Variant[] = [{}];
      for (const r of resources) variants.push({ resource: r });
      // A resource outside a NotResource list: what the statement is about.
      for (const r of (st.notResource ?? []).map(x => x.value).slice(0, 1))
        variants.push({ resource: outside(r) });
      for (const cond of st.conditions) {
        if (DERIVED_KEYS.has(cond.key.toLowerCase())) continue;
        for (const v of cond.values)
          variants.push(variantOf(cond.key, concrete(v.value)));
      }
      perStatement.push({ info, actions, variants });
    }
  }
  const critical = (options.critical ?? DEFAULT_CRITICAL_PROBES).map(c => ({
    ...c,
    source: 'critical' as const,
  }));
  for (const c of critical) add(c);
  for (const c of critical) {
    // Critical probes are asked as a compliant caller would too: an approved model called outside the approved
    // Regions or without the required guardrail says nothing about the model.
    const ambient = compliantContext(statements, c.action.toLowerCase());
    if (!isEmpty(ambient))
      add({ ...layer(ambient, c), action: c.action, source: 'critical' });
  }
  for (const { actions, variants } of perStatement)
    for (const action of actions)
      for (const v of variants) add({ action, ...v, source: 'policy' });
  // Each statement's requests as a compliant caller sends them: first compliant with every policy, then with every
  // statement but this one (so that the statement's own requirement shows).
  const ambientOf = new Map<string, Variant>();
  for (const { info, actions, variants } of perStatement) {
    for (const action of actions) {
      const lower = action.toLowerCase();
      let ambient = ambientOf.get(lower);
      if (!ambient) {
        ambient = compliantContext(statements, lower);
        ambientOf.set(lower, ambient);
      }
      const others = compliantContext(statements, lower, info);
      for (const a of [ambient, others]) {
        if (isEmpty(a)) continue;
        for (const v of variants)
          add({ action, ...layer(a, v), source: 'policy' });
      }
    }
  }
  return [...out.values()];
}
