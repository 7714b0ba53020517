/* The owned AWS accounts card wired for legacy apps (entity from the legacy catalog context). */
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { EntityOwnedAccountsCard } from './EntityOwnedAccounts';

function useDashboardPath() {
  try {
    return useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
}

export function LegacyEntityOwnedAccountsCard() {
  return <EntityOwnedAccountsCard dashboardPath={useDashboardPath()} />;
}
