/* The entity card and tab wired for legacy apps (entity from the legacy catalog context). */
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { EntityAccountCard, EntityAccountContent } from './EntityAccount';

function useDashboardPath() {
  try {
    return useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
}

export function LegacyEntityAccountCard() {
  return <EntityAccountCard dashboardPath={useDashboardPath()} />;
}

export function LegacyEntityAccountContent() {
  return <EntityAccountContent dashboardPath={useDashboardPath()} />;
}
