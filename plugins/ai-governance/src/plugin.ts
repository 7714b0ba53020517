/* The legacy-frontend-system plugin and its routable extensions. */
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { aiGovernanceApiRef, AiGovernanceClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The AI Governance plugin for apps on the legacy frontend system. New-system apps use the default export of
 * `@internal/plugin-ai-governance/alpha`.
 * @public
 */
export const aiGovernancePlugin = createPlugin({
  id: 'ai-governance',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: aiGovernanceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiGovernanceClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The AI Governance page, for `<Route path="/ai-governance" element={<AiGovernancePage />} />`.
 * @public
 */
export const AiGovernancePage = aiGovernancePlugin.provide(
  createRoutableExtension({
    name: 'AiGovernancePage',
    component: () =>
      import('./components/AiGovernancePage').then(m => m.AiGovernancePage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Entity card: the entity's AWS account (annotation `amazonaws.com/account-id`) in the organization, and its
 * inherited guardrails. Show it only when `isAwsAccountEntity(entity)`.
 * @public
 */
export const EntityAiGovernanceCard = aiGovernancePlugin.provide(
  createComponentExtension({
    name: 'EntityAiGovernanceCard',
    component: {
      lazy: () =>
        import('./components/EntityAccount/legacy').then(
          m => m.LegacyEntityAccountCard,
        ),
    },
  }),
);

/**
 * Entity tab content: the full view of the entity's AWS account, with its AI posture.
 * @public
 */
export const EntityAiGovernanceContent = aiGovernancePlugin.provide(
  createComponentExtension({
    name: 'EntityAiGovernanceContent',
    component: {
      lazy: () =>
        import('./components/EntityAccount/legacy').then(
          m => m.LegacyEntityAccountContent,
        ),
    },
  }),
);

/**
 * Entity card for the AI Governance catalog module's OU and root entities: the guardrails they pass down, and the OUs
 * and accounts under them with owners and AI posture. Show it only when `isAwsOrganizationalUnitEntity(entity)`.
 * @public
 */
export const EntityAiGovernanceOrganizationalUnitCard =
  aiGovernancePlugin.provide(
    createComponentExtension({
      name: 'EntityAiGovernanceOrganizationalUnitCard',
      component: {
        lazy: () =>
          import('./components/EntityOrganizationalUnit/legacy').then(
            m => m.LegacyEntityOrganizationalUnitCard,
          ),
      },
    }),
  );

/**
 * Group page card: the AWS accounts the group owns, with their OU path, state and AI posture. Show it only when
 * `isGroupEntity(entity)`.
 * @public
 */
export const EntityAiGovernanceOwnedAccountsCard = aiGovernancePlugin.provide(
  createComponentExtension({
    name: 'EntityAiGovernanceOwnedAccountsCard',
    component: {
      lazy: () =>
        import('./components/EntityOwnedAccounts/legacy').then(
          m => m.LegacyEntityOwnedAccountsCard,
        ),
    },
  }),
);
