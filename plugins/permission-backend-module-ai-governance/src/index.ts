/**
 * The permission policy of the AI Governance portal, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleAiGovernancePolicy as default } from './module';
export { AiGovernancePermissionPolicy } from './policy/AiGovernancePermissionPolicy';
export { readAccessConfig, type AccessConfig } from './policy/accessConfig';
