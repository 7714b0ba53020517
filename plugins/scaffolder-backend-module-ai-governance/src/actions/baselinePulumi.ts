/**
 * The baseline action's Pulumi provisioner (`engine: pulumi`): previews or applies the baseline through the
 * Automation API runner, removing only the removals allowed by name, inside a checkpoint.
 */
import { createHash } from 'node:crypto';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { OrgModel } from '@internal/plugin-ai-governance-common';
import {
  BaselinePulumiResult,
  buildPulumiEnvironment,
  crawlOrganization,
  createLocalWorkspaceBoundary,
  isPulumiCliAvailable,
  readPulumiSettings,
  runBaselineWithPulumi,
} from '@internal/plugin-ai-governance-node';
import type { BaselineOutcome } from './baselineReport';

/** What the Pulumi provisioner needs from the action: the baseline, its content digest and the user's choices. */
export interface BaselinePulumiRun {
  ctx: Pick<
    ActionContext<any, any>,
    'logger' | 'signal' | 'isDryRun' | 'checkpoint'
  >;
  config?: Config;
  client: OrganizationsClient;
  /** The endpoint the client talks to, when not AWS (the sandbox). */
  endpoint?: string;
  name: string;
  model: OrgModel;
  digest: string;
  allowRemovals: string[];
  overwriteDrift: boolean;
}

/** Previews (dry run) or applies the baseline with Pulumi; the outcome in the action's words. */
export async function runBaselinePulumi(
  run: BaselinePulumiRun,
): Promise<BaselineOutcome> {
  const { ctx, allowRemovals, overwriteDrift, endpoint } = run;
  if (!run.config) {
    throw new InputError(
      'The pulumi engine needs aiGovernance.pulumi configuration; use engine organizations-api.',
    );
  }
  const settings = readPulumiSettings(run.config);
  if (!isPulumiCliAvailable(settings.cliFolder)) {
    throw new InputError(
      'No Pulumi CLI is installed for the backend (aiGovernance.pulumi.cliFolder or PATH): install it, or use engine organizations-api.',
    );
  }
  const { snapshot } = await crawlOrganization(run.client, {
    signal: ctx.signal,
  });
  const { env, secrets } = buildPulumiEnvironment(settings, process.env);
  const boundary = createLocalWorkspaceBoundary({ settings, env });
  const execute = (mode: 'preview' | 'up') =>
    runBaselineWithPulumi({
      boundary,
      model: run.model,
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
  const describe = (result: BaselinePulumiResult): BaselineOutcome => ({
    changes: result.steps
      .filter(s => !(s.op === 'delete' && s.retained))
      .map(
        s =>
          `${s.op === 'delete' ? 'delete (removal allowed)' : s.op} ${s.name}`,
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
  if (ctx.isDryRun) return describe(await execute('preview'));
  return ctx.checkpoint({
    key: `ai-governance.baseline.apply.pulumi.${run.name}.${
      run.digest
    }.${createHash('sha256')
      .update(JSON.stringify({ allowRemovals, overwriteDrift }))
      .digest('hex')
      .slice(0, 8)}`,
    fn: async () => describe(await execute('up')),
  });
}
