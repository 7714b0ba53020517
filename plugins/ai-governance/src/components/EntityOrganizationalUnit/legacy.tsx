/* The OU entity card wired for legacy apps (entity from the legacy catalog context). */
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { EntityOrganizationalUnitCard } from './EntityOrganizationalUnit';

function useDashboardPath() {
  try {
    return useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
}

export function LegacyEntityOrganizationalUnitCard() {
  return <EntityOrganizationalUnitCard dashboardPath={useDashboardPath()} />;
}
