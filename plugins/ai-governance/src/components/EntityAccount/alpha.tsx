/* The entity card and tab wired for new-system apps. */
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rootRouteRef } from '../../routes';
import { EntityAccountCard, EntityAccountContent } from './EntityAccount';

const newRootRouteRef = convertLegacyRouteRef(rootRouteRef);

function useDashboardPath() {
  return useRouteRef(newRootRouteRef)?.();
}

export function AlphaEntityAccountCard() {
  return <EntityAccountCard dashboardPath={useDashboardPath()} />;
}

export function AlphaEntityAccountContent() {
  return <EntityAccountContent dashboardPath={useDashboardPath()} />;
}
