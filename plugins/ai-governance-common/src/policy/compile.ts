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
  arnMatch,
  cidrContains,
  Cidr,
  compileWildcard,
  globMatch,
  parseCidr,
  parseDate,
  parseIp,
  parseTemplate,
  RequestContext,
  resolveTemplate,
  resourceMatch,
  splitArn,
  templateText,
  templateWildcard,
  TemplatePart,
  Wildcard,
  wildcardMatches,
} from './match';

/** The base operators, without ForAllValues/ForAnyValue, IfExists or negation. */
type BaseOperator =
  | 'StringEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringLike'
  | 'NumericEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'Null';

/** Every operator name and what it means. */
const OPERATORS: Record<string, { base: BaseOperator; negated: boolean }> = {
  StringEquals: { base: 'StringEquals', negated: false },
  StringNotEquals: { base: 'StringEquals', negated: true },
  StringEqualsIgnoreCase: { base: 'StringEqualsIgnoreCase', negated: false },
  StringNotEqualsIgnoreCase: { base: 'StringEqualsIgnoreCase', negated: true },
  StringLike: { base: 'StringLike', negated: false },
  StringNotLike: { base: 'StringLike', negated: true },
  NumericEquals: { base: 'NumericEquals', negated: false },
  NumericNotEquals: { base: 'NumericEquals', negated: true },
  NumericLessThan: { base: 'NumericLessThan', negated: false },
  NumericLessThanEquals: { base: 'NumericLessThanEquals', negated: false },
  NumericGreaterThan: { base: 'NumericGreaterThan', negated: false },
  NumericGreaterThanEquals: {
    base: 'NumericGreaterThanEquals',
    negated: false,
  },
  DateEquals: { base: 'DateEquals', negated: false },
  DateNotEquals: { base: 'DateEquals', negated: true },
  DateLessThan: { base: 'DateLessThan', negated: false },
  DateLessThanEquals: { base: 'DateLessThanEquals', negated: false },
  DateGreaterThan: { base: 'DateGreaterThan', negated: false },
  DateGreaterThanEquals: { base: 'DateGreaterThanEquals', negated: false },
  Bool: { base: 'Bool', negated: false },
  BinaryEquals: { base: 'BinaryEquals', negated: false },
  IpAddress: { base: 'IpAddress', negated: false },
  NotIpAddress: { base: 'IpAddress', negated: true },
  ArnEquals: { base: 'ArnEquals', negated: false },
  ArnNotEquals: { base: 'ArnEquals', negated: true },
  ArnLike: { base: 'ArnLike', negated: false },
  ArnNotLike: { base: 'ArnLike', negated: true },
  Null: { base: 'Null', negated: false },
};

/** A condition operator split into its parts. @public */
export interface ParsedOperator {
  base: string;
  negated: boolean;
  setOperator?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. @public */
export function parseConditionOperator(op: string): ParsedOperator | undefined {
  let rest = op;
  let setOperator: ParsedOperator['setOperator'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAllValues' && q !== 'ForAnyValue') return undefined;
    setOperator = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const def = OPERATORS[rest];
  if (!def) return undefined;
  return { base: def.base, negated: def.negated, setOperator, ifExists };
}

/** The names of every condition operator (without qualifiers). @public */
export const CONDITION_OPERATORS: readonly string[] = Object.keys(OPERATORS);

/** A policy value, precompiled: plain, or with variables resolved per request. */
interface CompiledValue {
  raw: string;
  template?: TemplatePart[];
}

type ValueTest = (contextValue: string, ctx: RequestContext) => boolean;

function compileBase(base: BaseOperator, values: CompiledValue[]): ValueTest {
  const resolved = (
    v: CompiledValue,
    ctx: RequestContext,
  ): string | undefined => {
    if (!v.template) return v.raw;
    const r = resolveTemplate(v.template, ctx);
    return r ? templateText(r) : undefined;
  };
  const anyValue = (test: (p: string) => boolean, ctx: RequestContext) => {
    for (const v of values) {
      const p = resolved(v, ctx);
      if (p !== undefined && test(p)) return true;
    }
    return false;
  };
  const hasTemplates = values.some(v => v.template);
  switch (base) {
    case 'StringEquals': {
      if (!hasTemplates) {
        const set = new Set(values.map(v => v.raw));
        return c => set.has(c);
      }
      return (c, ctx) => anyValue(p => p === c, ctx);
    }
    case 'StringEqualsIgnoreCase': {
      if (!hasTemplates) {
        const set = new Set(values.map(v => v.raw.toLowerCase()));
        return c => set.has(c.toLowerCase());
      }
      return (c, ctx) =>
        anyValue(p => p.toLowerCase() === c.toLowerCase(), ctx);
    }
    case 'StringLike':
      return (c, ctx) => {
        for (const v of values) {
          if (!v.template) {
            if (globMatch(v.raw, c)) return true;
            continue;
          }
          const r = resolveTemplate(v.template, ctx);
          if (r && wildcardMatches(templateWildcard(r, false), c)) return true;
        }
        return false;
      };
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const isDate = base.startsWith('Date');
      const parseNumber = (s: string) =>
        /^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : NaN;
      const parse = isDate ? parseDate : parseNumber;
      const cmp = base.replace(/^(Numeric|Date)/, '');
      const test = (a: number, b: number) => {
        if (Number.isNaN(a) || Number.isNaN(b)) return false;
        switch (cmp) {
          case 'Equals':
            return a === b;
          case 'LessThan':
            return a < b;
          case 'LessThanEquals':
            return a <= b;
          case 'GreaterThan':
            return a > b;
          default:
            return a >= b;
        }
      };
      return (c, ctx) => {
        const a = parse(c);
        return anyValue(p => test(a, parse(p)), ctx);
      };
    }
    case 'Bool':
      return (c, ctx) =>
        anyValue(p => p.toLowerCase() === c.toLowerCase(), ctx);
    case 'BinaryEquals':
      return (c, ctx) => anyValue(p => p === c, ctx);
    case 'IpAddress': {
      const ranges = values
        .map(v => (v.template ? undefined : parseCidr(v.raw)))
        .filter((r): r is Cidr => !!r);
      return c => {
        const ip = parseIp(c.split('/')[0]);
        return !!ip && ranges.some(r => cidrContains(r, ip));
      };
    }
    case 'ArnEquals':
    case 'ArnLike':
      return (c, ctx) => anyValue(p => arnMatch(p, c), ctx);
    default:
      return () => false;
  }
}

/** A compiled condition: one operator/key pair. */
export interface CompiledCondition {
  key: string;
  test(ctx: RequestContext): boolean;
}

/** Compiles one operator/key pair; undefined when the operator is unknown (the condition then never matches). */
export function compileCondition(
  operator: string,
  key: string,
  rawValues: string[],
  variables: boolean,
): CompiledCondition | undefined {
  const op = parseConditionOperator(operator);
  if (!op) return undefined;
  const lowerKey = key.toLowerCase();
  const values: CompiledValue[] = rawValues.map(raw => ({
    raw,
    template: variables ? parseTemplate(raw) : undefined,
  }));
  if (op.base === 'Null') {
    const wantAbsent = values.map(v => v.raw.toLowerCase() === 'true');
    return {
      key: lowerKey,
      test: ctx => {
        const present = (ctx.get(lowerKey)?.length ?? 0) > 0;
        return wantAbsent.some(w => w === !present);
      },
    };
  }
  const base = compileBase(op.base as BaseOperator, values);
  const { negated, setOperator, ifExists } = op;
  return {
    key: lowerKey,
    test: ctx => {
      const actual = ctx.get(lowerKey);
      if (!actual || actual.length === 0) {
        if (ifExists) return true;
        if (setOperator === 'ForAllValues') return true;
        if (setOperator === 'ForAnyValue') return false;
        return negated;
      }
      const matches = (c: string) => (negated ? !base(c, ctx) : base(c, ctx));
      if (setOperator === 'ForAllValues') return actual.every(matches);
      if (setOperator === 'ForAnyValue') return actual.some(matches);
      if (negated) return !actual.some(c => base(c, ctx));
      return actual.some(c => base(c, ctx));
    },
  };
}

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
