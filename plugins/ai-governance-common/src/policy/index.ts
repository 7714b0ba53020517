export * from './types';
export * from './json';
export * from './document';
export { compilePolicy, getCompiledPolicy, statementMatches } from './compile';
export type { CompiledPolicy, CompiledStatement } from './compile';
export {
  parseConditionOperator,
  CONDITION_OPERATORS,
} from './conditionOperators';
export type { ParsedOperator } from './conditionOperators';
export * from './evaluate';
export type { RequestContext } from './match';
export * from './catalog';
export * from './lint';
export { findingAt, parseJsonDocument } from './findings';
