export * from './types';
export * from './json';
export * from './document';
export {
  compilePolicy,
  getCompiledPolicy,
  parseConditionOperator,
  statementMatches,
  CONDITION_OPERATORS,
} from './compile';
export type {
  CompiledPolicy,
  CompiledStatement,
  ParsedOperator,
} from './compile';
export * from './evaluate';
export type { RequestContext } from './match';
export * from './catalog';
export * from './lint';
export { findingAt, parseJsonDocument } from './findings';
