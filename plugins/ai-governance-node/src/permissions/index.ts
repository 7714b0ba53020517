export * from './accountRequestRules';
