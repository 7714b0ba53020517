/**
 * Catalog module of the AI Governance plugin: the AWS organization's root, OUs, accounts and policies as entities.
 *
 * @packageDocumentation
 */
export { catalogModuleAiGovernance as default } from './module';
export * from './provider/AiGovernanceEntityProvider';
export * from './provider/delta';
export * from './provider/buildEntities';
export * from './provider/entityVocabulary';
export * from './provider/types';
