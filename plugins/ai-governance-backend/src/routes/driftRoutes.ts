/**
 * GET /drift: where the live organization differs from the governance baseline (an OU or attachment missing or
 * extra, a policy's content changed, a policy type not enabled). Requires Backstage credentials and the
 * ai-governance.tree.read permission. The baseline is the org model file `guardrails/baseline.yaml` (docs/baseline.md).
 */
import path from 'path';
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  aiGovernanceTreeReadPermission,
  diffBaseline,
  OrgModel,
  OrgModelError,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import {
  findGuardrailsDir,
  loadBaselineModel,
} from '@internal/plugin-ai-governance-node';
import type { Router } from 'express';
import { createRouteGuard } from './guard';

/** @public */
export interface DriftRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The inventory's latest snapshot. */
  getSnapshot: () => Promise<OrgSnapshot>;
  /** The baseline file (`aiGovernance.baseline.file`); default: `guardrails/baseline.yaml` found from the working directory. */
  baselineFile?: string;
  /** The baseline; default: `baselineFile` read on each request, so an edited baseline shows at once. */
  getBaseline?: () => Promise<OrgModel>;
}

/** Reads the baseline file: the given one, else the repository's `guardrails/baseline.yaml`. */
export async function defaultBaseline(
  baselineFile?: string,
): Promise<OrgModel> {
  let file: string;
  try {
    file =
      baselineFile ??
      path.join(findGuardrailsDir(process.cwd()), 'baseline.yaml');
  } catch {
    throw new NotFoundError(
      'No governance baseline is installed: the backend found no guardrails/baseline.yaml above its working directory; set aiGovernance.baseline.file (docs/baseline.md)',
    );
  }
  try {
    return loadBaselineModel(file);
  } catch (error) {
    if (error instanceof OrgModelError) {
      throw new NotFoundError(
        `The governance baseline cannot be read: ${error.message}`,
      );
    }
    throw error;
  }
}

/** Adds GET /drift to the router. @public */
export function addDriftRoutes(
  router: Router,
  options: DriftRoutesOptions,
): void {
  const { httpAuth, permissions, auditor, getSnapshot } = options;
  const getBaseline =
    options.getBaseline ?? (() => defaultBaseline(options.baselineFile));

  const { route } = createRouteGuard({ httpAuth, permissions, auditor });

  router.get(
    '/drift',
    route(
      {
        eventId: 'drift-read',
        access: 'read',
        permission: aiGovernanceTreeReadPermission,
      },
      async ({ res }) => {
        const [snapshot, baseline] = await Promise.all([
          getSnapshot(),
          getBaseline(),
        ]);
        const drift = diffBaseline(snapshot, baseline);
        res.json(drift);
        return { inSync: drift.inSync, items: drift.items.length };
      },
    ),
  );
}
