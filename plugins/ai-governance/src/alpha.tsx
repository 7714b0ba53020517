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
import {
  isAwsOrganizationalUnitEntity,
  isGroupEntity,
} from './lib/catalogEntities';
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

const organizationalUnitCard = EntityCardBlueprint.make({
  name: 'organizational-unit',
  params: {
    filter: isAwsOrganizationalUnitEntity,
    loader: () =>
      import('./components/EntityOrganizationalUnit/alpha').then(m => (
        <m.AlphaEntityOrganizationalUnitCard />
      )),
  },
});

const ownedAccountsCard = EntityCardBlueprint.make({
  name: 'owned-accounts',
  params: {
    filter: isGroupEntity,
    loader: () =>
      import('./components/EntityOwnedAccounts/alpha').then(m => (
        <m.AlphaEntityOwnedAccountsCard />
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
 * "AI Governance"), the API client, an entity card and tab for entities with an AWS account id annotation, a card
 * for the catalog module's OU and root entities, and a card on group pages listing the AWS accounts the group owns.
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
  extensions: [
    page,
    api,
    entityCard,
    organizationalUnitCard,
    ownedAccountsCard,
    entityContent,
  ],
});

export default aiGovernancePlugin;
