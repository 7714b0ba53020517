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
