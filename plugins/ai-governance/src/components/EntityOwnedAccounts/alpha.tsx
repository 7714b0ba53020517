/* The owned AWS accounts card wired for new-system apps. */
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rootRouteRef } from '../../routes';
import { EntityOwnedAccountsCard } from './EntityOwnedAccounts';

const newRootRouteRef = convertLegacyRouteRef(rootRouteRef);

function useDashboardPath() {
  return useRouteRef(newRootRouteRef)?.();
}

export function AlphaEntityOwnedAccountsCard() {
  return <EntityOwnedAccountsCard dashboardPath={useDashboardPath()} />;
}
