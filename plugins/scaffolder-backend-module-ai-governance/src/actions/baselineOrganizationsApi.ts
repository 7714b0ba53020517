/**
 * The baseline action's direct provisioner (`engine: organizations-api`): plans against a crawl for a dry run, or
 * applies through the Organizations API inside a checkpoint and tells the inventory which nodes changed.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { OrgModel, planBaseline } from '@internal/plugin-ai-governance-common';
import {
  InventoryService,
  applyBaseline,
  crawlOrganization,
} from '@internal/plugin-ai-governance-node';
import { BaselineOutcome, describeBaselineChange } from './baselineReport';

/** What the direct provisioner needs from the action. */
export interface BaselineOrganizationsApiRun {
  ctx: Pick<
    ActionContext<any, any>,
    'logger' | 'signal' | 'isDryRun' | 'checkpoint'
  >;
  client: OrganizationsClient;
  name: string;
  model: OrgModel;
  digest: string;
  inventory?: Pick<InventoryService, 'notifyWrites'>;
}

/** Previews (dry run) or applies the baseline through the Organizations API; the outcome in the action's words. */
export async function runBaselineOrganizationsApi(
  run: BaselineOrganizationsApiRun,
): Promise<BaselineOutcome> {
  const { ctx, client, model } = run;
  if (ctx.isDryRun) {
    const { snapshot } = await crawlOrganization(client, {
      signal: ctx.signal,
    });
    const plan = planBaseline(snapshot, model);
    return {
      changes: plan
        .filter(c => c.action !== 'report')
        .map(describeBaselineChange),
      reported: plan
        .filter(c => c.action === 'report')
        .map(describeBaselineChange),
    };
  }

  const result = await ctx.checkpoint({
    key: `ai-governance.baseline.apply.${run.name}.${run.digest}`,
    fn: async () => {
      const applied = await applyBaseline(client, model, {
        signal: ctx.signal,
        onApplied: change =>
          ctx.logger.info(`Done: ${describeBaselineChange(change)}`),
      });
      return {
        changes: applied.applied.map(describeBaselineChange),
        reported: applied.reported.map(describeBaselineChange),
        ouIds: applied.applied
          .filter(c => c.action === 'create-ou' && c.id)
          .map(c => c.id!),
        policyIds: applied.applied
          .filter(
            c =>
              (c.action === 'create-policy' || c.action === 'update-policy') &&
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
  if (run.inventory && result.changes.length > 0) {
    await run.inventory.notifyWrites({
      ouIds: [
        ...new Set([
          ...result.ouIds,
          ...result.touchedTargets.filter(id => id.startsWith('ou-')),
        ]),
      ],
      policyIds: result.policyIds,
      roots:
        result.roots || result.touchedTargets.some(id => id.startsWith('r-')),
    });
  }
  return { changes: result.changes, reported: result.reported };
}
