import {
  coreServices,
  createBackendPlugin,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  aiGovernancePermissions,
  POLICY_TYPES,
  type PolicyLimits,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import {
  INVENTORY_WRITES_TOPIC,
  organizationsClientFactoryServiceRef,
  parseTouchedNodes,
} from '@internal/plugin-ai-governance-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { registerAiGovernanceActions } from './actions';
import { setUpAccountRequests } from './services/accountRequests/setup';
import { createRouter } from './routes/router';
import { notFoundRoute } from './routes/jsonBody';
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
 * The AI Governance backend plugin: the organization inventory (crawl, store, serve), the policy routes and account
 * requests, under `/api/ai-governance`. Its Organizations client comes from `organizationsClientFactoryServiceRef`
 * (AWS by default; the demo backend installs a sandbox-backed one), and other plugins' writes arrive on the events
 * topic `INVENTORY_WRITES_TOPIC`.
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
        organizations: organizationsClientFactoryServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
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
        organizations,
        events,
        notifications,
        signals,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions(aiGovernancePermissions);

        const client = await organizations.getClient();
        const source = await organizations.getSource();

        const inventory = await InventoryManager.create({
          config,
          logger,
          database,
          scheduler,
          auditor,
          client,
          source,
        });
        // Writes other plugins made (the scaffolder module's baseline apply): re-read just those nodes.
        await events.subscribe({
          id: 'inventory-writes',
          topics: [INVENTORY_WRITES_TOPIC],
          onEvent: async ({ eventPayload }) =>
            inventory.notifyWrites(parseTouchedNodes(eventPayload)),
        });

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
        // Last: a path none of the routes above has gets a JSON 404 (`/nodes/../../etc/passwd`, a typo).
        httpRouter.use(notFoundRoute());

        // The same answers for AI agents and other backends, through the actions registry (docs/catalog.md).
        registerAiGovernanceActions({
          actionsRegistry,
          permissions,
          userInfo,
          auditor,
          getView: () => inventory.viewWhenReady(),
          limits: readPolicyLimits(config),
          accountRequests: accountRequests.service,
        });

        lifecycle.addStartupHook(() => inventory.start());
        lifecycle.addShutdownHook(() => inventory.stop());
      },
    });
  },
});
