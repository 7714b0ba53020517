/**
 * The plugin's router: the inventory routes (GET /tree, GET /nodes/:id, GET /policies/:id, POST /refresh,
 * GET /status), with the policy engine, what-if, drift and posture routes added from their own files.
 */
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  aiGovernancePolicyReadPermission,
  aiGovernanceRefreshPermission,
  aiGovernanceTreeReadPermission,
  ID_PATTERNS,
  type PolicyLimits,
} from '@internal/plugin-ai-governance-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  RefreshCooldownError,
  type InventoryManager,
} from '../services/inventory/InventoryManager';
import { addDriftRoutes } from './driftRoutes';
import { createRouteGuard } from './guard';
import { jsonBody } from './jsonBody';
import { addPolicyRoutes } from './policyRoutes';
import { addEffectivePolicyRoutes } from './effectivePolicyRoutes';
import { addPostureRoutes } from './postureRoutes';
import { addWhatIfRoutes } from './whatIfRoutes';

const NOT_READY =
  'The first crawl of the organization has not finished yet; GET /api/ai-governance/status shows its progress and errors';

const refreshBody = z
  .object({
    /** Wait for the crawl to finish before answering (default false: answer 202 at once). */
    wait: z.boolean().optional(),
    accountIds: z
      .array(
        z.string().regex(ID_PATTERNS.account, 'an account id is 12 digits'),
      )
      .max(100)
      .optional(),
    ouIds: z
      .array(
        z
          .string()
          .regex(
            ID_PATTERNS.organizationalUnit,
            'an OU id looks like ou-xxxx-xxxxxxxx',
          ),
      )
      .max(100)
      .optional(),
    policyIds: z
      .array(
        z
          .string()
          .regex(ID_PATTERNS.policy, 'a policy id looks like p-xxxxxxxx'),
      )
      .max(100)
      .optional(),
  })
  .strict();

/** Whose refresh cooldown a request counts against: the user, or the calling service. */
function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  return `${p.type ?? 'unknown'}:${p.subject ?? ''}`;
}

export interface RouterOptions {
  /** Size and count limits for the policy routes (`aiGovernance.policyLimits`). */
  policyLimits?: PolicyLimits;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  inventory: InventoryManager;
  /** The governance baseline for GET /drift (`aiGovernance.baseline.file`). */
  baselineFile?: string;
}

/** The plugin's router; see the file comment. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, inventory, policyLimits } = options;
  const router = Router();
  const json = jsonBody('64kb');
  const { route } = createRouteGuard({ httpAuth, permissions, auditor });

  async function ready() {
    const view = await inventory.viewWhenReady();
    if (!view) throw new ServiceUnavailableError(NOT_READY);
    return view;
  }

  router.get(
    '/tree',
    route(
      {
        eventId: 'tree-read',
        access: 'read',
        permission: aiGovernanceTreeReadPermission,
      },
      async ({ req, res }) => {
        const view = await ready();
        res.setHeader('ETag', view.etag);
        res.setHeader('Cache-Control', 'private, no-cache');
        res.setHeader('Vary', 'Accept-Encoding');
        if (req.headers['if-none-match'] === view.etag) {
          res.status(304).end();
        } else {
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          if (req.acceptsEncodings('gzip') === 'gzip') {
            res.setHeader('Content-Encoding', 'gzip');
            res.setHeader('Content-Length', view.treeGzip.length);
            res.end(view.treeGzip);
          } else {
            res.setHeader('Content-Length', view.treeJson.length);
            res.end(view.treeJson);
          }
        }
        return { snapshotTime: view.snapshot.capturedAt };
      },
    ),
  );

  router.get(
    '/nodes/:id',
    route(
      {
        eventId: 'node-read',
        meta: req => ({ nodeId: req.params.id }),
        access: 'read',
        permission: aiGovernanceTreeReadPermission,
      },
      async ({ req, res }) => {
        const id = req.params.id;
        const node = (await ready()).node(id);
        if (!node) {
          throw new NotFoundError(
            `No root, OU or account with id ${id} in the snapshot; ids look like r-xxxx, ou-xxxx-xxxxxxxx or 123456789012`,
          );
        }
        res.json(node);
      },
    ),
  );

  router.get(
    '/policies/:id',
    route(
      {
        eventId: 'policy-read',
        meta: req => ({ policyId: req.params.id }),
        access: 'read',
        permission: aiGovernancePolicyReadPermission,
      },
      async ({ req, res }) => {
        const id = req.params.id;
        const policy = (await ready()).policy(id);
        if (!policy) {
          throw new NotFoundError(
            `No policy with id ${id} in the snapshot; ids look like p-xxxxxxxx or p-FullAWSAccess`,
          );
        }
        res.json(policy);
      },
    ),
  );

  router.post(
    '/refresh',
    ...json,
    route(
      {
        eventId: 'inventory-refresh',
        severityLevel: 'medium',
        access: 'write',
        permission: aiGovernanceRefreshPermission,
      },
      async ({ req, res, credentials }) => {
        const parsed = refreshBody.safeParse(req.body ?? {});
        if (!parsed.success) {
          throw new InputError(
            `Invalid refresh request: ${parsed.error.issues
              .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
              .join(
                '; ',
              )}. Send {} for a full crawl, or { accountIds, ouIds, policyIds } to re-read those`,
          );
        }
        const { wait, ...touched } = parsed.data;
        const targeted = Boolean(
          touched.accountIds?.length ||
            touched.ouIds?.length ||
            touched.policyIds?.length,
        );
        // Coalesced with a crawl under way; otherwise one per user per cooldown (429 with Retry-After).
        let job;
        try {
          job = inventory.manualRefresh(principalKey(credentials), touched);
        } catch (error) {
          if (error instanceof RefreshCooldownError) {
            res.setHeader('Retry-After', String(error.retryAfterSeconds));
          }
          throw error;
        }
        if (wait) {
          await job;
          res.json(inventory.status());
        } else {
          job.catch(() => {
            // The inventory logged the failure with its context and shows it in GET /status (lastFailure).
          });
          res.status(202).json(inventory.status());
        }
        return { targeted, wait: Boolean(wait) };
      },
    ),
  );

  router.get(
    '/status',
    route(
      {
        eventId: 'status-read',
        access: 'read',
        permission: aiGovernanceTreeReadPermission,
      },
      async ({ res }) => {
        res.json(inventory.status());
      },
    ),
  );

  addPolicyRoutes(router, {
    httpAuth,
    permissions,
    auditor,
    limits: policyLimits,
    getSnapshot: async () => (await ready()).snapshot,
  });

  // POST /what-if: the effective-permission diff of a proposed change, answered without changing anything.
  addWhatIfRoutes(router, {
    httpAuth,
    permissions,
    auditor,
    baselineFile: options.baselineFile,
    getSnapshot: async () => (await ready()).snapshot,
  });

  // GET /drift: the live organization against the governance baseline (docs/baseline.md).
  addDriftRoutes(router, {
    httpAuth,
    permissions,
    auditor,
    baselineFile: options.baselineFile,
    getSnapshot: async () => (await ready()).snapshot,
  });

  // GET /posture: the AI posture findings of the snapshot (read by the catalog module for its annotations).
  addPostureRoutes(router, {
    httpAuth,
    permissions,
    auditor,
    getSnapshot: async () => (await ready()).snapshot,
  });

  // GET /nodes/:id/effective-policies: an account's effective management policies with their sources.
  addEffectivePolicyRoutes(router, {
    httpAuth,
    permissions,
    auditor,
    getView: ready,
  });

  return router;
}
