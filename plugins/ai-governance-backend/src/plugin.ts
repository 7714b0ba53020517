import {
  coreServices,
  createBackendPlugin,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  aiGovernancePermissions,
  POLICY_TYPES,
  type PolicyLimits,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import {
  inventoryServiceRef,
  organizationsClientFromConfig,
  readOrganizationsConfig,
  type InventorySource,
} from '@internal/plugin-ai-governance-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { setUpAccountRequests } from './services/accountRequests/setup';
import { createRouter } from './routes/router';
import { startEmbeddedSandbox } from './services/embeddedSandbox';
import { InventoryManager } from './services/inventory/InventoryManager';

/** `aiGovernance.policyLimits`: AWS's quotas unless set. */
function readPolicyLimits(config: RootConfigService): PolicyLimits | undefined {
  const c = config.getOptionalConfig('aiGovernance.policyLimits');
  if (!c) return undefined;
  const size: PolicyLimits['size'] = {};
  const sizes = c.getOptionalConfig('size');
  for (const key of sizes?.keys() ?? []) {
    if (!POLICY_TYPES.includes(key as PolicyType)) {
      throw new InputError(
        `aiGovernance.policyLimits.size.${key} is not a policy type; use one of ${POLICY_TYPES.join(
          ', ',
        )}`,
      );
    }
    size[key as PolicyType] = sizes!.getNumber(key);
  }
  return {
    size,
    maxPoliciesPerTarget: c.getOptionalNumber('maxPoliciesPerTarget'),
  };
}

/**
 * The AI Governance backend plugin: the organization inventory (crawl, store, serve) and the policy routes, under
 * `/api/ai-governance`.
 * @public
 */
export const aiGovernancePlugin = createBackendPlugin({
  pluginId: 'ai-governance',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        inventoryHub: inventoryServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        logger,
        config,
        database,
        scheduler,
        permissions,
        permissionsRegistry,
        userInfo,
        auditor,
        lifecycle,
        inventoryHub,
        notifications,
        signals,
      }) {
        permissionsRegistry.addPermissions(aiGovernancePermissions);

        const orgConfig = readOrganizationsConfig(config);
        let endpoint: string | undefined;
        let source: InventorySource;
        if (orgConfig.sandbox.enabled) {
          const running = await startEmbeddedSandbox(orgConfig.sandbox, logger);
          lifecycle.addShutdownHook(() => running.close());
          endpoint = running.url;
          source = { kind: 'sandbox', endpoint, region: orgConfig.region };
        } else {
          endpoint = orgConfig.endpoint;
          source = { kind: 'aws', endpoint, region: orgConfig.region };
        }
        const client = await organizationsClientFromConfig(config, logger, {
          endpoint,
        });

        const inventory = await InventoryManager.create({
          config,
          logger,
          database,
          scheduler,
          auditor,
          client,
          source,
        });
        inventoryHub.register(inventory);

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            logger,
            inventory,
            policyLimits: readPolicyLimits(config),
            baselineFile: config.getOptionalString(
              'aiGovernance.baseline.file',
            ),
          }),
        );

        // Account requests: /account-requests routes, approvals, and the provisioning worker (docs/vending.md).
        const accountRequests = await setUpAccountRequests({
          config,
          logger,
          database,
          auditor,
          httpAuth,
          permissions,
          permissionsRegistry,
          userInfo,
          lifecycle,
          inventory,
          notifications,
          signals,
        });
        httpRouter.use(accountRequests.router);

        lifecycle.addStartupHook(() => inventory.start());
        lifecycle.addShutdownHook(() => inventory.stop());
      },
    });
  },
});
