export { aiGovernanceApiRef } from './AiGovernanceApi';
export type { AiGovernanceApi, IamActionSuggestion } from './AiGovernanceApi';
export { AiGovernanceClient } from './AiGovernanceClient';
