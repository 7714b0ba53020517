/**
 * What the read-only actions share: the plugin's options, the snapshot and iam-data catalog they evaluate against,
 * policy engine errors turned into input errors, and the schema pieces more than one action uses.
 */
import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import {
  aiGovernancePolicyReadPermission,
  type EvaluateOptions,
  type IamCatalog,
  type PolicyLimits,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import type { SnapshotView } from '../services/inventory/SnapshotView';
import { audited, requirePermission } from './actionSupport';

/** What the actions need of the plugin. */
export interface ReadActionsOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The inventory's current view, or undefined while no snapshot was taken yet. */
  getView: () => Promise<SnapshotView | undefined>;
  limits?: PolicyLimits;
  /** The iam-data catalog; defaults to the installed files. */
  catalog?: Promise<IamCatalog>;
}

/** What each read action is given: the plugin's options and the shared lookups. */
export interface ReadActionContext extends ReadActionsOptions {
  /** The iam-data catalog (the given one, or the installed files). */
  iamCatalog(): Promise<IamCatalog>;
  /** The newest snapshot's view; an error saying to wait while the first crawl runs. */
  snapshotView(): Promise<SnapshotView>;
  /** The evaluator's options for `action`, its service's catalog data loaded. */
  evaluateOptions(action: string): Promise<EvaluateOptions>;
}

/** The shared lookups over the plugin's options. */
export function createReadActionContext(
  options: ReadActionsOptions,
): ReadActionContext {
  const iamCatalog = () => options.catalog ?? loadIamDataCatalog();
  return {
    ...options,
    iamCatalog,
    async snapshotView() {
      const view = await options.getView();
      if (!view) {
        throw new Error(
          'The AI Governance inventory has no snapshot of the organization yet (the first crawl is under way); try again in a minute.',
        );
      }
      return view;
    },
    async evaluateOptions(action) {
      const catalog = await iamCatalog();
      await catalog.ensureServices?.([action.split(':')[0]]);
      return { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
    },
  };
}

/**
 * Runs an evaluation (can-it, who-can) behind its audit event and the policy read permission, with the newest
 * snapshot and the evaluator's options for `action`.
 */
export function evaluating<T>(
  context: ReadActionContext,
  event: { eventId: string; meta: Record<string, string | undefined> },
  credentials: BackstageCredentials,
  action: string,
  work: (view: SnapshotView, evaluate: EvaluateOptions) => T,
): Promise<T> {
  return audited(
    context.auditor,
    event.eventId,
    event.meta,
    credentials,
    async () => {
      await requirePermission(
        context.permissions,
        credentials,
        aiGovernancePolicyReadPermission,
        'evaluate organization policies',
      );
      const view = await context.snapshotView();
      const evaluate = await context.evaluateOptions(action);
      return work(view, evaluate);
    },
  );
}

export { policyEngine } from '../policyEngineCall';

/** The zod the actions registry hands a schema callback. */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

const ACTION_PATTERN = /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/;
/** A request context key, e.g. aws:RequestedRegion. */
export const CONDITION_KEY_PATTERN = /^[A-Za-z0-9-]+:\S+$/;

/** Input: the IAM action asked about. */
export const actionInput = (z: Zod): ReturnType<Zod['string']> =>
  z
    .string()
    .regex(
      ACTION_PATTERN,
      'an action looks like service:Action, e.g. bedrock:InvokeModel',
    )
    .describe('The IAM action, e.g. bedrock:InvokeModel');

/** Output: one statement that decided. */
export const decidingOutput = (z: any) =>
  z.object({
    policyId: z.string(),
    policyName: z.string(),
    statementIndex: z.number(),
    sid: z.string().optional(),
    effect: z.enum(['Allow', 'Deny']),
  });

/** Output: the evaluator's decision. */
export const decisionOutput = (z: any) =>
  z
    .enum(['Allowed', 'ExplicitDeny', 'ImplicitDeny'])
    .describe(
      'Allowed; ExplicitDeny (a Deny statement matched); ImplicitDeny (no Allow at some level)',
    );
