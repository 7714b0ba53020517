/**
 * How every route of this plugin starts: an auditor event, the caller's credentials, the route's permission, then
 * its work; the event records the outcome. Reads accept users and other backend plugins; writes accept users only,
 * since Backstage's permission client allows every service principal without asking the policy.
 */
import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Request, RequestHandler, Response } from 'express';

/** Who may call a route: `read` users and services, `write` users only. */
export type RouteAccess = 'read' | 'write';

/** The credentials a route's work gets: a user's for writes. */
export type RouteCredentials<A extends RouteAccess> = A extends 'write'
  ? BackstageCredentials<BackstageUserPrincipal>
  : BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>;

export interface GuardedRoute<A extends RouteAccess> {
  /** The auditor event (kebab-case). */
  eventId: string;
  /** Default `low`. */
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** Recorded on the event from the start: the ids in the path, say. */
  meta?: (req: Request) => JsonObject;
  access: A;
  /**
   * Checked before the work: without it, 403 `Missing permission <name>` (or `deniedMessage`). Routes whose
   * decision depends on the resource check it themselves in their work.
   */
  permission?: BasicPermission;
  deniedMessage?: string;
}

/** A route's work: answers the request and returns the event's meta, if any. */
export type RouteWork<A extends RouteAccess> = (context: {
  req: Request;
  res: Response;
  credentials: RouteCredentials<A>;
}) => Promise<JsonObject | void>;

export interface RouteGuardOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** When absent (some unit tests), no events are written. */
  auditor?: AuditorService;
}

/** The guard of a router; see the file comment. */
export function createRouteGuard(options: RouteGuardOptions) {
  const { httpAuth, permissions, auditor } = options;

  /** Throws NotAllowedError unless the credentials hold `permission`. */
  async function requirePermission(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    deniedMessage = `Missing permission ${permission.name}`,
  ): Promise<void> {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(deniedMessage);
    }
  }

  /** The express handler running `work` behind the route's event, credentials and permission. */
  function route<A extends RouteAccess>(
    spec: GuardedRoute<A>,
    work: RouteWork<A>,
  ): RequestHandler {
    return async (req, res) => {
      const event = await auditor?.createEvent({
        eventId: spec.eventId,
        request: req,
        severityLevel: spec.severityLevel ?? 'low',
        meta: spec.meta?.(req),
      });
      try {
        const credentials = (await httpAuth.credentials(req, {
          allow: spec.access === 'write' ? ['user'] : ['user', 'service'],
        })) as RouteCredentials<A>;
        if (spec.permission) {
          await requirePermission(
            credentials,
            spec.permission,
            spec.deniedMessage,
          );
        }
        const meta = await work({ req, res, credentials });
        await event?.success(meta ? { meta } : undefined);
      } catch (error) {
        await event?.fail({ error: error as Error });
        throw error;
      }
    };
  }

  return { route, requirePermission };
}

export type RouteGuard = ReturnType<typeof createRouteGuard>;
