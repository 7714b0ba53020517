import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { inventoryServiceRef } from '@internal/plugin-ai-governance-node';
import { createAiGovernanceActions } from './actions';

/**
 * The AI Governance actions for the scaffolder: account vending (and, with it, what else the module grows).
 * @public
 */
export const scaffolderModuleAiGovernance = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ai-governance',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        inventory: inventoryServiceRef,
      },
      async init({
        scaffolder,
        config,
        logger,
        permissions,
        auth,
        discovery,
        inventory,
      }) {
        scaffolder.addActions(
          ...createAiGovernanceActions({
            config,
            logger,
            permissions,
            auth,
            discovery,
            inventory,
          }),
        );
      },
    });
  },
});
