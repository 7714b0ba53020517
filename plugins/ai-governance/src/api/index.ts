export { aiGovernanceApiRef } from './AiGovernanceApi';
export type {
  AccountRequestQuery,
  AiGovernanceApi,
  IamActionSuggestion,
} from './AiGovernanceApi';
export { AiGovernanceClient } from './AiGovernanceClient';
