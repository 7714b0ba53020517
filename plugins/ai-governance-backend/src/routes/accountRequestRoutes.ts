/**
 * The account request routes (documented in src/schema/openapi.yaml): POST/GET /account-requests,
 * GET /account-requests/:id, POST /account-requests/:id/approve|reject|cancel. Every route goes through the route
 * guard (credentials, auditor event); who may do what to a request is decided in accountRequestAccess.ts.
 */
import type {
  AuditorService,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  ACCOUNT_REQUEST_STATES,
  aiGovernanceAccountCreatePermission,
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountRequestCancelPermission,
  aiGovernanceAccountRequestReadPermission,
  aiGovernanceProductionAccountCreatePermission,
  type AccountRequestListResponse,
  type AccountRequestState,
  type CreateAccountRequestResponse,
} from '@internal/plugin-ai-governance-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  AccountRequestDecision,
  AccountRequestService,
} from '../services/accountRequests/AccountRequestService';
import { normalizeOwnerRef } from '../services/accountRequests/ownerRef';
import { createAccountRequestAccess } from './accountRequestAccess';
import { createRouteGuard } from './guard';
import { jsonBody } from './jsonBody';

const createBody = z
  .object({
    name: z.string().min(1).max(50),
    environment: z.enum(['development', 'production']),
    owner: z.string().min(1).max(255),
    costCenter: z.string().min(1).max(32),
    dataClassification: z.enum([
      'public',
      'internal',
      'confidential',
      'restricted',
    ]),
    purpose: z.string().min(1).max(1000),
    email: z.string().max(64).optional(),
    // Set by the scaffolder action (ai-governance:account:create) to its task's id, a UUID; recorded and audited.
    taskId: z
      .string()
      .uuid({
        message:
          'must be the id of the scaffolder task submitting the request (a UUID); leave it out when no task does',
      })
      .optional(),
  })
  .strict();

const decisionBody = z
  .object({ comment: z.string().max(2000).optional() })
  .strict();

const listQuery = z
  .object({
    state: z.union([z.string(), z.array(z.string())]).optional(),
    mine: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

const createQuery = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .strict();

function invalid(what: string, error: z.ZodError, hint: string): InputError {
  return new InputError(
    `Invalid ${what}: ${error.issues
      // An issue of the whole query or body (unknown keys) is named by what it is about.
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ')}. ${hint}`,
  );
}

/** Options of {@link createAccountRequestRouter}. */
export interface AccountRequestRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  service: AccountRequestService;
  /** The caller's ownership refs: a request's owner group must be one of them (admins excepted). */
  userInfo: UserInfoService;
}

/** The account request routes; see the file comment. */
export function createAccountRequestRouter(
  options: AccountRequestRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, service, userInfo } = options;
  const router = Router();
  const json = jsonBody('16kb');
  const { route } = createRouteGuard({ httpAuth, permissions, auditor });
  const access = createAccountRequestAccess({ permissions, service, userInfo });

  router.post(
    '/account-requests',
    ...json,
    route(
      {
        eventId: 'account-request-create',
        severityLevel: 'medium',
        access: 'write',
        // Deny by default: no permission to request accounts at all answers 403 whatever the body says.
        permission: aiGovernanceAccountCreatePermission,
        deniedMessage: `You may not request any accounts: ask an AI governance admin for the ${aiGovernanceAccountCreatePermission.name} permission (or membership of a requester group).`,
      },
      async ({ req, res, credentials }) => {
        const query = createQuery.safeParse(req.query);
        if (!query.success) {
          throw invalid(
            'query',
            query.error,
            'The only query parameter is dryRun=true.',
          );
        }
        const parsed = createBody.safeParse(req.body ?? {});
        if (!parsed.success) {
          throw invalid(
            'account request',
            parsed.error,
            'Send { name, environment, owner, costCenter, dataClassification, purpose } and optionally email and taskId.',
          );
        }
        const body = parsed.data;
        const needed = [aiGovernanceAccountCreatePermission];
        if (body.environment === 'production') {
          needed.push(aiGovernanceProductionAccountCreatePermission);
        }
        await access.requirePermissions(credentials, body.environment, needed);
        const owner = normalizeOwnerRef(body.owner);
        await access.requireOwnership(credentials, owner);
        const dryRun = query.data.dryRun === 'true';
        const { request, created } = await service.create(
          { ...body, owner },
          credentials.principal.userEntityRef,
          { dryRun, canRead: await access.readableBy(credentials) },
        );
        const answer: CreateAccountRequestResponse = {
          request: service.toWire(request),
          created,
        };
        res.status(created ? 201 : 200).json(answer);
        return {
          requestId: dryRun ? null : request.id,
          created,
          dryRun,
          environment: body.environment,
          state: request.state,
          requestedBy: credentials.principal.userEntityRef,
          taskId: body.taskId ?? null,
        };
      },
    ),
  );

  router.get(
    '/account-requests',
    route(
      { eventId: 'account-request-list', access: 'read' },
      async ({ req, res, credentials }) => {
        const query = listQuery.safeParse(req.query);
        if (!query.success) {
          throw invalid(
            'query',
            query.error,
            `Use state=<${ACCOUNT_REQUEST_STATES.join(
              '|',
            )}> (repeatable or comma-separated), mine=true and limit.`,
          );
        }
        const states = [query.data.state ?? []]
          .flat()
          .flatMap(s => s.split(','))
          .map(s => s.trim())
          .filter(Boolean);
        const unknown = states.filter(
          s => !ACCOUNT_REQUEST_STATES.includes(s as AccountRequestState),
        );
        if (unknown.length > 0) {
          throw new InputError(
            `Unknown state ${unknown.join(
              ', ',
            )}: use one of ${ACCOUNT_REQUEST_STATES.join(', ')}.`,
          );
        }
        let requestedBy: string | undefined;
        if (query.data.mine === 'true') {
          if (credentials.principal.type !== 'user') {
            throw new InputError('mine=true needs a signed-in user.');
          }
          requestedBy = (credentials.principal as BackstageUserPrincipal)
            .userEntityRef;
        }
        const criteria = await access.readableCriteria(credentials);
        const items = await service.store.list({
          states: states as AccountRequestState[],
          requestedBy,
          criteria,
          limit: query.data.limit,
        });
        const answer: AccountRequestListResponse = {
          items: items.map(r => service.toWire(r)),
        };
        res.json(answer);
        return { count: items.length };
      },
    ),
  );

  router.get(
    '/account-requests/:id',
    route(
      {
        eventId: 'account-request-read',
        meta: req => ({ requestId: req.params.id }),
        access: 'read',
      },
      async ({ req, res, credentials }) => {
        const record = await access.authorizedRecord(
          credentials,
          aiGovernanceAccountRequestReadPermission,
          req.params.id,
          'read',
        );
        res.json(service.toWire(record));
      },
    ),
  );

  const decisions: Array<[AccountRequestDecision, ResourcePermission]> = [
    ['approve', aiGovernanceAccountRequestApprovePermission],
    ['reject', aiGovernanceAccountRequestApprovePermission],
    ['cancel', aiGovernanceAccountRequestCancelPermission],
  ];
  for (const [decision, permission] of decisions) {
    router.post(
      `/account-requests/:id/${decision}`,
      ...json,
      route(
        {
          eventId: `account-request-${decision}`,
          severityLevel: decision === 'approve' ? 'high' : 'medium',
          meta: (req: express.Request) => ({ requestId: req.params.id }),
          access: 'write',
        },
        async ({ req, res, credentials }) => {
          const parsed = decisionBody.safeParse(req.body ?? {});
          if (!parsed.success) {
            throw invalid(
              `${decision} body`,
              parsed.error,
              'Send { "comment": "…" } (a comment is required to reject).',
            );
          }
          const record = await access.authorizedRecord(
            credentials,
            permission,
            req.params.id,
            decision,
          );
          const updated = await service.decide(
            record.id,
            decision,
            credentials.principal.userEntityRef,
            parsed.data.comment,
            record,
          );
          res.json(service.toWire(updated));
          return { state: updated.state };
        },
      ),
    );
  }

  return router;
}
