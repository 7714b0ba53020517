/**
 * `ai-governance:baseline:apply`: the action's schema, its input checks, and the choice of provisioner
 * (baselinePulumi.ts or baselineOrganizationsApi.ts); who may run it is in baselineAccess.ts.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { OrgModel, OrgModelError } from '@internal/plugin-ai-governance-common';
import {
  InventoryService,
  findGuardrailsDir,
  loadBaselineModel,
  organizationsClientFromConfig,
  readOrganizationsConfig,
} from '@internal/plugin-ai-governance-node';
import { authorizeBaselineApply } from './baselineAccess';
import { baselineApplyExamples } from './baselineApply.examples';
import { runBaselineOrganizationsApi } from './baselineOrganizationsApi';
import { runBaselinePulumi } from './baselinePulumi';
import { BaselineOutcome, summarizeBaseline } from './baselineReport';
/** Options of {@link createBaselineApplyAction}. @public */
export interface BaselineApplyActionOptions {
  permissions: PermissionsService;
  /** The shared Organizations client (the inventory's, or one from config). */
  getClient: () => Promise<OrganizationsClient>;
  /** The endpoint the client talks to, when not AWS (the sandbox); the Pulumi provider goes there too. */
  getEndpoint?: () => Promise<string | undefined>;
  /** The folder holding `<name>.yaml` baselines; default: the repository's `guardrails/` found from the working directory. */
  guardrailsDir?: string;
  /** For the Pulumi provisioner: `aiGovernance.pulumi` settings. */
  config?: Config;
  /** Told which OUs and policies changed, so the dashboard shows them without waiting for a crawl. */
  inventory?: Pick<InventoryService, 'notifyWrites'>;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `ai-governance:baseline:apply`: brings the organization to a governance baseline (OUs, guardrail policies and
 * attachments). A dry run previews; the apply runs inside a checkpoint keyed by the baseline's content, so a retried
 * task does not apply it twice. Needs the ai-governance.baseline.apply permission.
 * @public
 */
export function createBaselineApplyAction(options: BaselineApplyActionOptions) {
  return createTemplateAction({
    id: 'ai-governance:baseline:apply',
    description:
      'Applies the governance baseline: enables policy types, creates or updates the guardrail policies, creates OUs and attaches policies. Never deletes; reports what differs instead.',
    examples: baselineApplyExamples,
    supportsDryRun: true,
    schema: {
      input: {
        baseline: z =>
          z
            .string()
            .regex(NAME)
            .default('baseline')
            .describe(
              'Name of the baseline file in the guardrails folder, without .yaml (default: baseline)',
            ),
        engine: z =>
          z
            .enum(['organizations-api', 'pulumi'])
            .default('organizations-api')
            .describe(
              'organizations-api (direct, no Pulumi CLI needed) or pulumi',
            ),
        allowRemovals: z =>
          z
            .array(z.string().regex(/^(ou|policy|attachment)\/[^\s]+$/))
            .max(200)
            .default([])
            .describe(
              'Pulumi provisioner (engine pulumi): removals from the baseline to carry out in AWS, each by the name the preview lists (policy/<name>, ou/<path>, attachment/<path>/<policy>). Every other removal is left in place. Needs ai-governance.baseline.remove.',
            ),
        confirmRemovals: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'The confirmation (portal: the review page; CLI: the --allow-removal flag itself) that the listed removals delete governance from AWS. Required when allowRemovals is not empty.',
            ),
        overwriteDrift: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Pulumi provisioner (engine pulumi): overwrite managed policies someone edited in AWS since the last apply (the preview shows them). Without it such an apply is refused.',
            ),
      },
      output: {
        changes: z =>
          z
            .array(z.string())
            .describe(
              'The changes made (or, in a dry run, that would be made)',
            ),
        reported: z =>
          z
            .array(z.string())
            .describe(
              'Differences left alone: the provisioners never delete, detach or move',
            ),
        inSync: z =>
          z.boolean().describe('True when there was nothing to change'),
        summary: z => z.string().describe('The changes as text'),
        engine: z =>
          z
            .string()
            .describe('The provisioner that ran: organizations-api or pulumi'),
      },
    },
    async handler(ctx) {
      const name = ctx.input.baseline ?? 'baseline';
      const engine = ctx.input.engine ?? 'organizations-api';
      if (!NAME.test(name)) {
        throw new InputError(
          `Baseline "${name}" is not a baseline name: use lowercase letters, digits and dashes, e.g. baseline.`,
        );
      }
      const allowRemovals = [...new Set(ctx.input.allowRemovals ?? [])];
      const overwriteDrift = ctx.input.overwriteDrift ?? false;
      if (allowRemovals.length > 0 && !ctx.input.confirmRemovals) {
        throw new InputError(
          `allowRemovals lists ${allowRemovals.join(
            ', ',
          )} but the removals were not confirmed: tick "Delete these from AWS" on the review page (confirmRemovals), or clear the list to leave them in place.`,
        );
      }
      if (allowRemovals.length > 0 && engine !== 'pulumi') {
        throw new InputError(
          'allowRemovals is for the pulumi engine: the organizations-api engine never deletes, detaches or moves. Leave it empty, or choose engine pulumi.',
        );
      }
      await authorizeBaselineApply(
        options.permissions,
        await ctx.getInitiatorCredentials(),
        allowRemovals,
      );

      let file: string;
      let model: OrgModel;
      try {
        const dir = options.guardrailsDir ?? findGuardrailsDir(process.cwd());
        file = path.join(dir, `${name}.yaml`);
        if (!fs.existsSync(file)) {
          throw new InputError(
            `There is no baseline "${name}" (${name}.yaml in the guardrails folder).`,
          );
        }
        model = loadBaselineModel(file);
      } catch (error) {
        if (error instanceof OrgModelError) throw new InputError(error.message);
        throw error;
      }
      const digest = createHash('sha256')
        .update(JSON.stringify(model))
        .digest('hex')
        .slice(0, 16);
      const client = await options.getClient();
      const endpoint = await options.getEndpoint?.();

      const outcome: BaselineOutcome =
        engine === 'pulumi'
          ? await runBaselinePulumi({
              ctx,
              config: options.config,
              client,
              endpoint,
              name,
              model,
              digest,
              allowRemovals,
              overwriteDrift,
            })
          : await runBaselineOrganizationsApi({
              ctx,
              client,
              name,
              model,
              digest,
              inventory: options.inventory,
            });
      const summary = summarizeBaseline(
        name,
        outcome,
        ctx.isDryRun ? 'Would make' : 'Made',
      );
      for (const l of summary.split('\n')) ctx.logger.info(l);
      ctx.output('changes', outcome.changes);
      ctx.output('reported', outcome.reported);
      ctx.output('inSync', outcome.changes.length === 0);
      ctx.output('summary', summary);
      ctx.output('engine', engine);
    },
  });
}

/**
 * The action wired to the module's dependencies: the inventory's shared client and endpoint when the ai-governance
 * backend runs, else a client from config.
 * @public
 */
export function createBaselineApplyActionFromDeps(deps: {
  config: Config;
  logger: LoggerService;
  permissions: PermissionsService;
  inventory?: InventoryService;
}) {
  const inventory = deps.inventory;
  return createBaselineApplyAction({
    permissions: deps.permissions,
    config: deps.config,
    inventory,
    getClient: inventory
      ? () => inventory.getClient()
      : () => organizationsClientFromConfig(deps.config, deps.logger),
    getEndpoint: inventory
      ? async () => (await inventory.getSource()).endpoint
      : async () => readOrganizationsConfig(deps.config).endpoint,
  });
}
