import { createHash } from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  BaselineChange,
  OrgModel,
  OrgModelError,
  aiGovernanceBaselineApplyPermission,
  aiGovernanceBaselineRemovePermission,
  planBaseline,
} from '@internal/plugin-ai-governance-common';
import {
  AppliedBaselineChange,
  BaselinePulumiResult,
  InventoryService,
  applyBaseline,
  buildPulumiEnvironment,
  crawlOrganization,
  createLocalWorkspaceBoundary,
  findGuardrailsDir,
  isPulumiCliAvailable,
  loadBaselineModel,
  organizationsClientFromConfig,
  readOrganizationsConfig,
  readPulumiSettings,
  runBaselineWithPulumi,
} from '@internal/plugin-ai-governance-node';
import { baselineApplyExamples } from './baselineApply.examples';

/** Options of {@link createBaselineApplyAction}. @public */
export interface BaselineApplyActionOptions {
  permissions: PermissionsService;
  /** The shared Organizations client (the inventory's, or one from config). */
  getClient: () => Promise<OrganizationsClient>;
  /** The endpoint the client talks to, when not AWS (the sandbox); the Pulumi provider goes there too. */
  getEndpoint?: () => Promise<string | undefined>;
  /** The folder holding `<name>.yaml` baselines; default: the repository's `guardrails/` found from the working directory. */
  guardrailsDir?: string;
  /** For the pulumi engine: `aiGovernance.pulumi` settings. */
  config?: Config;
  /** Told which OUs and policies changed, so the dashboard shows them without waiting for a crawl. */
  inventory?: Pick<InventoryService, 'notifyWrites'>;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** One line per change, as the task log and the output show it. */
function line(change: BaselineChange | AppliedBaselineChange): string {
  const id = 'id' in change && change.id ? ` (${change.id})` : '';
  switch (change.action) {
    case 'enable-policy-type':
      return `enable ${change.policyType} on the root${id}`;
    case 'create-policy':
      return `create ${change.policyType} ${change.policyName}${id}`;
    case 'update-policy':
      return `update ${change.policyName}${id}`;
    case 'create-ou':
      return `create OU ${change.path}${id}`;
    case 'attach-policy':
      return `attach ${change.policyName} to ${change.path}${id}`;
    default:
      return change.message;
  }
}

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
              'Pulumi engine: removals from the baseline to carry out in AWS, each by the name the preview lists (policy/<name>, ou/<path>, attachment/<path>/<policy>). Every other removal is left in place. Needs ai-governance.baseline.remove.',
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
              'Pulumi engine: overwrite managed policies someone edited in AWS since the last apply (the preview shows them). Without it such an apply is refused.',
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
              'Differences left alone: the engines never delete, detach or move',
            ),
        inSync: z =>
          z.boolean().describe('True when there was nothing to change'),
        summary: z => z.string().describe('The changes as text'),
        engine: z => z.string().describe('The engine that ran'),
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
      const credentials = await ctx.getInitiatorCredentials();
      // Backstage's permission client allows every service principal without asking the policy: a task started by
      // another plugin or a service token would pass both checks below. Changing guardrails needs a person.
      if ((credentials.principal as { type?: string }).type !== 'user') {
        throw new NotAllowedError(
          'The governance baseline is applied only on behalf of a signed-in user: start this task from the portal or with a user token, not with service credentials.',
        );
      }
      const [decision] = await options.permissions.authorize(
        [{ permission: aiGovernanceBaselineApplyPermission }],
        { credentials },
      );
      if (decision?.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not preview or apply the governance baseline: ask an AI governance admin for the ${aiGovernanceBaselineApplyPermission.name} permission.`,
        );
      }
      if (allowRemovals.length > 0) {
        const [remove] = await options.permissions.authorize(
          [{ permission: aiGovernanceBaselineRemovePermission }],
          { credentials },
        );
        if (remove?.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `You may not remove governance from AWS (allowRemovals: ${allowRemovals.join(
              ', ',
            )}): ask an AI governance admin for the ${
              aiGovernanceBaselineRemovePermission.name
            } permission, or apply without removals (they are then left in place, unmanaged).`,
          );
        }
      }

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

      const finish = (changes: string[], reported: string[], verb: string) => {
        const summary =
          changes.length === 0
            ? `Nothing to do: the organization matches baseline ${name}.`
            : `${verb} ${changes.length} change${
                changes.length === 1 ? '' : 's'
              }:\n${changes.map(c => `- ${c}`).join('\n')}`;
        const full = reported.length
          ? `${summary}\nLeft alone:\n${reported.map(r => `- ${r}`).join('\n')}`
          : summary;
        for (const l of full.split('\n')) ctx.logger.info(l);
        ctx.output('changes', changes);
        ctx.output('reported', reported);
        ctx.output('inSync', changes.length === 0);
        ctx.output('summary', full);
        ctx.output('engine', engine);
      };

      if (engine === 'pulumi') {
        if (!options.config) {
          throw new InputError(
            'The pulumi engine needs aiGovernance.pulumi configuration; use engine organizations-api.',
          );
        }
        const settings = readPulumiSettings(options.config);
        if (!isPulumiCliAvailable(settings.cliFolder)) {
          throw new InputError(
            'No Pulumi CLI is installed for the backend (aiGovernance.pulumi.cliFolder or PATH): install it, or use engine organizations-api.',
          );
        }
        const { snapshot } = await crawlOrganization(client, {
          signal: ctx.signal,
        });
        const { env, secrets } = buildPulumiEnvironment(settings, process.env);
        const boundary = createLocalWorkspaceBoundary({ settings, env });
        const run = (mode: 'preview' | 'up') =>
          runBaselineWithPulumi({
            boundary,
            model,
            live: snapshot,
            mode,
            allowRemovals,
            overwriteDrift,
            logger: ctx.logger,
            signal: ctx.signal,
            secrets,
            provider: endpoint
              ? {
                  region: 'us-east-1',
                  endpoint,
                  accessKeyId: 'AKIASANDBOX',
                  secretAccessKey: 'sandbox',
                }
              : { region: 'us-east-1' },
          });
        const describe = (result: BaselinePulumiResult) => ({
          changes: result.steps
            .filter(s => !(s.op === 'delete' && s.retained))
            .map(
              s =>
                `${s.op === 'delete' ? 'delete (removal allowed)' : s.op} ${
                  s.name
                }`,
            ),
          reported: [
            ...result.removals
              .filter(r => !r.allowed)
              .map(r => `no longer managed, left in place: ${r.name}`),
            ...result.drift.map(
              d =>
                `changed in AWS since the last apply${
                  overwriteDrift ? ' (overwritten)' : ''
                }: ${d.policyName}\n${d.diff.join('\n')}`,
            ),
            ...result.edits.map(
              e => `policy edit: ${e.policyName}\n${e.diff.join('\n')}`,
            ),
          ],
        });
        if (ctx.isDryRun) {
          const preview = describe(await run('preview'));
          finish(preview.changes, preview.reported, 'Would make');
          return;
        }
        const result = await ctx.checkpoint({
          key: `ai-governance.baseline.apply.pulumi.${name}.${digest}.${createHash(
            'sha256',
          )
            .update(JSON.stringify({ allowRemovals, overwriteDrift }))
            .digest('hex')
            .slice(0, 8)}`,
          fn: async () => describe(await run('up')),
        });
        finish(result.changes, result.reported, 'Made');
        return;
      }

      if (ctx.isDryRun) {
        const { snapshot } = await crawlOrganization(client, {
          signal: ctx.signal,
        });
        const plan = planBaseline(snapshot, model);
        finish(
          plan.filter(c => c.action !== 'report').map(line),
          plan.filter(c => c.action === 'report').map(line),
          'Would make',
        );
        return;
      }

      const result = await ctx.checkpoint({
        key: `ai-governance.baseline.apply.${name}.${digest}`,
        fn: async () => {
          const applied = await applyBaseline(client, model, {
            signal: ctx.signal,
            onApplied: change => ctx.logger.info(`Done: ${line(change)}`),
          });
          return {
            changes: applied.applied.map(line),
            reported: applied.reported.map(line),
            ouIds: applied.applied
              .filter(c => c.action === 'create-ou' && c.id)
              .map(c => c.id!),
            policyIds: applied.applied
              .filter(
                c =>
                  (c.action === 'create-policy' ||
                    c.action === 'update-policy') &&
                  c.id,
              )
              .map(c => c.id!),
            touchedTargets: applied.applied
              .filter(c => c.action === 'attach-policy' && c.id)
              .map(c => c.id!),
            roots: applied.applied.some(c => c.action === 'enable-policy-type'),
          };
        },
      });
      if (options.inventory && result.changes.length > 0) {
        await options.inventory.notifyWrites({
          ouIds: [
            ...new Set([
              ...result.ouIds,
              ...result.touchedTargets.filter(id => id.startsWith('ou-')),
            ]),
          ],
          policyIds: result.policyIds,
          roots:
            result.roots ||
            result.touchedTargets.some(id => id.startsWith('r-')),
        });
      }
      finish(result.changes, result.reported, 'Made');
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
