import {
  ListOrganizationalUnitsForParentCommand,
  ListOrganizationalUnitsForParentCommandOutput,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AccountVendingError } from './failures';
import { ID_PATTERNS } from '@internal/plugin-ai-governance-common';

const OU_ID = ID_PATTERNS.organizationalUnit;

/**
 * Resolves the configured OU of an environment to its id: an `ou-…` id is returned as is; anything else is read
 * as a path of OU names under the root (`AI Development`, or `Workloads/AI Development`).
 * @public
 */
export async function resolveOrganizationalUnitId(
  client: OrganizationsClient,
  reference: string,
  options: { signal?: AbortSignal; environment?: string } = {},
): Promise<string> {
  const ref = reference.trim();
  if (OU_ID.test(ref)) {
    return ref;
  }
  const names = ref
    .split('/')
    .map(part => part.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw new AccountVendingError(
      'OU_NOT_CONFIGURED',
      `No OU is configured for the ${
        options.environment ?? 'requested'
      } environment: set aiGovernance.vending.organizationalUnits.${
        options.environment ?? '<environment>'
      } to an OU id or name.`,
    );
  }
  const roots = await client.send(new ListRootsCommand({}), {
    abortSignal: options.signal,
  });
  let parentId = roots.Roots?.[0]?.Id;
  if (!parentId) {
    throw new AccountVendingError(
      'NO_ROOT',
      'The organization has no root: check that the configured credentials belong to the management account.',
    );
  }
  for (const name of names) {
    let next: string | undefined;
    let token: string | undefined;
    do {
      const page: ListOrganizationalUnitsForParentCommandOutput =
        await client.send(
          new ListOrganizationalUnitsForParentCommand({
            ParentId: parentId,
            NextToken: token,
          }),
          { abortSignal: options.signal },
        );
      next = page.OrganizationalUnits?.find(ou => ou.Name === name)?.Id;
      token = next ? undefined : page.NextToken;
    } while (token);
    if (!next) {
      throw new AccountVendingError(
        'OU_NOT_FOUND',
        `The OU "${ref}" configured for the ${
          options.environment ?? 'requested'
        } environment was not found (no "${name}" under ${parentId}). Fix aiGovernance.vending.organizationalUnits, or create the OU (for example with the governance baseline).`,
      );
    }
    parentId = next;
  }
  return parentId;
}
