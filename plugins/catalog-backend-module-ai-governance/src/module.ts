import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readPackPolicies } from './provider/packPolicies';
import {
  AiGovernanceEntityProvider,
  readCatalogOptions,
} from './provider/AiGovernanceEntityProvider';

/**
 * The AWS organization in the catalog: a module of the catalog backend (`pluginId: catalog`, module id
 * `ai-governance`) whose entity provider emits the root, OUs, accounts and AI-relevant policies as `Resource`
 * entities, read from the ai-governance backend on a schedule (`aiGovernance.catalog.schedule`, default every
 * 5 minutes).
 * @public
 */
export const catalogModuleAiGovernance = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ai-governance',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, auth, discovery, scheduler }) {
        const scheduleConfig = config.getOptionalConfig(
          'aiGovernance.catalog.schedule',
        );
        const taskRunner = scheduler.createScheduledTaskRunner(
          scheduleConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                scheduleConfig,
              )
            : {
                frequency: { minutes: 5 },
                timeout: { minutes: 3 },
                initialDelay: { seconds: 15 },
              },
        );
        catalog.addEntityProvider(
          AiGovernanceEntityProvider.create({
            auth,
            discovery,
            logger,
            taskRunner,
            catalog: readCatalogOptions(config),
            packPolicies: readPackPolicies(config, logger),
          }),
        );
      },
    });
  },
});
