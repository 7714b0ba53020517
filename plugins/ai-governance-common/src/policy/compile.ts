/**
 * Compiles parsed policies into matchers that evaluate a request quickly, and caches them by policy id and content.
 */
import type { OrgPolicy } from '../orgModel/types';
import type { DecidingStatement } from './types';
import {
  parsePolicyDocument,
  PolicyCondition,
  PolicyStatement,
} from './document';
import {
  compileWildcard,
  globMatch,
  RequestContext,
  resourceMatch,
  splitArn,
  Wildcard,
  wildcardMatches,
} from './match';
import {
  parseTemplate,
  resolveTemplate,
  templateWildcard,
} from './policyVariables';
import { compileCondition, CompiledCondition } from './compileCondition';

/** A statement ready to evaluate. @public */
export interface CompiledStatement {
  index: number;
  effect: 'Allow' | 'Deny';
  sid?: string;
  /** Whether the statement applies to the action (Action or NotAction). */
  matchesAction(actionLower: string): boolean;
  /** `wildcardOnly`: the action takes no resource (the request's resource is then literally `*`). */
  matchesResource(
    resource: string,
    ctx: RequestContext,
    wildcardOnly: boolean,
  ): boolean;
  conditions: CompiledCondition[];
  /** Condition keys (lower case) the statement reads, including through policy variables. */
  keys: Set<string>;
  /** Where the statement is, for explanations. */
  position: {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
  };
}

/** A policy ready to evaluate. @public */
export interface CompiledPolicy {
  id: string;
  name: string;
  content: string;
  statements: CompiledStatement[];
  /** Condition keys (lower case) the policy reads, including through policy variables. */
  keys: Set<string>;
  /** Whether the document could not be read (it then matches nothing). */
  broken: boolean;
}

function compileActions(patterns: string[]): (actionLower: string) => boolean {
  if (patterns.some(p => p === '*')) return () => true;
  const exact = new Set<string>();
  const wild: Wildcard[] = [];
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower.includes('*') || lower.includes('?'))
      wild.push(compileWildcard(lower, true));
    else exact.add(lower);
  }
  return a => exact.has(a) || wild.some(w => wildcardMatches(w, a));
}

type ResourceMatch = 'match' | 'nomatch' | 'unresolved';

/**
 * Matches a request resource against Resource/NotResource patterns: `match` when one matches, `unresolved` when none
 * does and some pattern has a policy variable without a value (then neither element applies), else `nomatch`.
 */
function compileResources(
  patterns: string[],
  variables: boolean,
): (resource: string, ctx: RequestContext) => ResourceMatch {
  // AWS substitutes policy variables only in the resource part of an ARN (after the fifth colon); elsewhere they
  // are literal text.
  const variablesAllowed = (raw: string) => {
    const arn = splitArn(raw);
    return !arn || !arn.slice(0, 5).some(part => part.includes('${'));
  };
  const compiled = patterns.map(raw => ({
    raw,
    template:
      variables && variablesAllowed(raw) ? parseTemplate(raw) : undefined,
  }));
  return (resource, ctx) => {
    let unresolved = false;
    for (const p of compiled) {
      if (!p.template) {
        if (resourceMatch(p.raw, resource)) return 'match';
        continue;
      }
      const r = resolveTemplate(p.template, ctx);
      if (!r) {
        // A variable without a value leaves the pattern undecided, unless the parts before the resource (which
        // hold no variables) already differ.
        const pArn = splitArn(p.raw);
        const vArn = splitArn(resource);
        if (
          pArn &&
          vArn &&
          pArn.slice(0, 5).some((part, k) => !globMatch(part, vArn[k]))
        )
          continue;
        unresolved = true;
        continue;
      }
      // Substituted values are literal: match with a wildcard built from the resolved template.
      if (wildcardMatches(templateWildcard(r, false), resource)) return 'match';
    }
    return unresolved ? 'unresolved' : 'nomatch';
  };
}

function templateKeys(values: string[], into: Set<string>) {
  for (const v of values) {
    for (const part of parseTemplate(v) ?? []) {
      if ('variable' in part) into.add(part.variable);
    }
  }
}

function compileStatement(
  st: PolicyStatement,
  variables: boolean,
  policyKeys: Set<string>,
): CompiledStatement | undefined {
  const keys = new Set<string>();
  const effect = st.effect?.value;
  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const actions = st.action?.map(a => a.value);
  const notActions = st.notAction?.map(a => a.value);
  let matchesAction: (a: string) => boolean;
  if (actions) matchesAction = compileActions(actions);
  else if (notActions) {
    const m = compileActions(notActions);
    matchesAction = a => !m(a);
  } else return undefined;
  // A request for "*" on an action that takes resources asks "on some resource": specific resources then count for
  // an Allow (it may apply) but not for a Deny (it does not cover everything). Wildcard-only actions match literally.
  let matchesResource: CompiledStatement['matchesResource'] = () => true;
  if (st.resource) {
    const list = st.resource.map(r => r.value);
    const all = list.includes('*');
    const m = compileResources(list, variables);
    matchesResource = (r, ctx, wildcardOnly) => {
      if (all) return true;
      if (r === '*') return wildcardOnly ? false : effect === 'Allow';
      return m(r, ctx) === 'match';
    };
    if (variables) templateKeys(list, keys);
  } else if (st.notResource) {
    const list = st.notResource.map(r => r.value);
    const all = list.includes('*');
    const m = compileResources(list, variables);
    matchesResource = (r, ctx, wildcardOnly) => {
      if (all) return false;
      if (r === '*') return wildcardOnly ? true : effect === 'Allow';
      return m(r, ctx) === 'nomatch';
    };
    if (variables) templateKeys(list, keys);
  }
  const conditions: CompiledCondition[] = [];
  for (const c of st.conditions) {
    const cc = compileCondition(
      c.operator,
      c.key,
      c.values.map(v => v.value),
      variables,
    );
    if (!cc) {
      // An unknown operator: AWS rejects the policy; as an evaluator we make the statement never match.
      conditions.push({ key: c.key.toLowerCase(), test: () => false });
    } else {
      conditions.push(cc);
    }
    keys.add(c.key.toLowerCase());
    if (variables)
      templateKeys(
        c.values.map(v => v.value),
        keys,
      );
  }
  keys.forEach(k => policyKeys.add(k));
  return {
    index: st.index,
    effect,
    keys,
    sid: st.sid?.value,
    matchesAction,
    matchesResource,
    conditions,
    position: {
      line: st.span.start.line,
      column: st.span.start.column,
      endLine: st.span.end.line,
      endColumn: st.span.end.column,
    },
  };
}

/** Compiles a policy document (never throws; an unreadable document matches nothing). @public */
export function compilePolicy(
  policy: Pick<OrgPolicy, 'id' | 'name' | 'content'>,
): CompiledPolicy {
  const { document } = parsePolicyDocument(policy.content);
  const keys = new Set<string>();
  const statements: CompiledStatement[] = [];
  if (document) {
    const variables =
      document.version?.value !== '2008-10-17' &&
      document.version !== undefined;
    for (const st of document.statements) {
      const c = compileStatement(st, variables, keys);
      if (c) statements.push(c);
    }
  }
  return {
    id: policy.id,
    name: policy.name,
    content: policy.content,
    statements,
    keys,
    broken: !document,
  };
}

const compiledCache = new Map<string, CompiledPolicy>();

/** Compiles a policy, reusing the compiled form while its id and content stay the same. @public */
export function getCompiledPolicy(
  policy: Pick<OrgPolicy, 'id' | 'name' | 'content'>,
): CompiledPolicy {
  const hit = compiledCache.get(policy.id);
  if (hit && hit.content === policy.content && hit.name === policy.name)
    return hit;
  const compiled = compilePolicy(policy);
  if (compiledCache.size > 10000) compiledCache.clear();
  compiledCache.set(policy.id, compiled);
  return compiled;
}

/** Whether a statement applies to the request. @public */
export function statementMatches(
  st: CompiledStatement,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  wildcardOnly = false,
): boolean {
  if (!st.matchesAction(actionLower)) return false;
  if (!st.matchesResource(resource, ctx, wildcardOnly)) return false;
  for (const c of st.conditions) {
    if (!c.test(ctx)) return false;
  }
  return true;
}

/** The explanation record of a statement. @public */
export function decidingStatement(
  policy: CompiledPolicy,
  st: CompiledStatement,
): DecidingStatement {
  const d: DecidingStatement = {
    policyId: policy.id,
    policyName: policy.name,
    statementIndex: st.index,
    effect: st.effect,
    ...st.position,
  };
  if (st.sid !== undefined) d.sid = st.sid;
  return d;
}

export type { PolicyCondition };
