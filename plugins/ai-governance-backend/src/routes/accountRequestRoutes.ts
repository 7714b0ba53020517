import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PermissionCriteria,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  type PermissionRule,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  ACCOUNT_REQUEST_STATES,
  aiGovernanceAccountCreatePermission,
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountRequestCancelPermission,
  aiGovernanceAccountRequestReadPermission,
  aiGovernanceProductionAccountCreatePermission,
  type AccountRequestListResponse,
  type AccountRequestRecord,
  type AccountRequestState,
  type CreateAccountRequestResponse,
} from '@internal/plugin-ai-governance-common';
import {
  accountRequestPermissionRules,
  type AccountRequestQuery,
} from '@internal/plugin-ai-governance-node';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  AccountRequestDecision,
  AccountRequestService,
} from '../services/accountRequests/AccountRequestService';
import type { StoredAccountRequest } from '../database/AccountRequestStore';
import { normalizeOwnerRef, parseOwnerRef } from '../services/accountRequests/ownerRef';

/** The account request rules by name; an unknown name throws (the decision cannot be applied: deny). */
const ruleset: PermissionRuleset<AccountRequestRecord, AccountRequestQuery> = {
  getRuleByName(name) {
    const rule = Object.values(accountRequestPermissionRules).find(
      r => r.name === name,
    );
    if (!rule) {
      throw new NotAllowedError(
        `Unknown account request permission rule ${name}; the permission policy names a rule this plugin does not have`,
      );
    }
    return rule as PermissionRule<
      AccountRequestRecord,
      AccountRequestQuery,
      string
    >;
  },
};
const conditionAuthorizer = createConditionAuthorizer(ruleset);
const toQuery = createConditionTransformer(ruleset);

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
      .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
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

/**
 * The account request routes (documented in src/schema/openapi.yaml): POST/GET /account-requests,
 * GET /account-requests/:id, POST /account-requests/:id/approve|reject|cancel. Every route needs credentials,
 * checks its permission (read, cancel and approve conditionally, per request) and writes an auditor event.
 */
export function createAccountRequestRouter(
  options: AccountRequestRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, service, userInfo } = options;
  const router = Router();
  const json = express.json({ limit: '16kb' });

  async function user(req: Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return credentials as BackstageCredentials<BackstageUserPrincipal>;
  }

  /**
   * Deny first (before the request is even read, so a user without the permission learns nothing of it), then read
   * the request and apply a conditional decision to it: allowed, or a 403 saying what is missing.
   */
  async function authorizedRecord(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    id: string,
    doing: string,
  ): Promise<StoredAccountRequest> {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    const refuse = () =>
      new NotAllowedError(
        `You may not ${doing} account request ${id}: missing permission ${permission.name} for it (requesters may act on their own and their groups' requests; governance admins on all).`,
      );
    if (decision.result === AuthorizeResult.DENY) throw refuse();
    const record = await service.get(id);
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      !conditionAuthorizer(decision, service.toWire(record))
    ) {
      throw refuse();
    }
    return record;
  }

  async function requirePermissions(
    credentials: BackstageCredentials,
    environment: string,
    needed: BasicPermission[],
  ) {
    const decisions = await permissions.authorize(
      needed.map(permission => ({ permission })),
      { credentials },
    );
    const denied = needed.filter(
      (_p, i) => decisions[i]?.result !== AuthorizeResult.ALLOW,
    );
    if (denied.length > 0) {
      throw new NotAllowedError(
        `You may not request ${environment} accounts: ask an AI governance admin for the ${denied
          .map(p => p.name)
          .join(' and ')} permission (or membership of a requester group).`,
      );
    }
  }

  /**
   * A request's owner group must be one the caller belongs to (their ownership refs, as the catalog resolves them),
   * or anyone could have accounts made, and billed, in another team's name. Governance admins may request for any
   * group: "admin" is decided by the approve permission asked without a request (the policy allows it to admins
   * only, whatever the request).
   */
  async function requireOwnership(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    owner: string,
  ) {
    const info = await userInfo.getUserInfo(credentials);
    const mine = [
      ...new Set(
        info.ownershipEntityRefs.flatMap(ref => parseOwnerRef(ref) ?? []),
      ),
    ];
    if (mine.includes(owner)) return;
    const [admin] = await permissions.authorizeConditional(
      [{ permission: aiGovernanceAccountRequestApprovePermission }],
      { credentials },
    );
    if (admin.result === AuthorizeResult.ALLOW) return;
    throw new NotAllowedError(
      `You can only request accounts for groups you belong to: ${
        mine.length > 0 ? mine.join(', ') : '(none)'
      }. ${owner} is not one of them; ask a member of that group, or a governance admin, to request it.`,
    );
  }

  /** Whether the caller may read a request (the conditional read permission), for conflict messages. */
  async function readableBy(
    credentials: BackstageCredentials,
  ): Promise<(record: StoredAccountRequest) => boolean> {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: aiGovernanceAccountRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return () => true;
    if (decision.result === AuthorizeResult.DENY) return () => false;
    return record => conditionAuthorizer(decision, service.toWire(record));
  }

  router.post('/account-requests', json, async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'account-request-create',
      request: req,
      severityLevel: 'medium',
    });
    try {
      const credentials = await user(req);
      // Deny by default: no permission to request accounts at all answers 403 whatever the body says.
      await requirePermissions(credentials, 'any', [
        aiGovernanceAccountCreatePermission,
      ]);
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
      const decisions = await permissions.authorize(
        needed.map(permission => ({ permission })),
        { credentials },
      );
      const denied = needed.filter(
        (_p, i) => decisions[i]?.result !== AuthorizeResult.ALLOW,
      );
      if (denied.length > 0) {
        throw new NotAllowedError(
          `You may not request ${
            body.environment
          } accounts: ask an AI governance admin for the ${denied
            .map(p => p.name)
            .join(' and ')} permission (or membership of a requester group).`,
        );
      }
      const owner = normalizeOwnerRef(body.owner);
      await requireOwnership(credentials, owner);
      const dryRun = query.data.dryRun === 'true';
      const { request, created } = await service.create(
        { ...body, owner },
        credentials.principal.userEntityRef,
        { dryRun, canRead: await readableBy(credentials) },
      );
      const answer: CreateAccountRequestResponse = {
        request: service.toWire(request),
        created,
      };
      res.status(created ? 201 : 200).json(answer);
      await event.success({
        meta: {
          requestId: dryRun ? null : request.id,
          created,
          dryRun,
          environment: body.environment,
          state: request.state,
          requestedBy: credentials.principal.userEntityRef,
          taskId: body.taskId ?? null,
        },
      });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/account-requests', async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'account-request-list',
      request: req,
      severityLevel: 'low',
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
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
      const [decision] = await permissions.authorizeConditional(
        [{ permission: aiGovernanceAccountRequestReadPermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.DENY) {
        throw new NotAllowedError(
          `Missing permission ${aiGovernanceAccountRequestReadPermission.name}`,
        );
      }
      const criteria: PermissionCriteria<AccountRequestQuery> | undefined =
        decision.result === AuthorizeResult.CONDITIONAL
          ? toQuery(decision.conditions)
          : undefined;
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
      await event.success({ meta: { count: items.length } });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/account-requests/:id', async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'account-request-read',
      request: req,
      severityLevel: 'low',
      meta: { requestId: req.params.id },
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const record = await authorizedRecord(
        credentials,
        aiGovernanceAccountRequestReadPermission,
        req.params.id,
        'read',
      );
      res.json(service.toWire(record));
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  const decisions: Array<[AccountRequestDecision, ResourcePermission]> = [
    ['approve', aiGovernanceAccountRequestApprovePermission],
    ['reject', aiGovernanceAccountRequestApprovePermission],
    ['cancel', aiGovernanceAccountRequestCancelPermission],
  ];
  for (const [decision, permission] of decisions) {
    router.post(`/account-requests/:id/${decision}`, json, async (req, res) => {
      const event = await auditor.createEvent({
        eventId: `account-request-${decision}`,
        request: req,
        severityLevel: decision === 'approve' ? 'high' : 'medium',
        meta: { requestId: req.params.id },
      });
      try {
        const credentials = await user(req);
        const parsed = decisionBody.safeParse(req.body ?? {});
        if (!parsed.success) {
          throw invalid(
            `${decision} body`,
            parsed.error,
            'Send { "comment": "…" } (a comment is required to reject).',
          );
        }
        const record = await authorizedRecord(
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
        await event.success({ meta: { state: updated.state } });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    });
  }

  return router;
}
