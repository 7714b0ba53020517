/* The OU entity card wired for new-system apps. */
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rootRouteRef } from '../../routes';
import { EntityOrganizationalUnitCard } from './EntityOrganizationalUnit';

const newRootRouteRef = convertLegacyRouteRef(rootRouteRef);

function useDashboardPath() {
  return useRouteRef(newRootRouteRef)?.();
}

export function AlphaEntityOrganizationalUnitCard() {
  return <EntityOrganizationalUnitCard dashboardPath={useDashboardPath()} />;
}
