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
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

/** @public */
export interface DriftRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The inventory's latest snapshot. */
  getSnapshot: () => Promise<OrgSnapshot>;
  /** The baseline; default: `guardrails/baseline.yaml` found from the working directory, read on each request. */
  getBaseline?: () => Promise<OrgModel>;
}

/** Reads the repository's baseline file. */
export async function defaultBaseline(): Promise<OrgModel> {
  let file: string;
  try {
    file = path.join(findGuardrailsDir(process.cwd()), 'baseline.yaml');
  } catch {
    throw new NotFoundError(
      'No governance baseline is installed: the backend found no guardrails/baseline.yaml above its working directory (docs/baseline.md)',
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
  const getBaseline = options.getBaseline ?? defaultBaseline;

  router.get('/drift', async (req, res) => {
    const event = await auditor?.createEvent({
      eventId: 'drift-read',
      request: req,
      severityLevel: 'low',
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission: aiGovernanceTreeReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Missing permission ${aiGovernanceTreeReadPermission.name}`,
        );
      }
      const [snapshot, baseline] = await Promise.all([
        getSnapshot(),
        getBaseline(),
      ]);
      const drift = diffBaseline(snapshot, baseline);
      res.json(drift);
      await event?.success({
        meta: { inSync: drift.inSync, items: drift.items.length },
      });
    } catch (error) {
      await event?.fail({ error: error as Error });
      throw error;
    }
  });
}
