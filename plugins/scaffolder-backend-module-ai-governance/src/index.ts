/**
 * Scaffolder actions of the AI Governance plugin: AI account vending.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAiGovernance as default } from './module';
export * from './actions';
