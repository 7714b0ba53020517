/**
 * Backend plugin of AI Governance: the organization inventory and the policy routes under `/api/ai-governance`.
 *
 * @packageDocumentation
 */
export { aiGovernancePlugin as default } from './plugin';
