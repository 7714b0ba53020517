export * from './models';
export * from './guardrail';
