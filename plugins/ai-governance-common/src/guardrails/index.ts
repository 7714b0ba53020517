export * from './types';
export { parseGuardrailPack, GuardrailPackError } from './parsePack';
export { renderPack, resolvePackParameters } from './renderPack';
export * from './baselineDrift';
export * from './baselinePlan';
export { samePolicyContent, compactPolicyContent } from './policyContent';
