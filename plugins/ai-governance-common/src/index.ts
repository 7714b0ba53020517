/**
 * Common library of the AI Governance plugin: the org model, permissions, API types and the policy engine.
 * Browser-safe: nothing here needs Node.
 *
 * @packageDocumentation
 */
export * from './orgModel';
export * from './policy';
export * from './api';
export * from './permissions';
export * from './guardrails';
export * from './random';
export * from './whatIf';
export * from './summary';
export * from './managementPolicy';
export * from './bedrock';
export * from './posture';
export * from './requestPolicies';
