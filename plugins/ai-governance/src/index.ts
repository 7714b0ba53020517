/**
 * The AI Governance dashboard: the organization's OU and policy tree, node and policy views, "Can it?" and "who
 * can". This entry point serves legacy apps; new frontend system apps use the default export of `./alpha`.
 *
 * @packageDocumentation
 */
export {
  aiGovernancePlugin,
  AiGovernancePage,
  EntityAiGovernanceCard,
  EntityAiGovernanceContent,
  EntityAiGovernanceOrganizationalUnitCard,
  EntityAiGovernanceOwnedAccountsCard,
} from './plugin';
export { rootRouteRef as aiGovernanceRouteRef } from './routes';
export { aiGovernanceApiRef, AiGovernanceClient } from './api';
export type {
  AccountRequestQuery,
  AiGovernanceApi,
  IamActionSuggestion,
} from './api';
export { isAwsAccountEntity, getAwsAccountId } from './lib/entity';
export {
  isAwsOrganizationalUnitEntity,
  isGroupEntity,
} from './lib/catalogEntities';
