/**
 * GET /nodes/:id/effective-policies: an account's effective policy of each management type enabled on the root, each
 * value with the node, policy and inheritance operator behind it, computed once per account and snapshot (common's
 * computeEffectivePolicy, AWS's inheritance rules). Requires Backstage credentials (user or service) and the
 * ai-governance.policy.read permission, since the answer is read from the policies' content.
 */
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { aiGovernancePolicyReadPermission } from '@internal/plugin-ai-governance-common';
import type { Router } from 'express';
import type { SnapshotView } from '../services/inventory/SnapshotView';
import { createRouteGuard } from './guard';

/** @public */
export interface EffectivePolicyRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The served snapshot's view; throws ServiceUnavailableError before the first crawl. */
  getView: () => Promise<Pick<SnapshotView, 'effectivePolicies'>>;
}

/** Adds GET /nodes/:id/effective-policies to the router. @public */
export function addEffectivePolicyRoutes(
  router: Router,
  options: EffectivePolicyRoutesOptions,
): void {
  const { httpAuth, permissions, auditor, getView } = options;
  const { route } = createRouteGuard({ httpAuth, permissions, auditor });

  router.get(
    '/nodes/:id/effective-policies',
    route(
      {
        eventId: 'effective-policies-read',
        meta: req => ({ nodeId: req.params.id }),
        access: 'read',
        permission: aiGovernancePolicyReadPermission,
      },
      async ({ req, res }) => {
        const id = req.params.id;
        const answer = (await getView()).effectivePolicies(id);
        if (answer === undefined) {
          throw new NotFoundError(
            `No account with id ${id} in the snapshot; account ids are 12 digits`,
          );
        }
        if (answer === 'not-account') {
          throw new InputError(
            `${id} is a root or OU: AWS computes effective policies for accounts only (DescribeEffectivePolicy). Ask for an account under it`,
          );
        }
        res.json(answer);
        return {
          snapshotTime: answer.snapshotTime,
          types: answer.types.length,
        };
      },
    ),
  );
}
