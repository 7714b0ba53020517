/**
 * What every ai-governance action does around its work: check the caller's permission, name the caller, and record
 * an audit event (`action-<name>`), as the routes' guard does for requests.
 */
import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';

/** Throws NotAllowedError unless the caller holds `permission`; records the refusal on the audit event. */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
  doing: string,
): Promise<void> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not ${doing}: missing permission ${permission.name}; ask an AI governance admin for it.`,
    );
  }
}

/** The caller's principal: `type` is user, service or none; users have an entity ref. */
export function principalOf(credentials: BackstageCredentials): {
  type: string;
  userEntityRef?: string;
} {
  return credentials.principal as { type: string; userEntityRef?: string };
}

/** Runs an action's work behind an audit event (`action-<name>`), as the routes' guard does for requests. */
export async function audited<T>(
  auditor: AuditorService | undefined,
  eventId: string,
  meta: Record<string, string | undefined>,
  credentials: BackstageCredentials,
  work: () => Promise<T>,
  severityLevel: 'low' | 'medium' = 'low',
): Promise<T> {
  const event = await auditor?.createEvent({
    eventId,
    severityLevel,
    meta: Object.fromEntries(
      Object.entries({
        ...meta,
        principal:
          principalOf(credentials).userEntityRef ??
          principalOf(credentials).type,
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
  });
  try {
    const result = await work();
    await event?.success();
    return result;
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
}
