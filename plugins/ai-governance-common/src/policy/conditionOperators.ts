/**
 * Names the IAM condition operators and splits a qualified operator (`ForAnyValue:StringLikeIfExists`) into its parts.
 */

/** The base operators, without ForAllValues/ForAnyValue, IfExists or negation. */
export type BaseOperator =
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
