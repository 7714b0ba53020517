/**
 * Compiles one condition operator/key pair of a statement into a test of the request context.
 */
import { BaseOperator, parseConditionOperator } from './conditionOperators';
import { arnMatch, globMatch, RequestContext, wildcardMatches } from './match';
import {
  cidrContains,
  Cidr,
  parseCidr,
  parseDate,
  parseIp,
} from './conditionValues';
import {
  parseTemplate,
  resolveTemplate,
  templateText,
  TemplatePart,
  templateWildcard,
} from './policyVariables';

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
