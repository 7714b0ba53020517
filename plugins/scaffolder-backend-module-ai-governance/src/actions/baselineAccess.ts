/**
 * Who may run the baseline action: a signed-in user with ai-governance.baseline.apply, and for removals also
 * ai-governance.baseline.remove.
 */
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  aiGovernanceBaselineApplyPermission,
  aiGovernanceBaselineRemovePermission,
} from '@internal/plugin-ai-governance-common';

/** Throws NotAllowedError, saying which permission to ask for, unless the initiator may apply (and remove). */
export async function authorizeBaselineApply(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  allowRemovals: string[],
): Promise<void> {
  // Backstage's permission client allows every service principal without asking the policy: a task started by
  // another plugin or a service token would pass both checks below. Changing guardrails needs a person.
  if ((credentials.principal as { type?: string }).type !== 'user') {
    throw new NotAllowedError(
      'The governance baseline is applied only on behalf of a signed-in user: start this task from the portal or with a user token, not with service credentials.',
    );
  }
  const [decision] = await permissions.authorize(
    [{ permission: aiGovernanceBaselineApplyPermission }],
    { credentials },
  );
  if (decision?.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not preview or apply the governance baseline: ask an AI governance admin for the ${aiGovernanceBaselineApplyPermission.name} permission.`,
    );
  }
  if (allowRemovals.length > 0) {
    const [remove] = await permissions.authorize(
      [{ permission: aiGovernanceBaselineRemovePermission }],
      { credentials },
    );
    if (remove?.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not remove governance from AWS (allowRemovals: ${allowRemovals.join(
          ', ',
        )}): ask an AI governance admin for the ${
          aiGovernanceBaselineRemovePermission.name
        } permission, or apply without removals (they are then left in place, unmanaged).`,
      );
    }
  }
}
