/* The new-frontend-system plugin: the page, the API, and the entity card and tab. */
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  OverridableFrontendPlugin,
  PageBlueprint,
  RouteRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { RiShieldCheckLine } from '@remixicon/react';
import { aiGovernanceApiRef, AiGovernanceClient } from './api';
import { isAwsAccountEntity } from './lib/entity';
import { rootRouteRef } from './routes';

const page = PageBlueprint.make({
  params: {
    path: '/ai-governance',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'AI Governance',
    icon: <RiShieldCheckLine />,
    // The page draws its own header with tabs and the snapshot status.
    noHeader: true,
    loader: () =>
      import('./components/AiGovernancePage').then(m => <m.AiGovernancePage />),
  },
});

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: aiGovernanceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiGovernanceClient({ discoveryApi, fetchApi }),
    }),
});

const entityCard = EntityCardBlueprint.make({
  name: 'account',
  params: {
    filter: isAwsAccountEntity,
    loader: () =>
      import('./components/EntityAccount/alpha').then(m => (
        <m.AlphaEntityAccountCard />
      )),
  },
});

const entityContent = EntityContentBlueprint.make({
  name: 'account',
  params: {
    path: '/ai-governance',
    title: 'AI Governance',
    filter: isAwsAccountEntity,
    loader: () =>
      import('./components/EntityAccount/alpha').then(m => (
        <m.AlphaEntityAccountContent />
      )),
  },
});

/**
 * The AI Governance plugin for the new frontend system: the page at `/ai-governance` (in the sidebar as
 * "AI Governance"), the API client, and an entity card and tab for entities with an AWS account id annotation.
 * @alpha
 */
const aiGovernancePlugin: OverridableFrontendPlugin<{
  root: RouteRef<undefined>;
}> = createFrontendPlugin({
  pluginId: 'ai-governance',
  title: 'AI Governance',
  icon: <RiShieldCheckLine />,
  info: { packageJson: () => import('../package.json') },
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [page, api, entityCard, entityContent],
});

export default aiGovernancePlugin;
