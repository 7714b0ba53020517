/**
 * Applying the baseline with Pulumi (`engine: pulumi` of the baseline action and CLI): the baseline program on one stack through the Automation API runner. The
 * organization resource is protected: a plan that would replace or delete it is refused. What leaves the model is
 * left in place unless the apply names it in `allowRemovals`; a managed policy edited outside the product (drift) is
 * overwritten only with `overwriteDrift`.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  OrgModel,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import type { PulumiWorkspaceBoundary } from '../pulumi/automation';
import type { AwsProviderSettings } from '../pulumi/accountProgram';
import { PulumiRunResult, runPulumiProgram } from '../pulumi/runner';
import {
  BaselineStackOutputs,
  createBaselineProgram,
  readBaselineStackOutputs,
} from './baselineProgram';
import {
  BASELINE_RESOURCE_TYPES,
  baselineImportConflicts,
} from './baselineResources';
import {
  BaselinePolicyChange,
  baselineDrift,
  baselinePolicyEdits,
  baselineRemovals,
} from './stackChanges';

/** The project of baseline stacks. @public */
export const BASELINE_PULUMI_PROJECT = 'ai-governance-baseline';

/** Options of {@link runBaselineWithPulumi}. @public */
export interface RunBaselineWithPulumiOptions {
  boundary: PulumiWorkspaceBoundary;
  model: OrgModel;
  /** The live organization, adopted by import (see `createBaselineProgram`). */
  live?: OrgSnapshot;
  provider?: AwsProviderSettings;
  /** `preview` changes nothing; `up` previews, checks the plan, then applies. */
  mode: 'preview' | 'up';
  logger: LoggerService;
  /** Default: `baseline-<organization id>` when the live org is known, else `baseline`. */
  stackName?: string;
  signal?: AbortSignal;
  /** Values to mask in the output (credentials of the provider and the like). */
  secrets?: Iterable<string | undefined>;
  /**
   * Removals to carry out, by name (`policy/DenyX`, `ou/Root/AI/Sandbox`, `attachment/Root/AI/DenyX`): each must be
   * one the preview lists. Every other removal from the model is left in place in AWS. The caller checks the
   * ai-governance.baseline.remove permission.
   */
  allowRemovals?: string[];
  /** Overwrite managed policies edited outside the product (drift). Without it an apply with drift is refused. */
  overwriteDrift?: boolean;
  /** ConcurrentUpdateError retry of the runner. */
  retry?: { attempts?: number; initialDelayMs?: number; maxDelayMs?: number };
}

/** One removal from the model: left in place, or (named in `allowRemovals`) deleted. @public */
export interface BaselineRemoval {
  name: string;
  allowed: boolean;
}

/** The result of {@link runBaselineWithPulumi}: the runner's, and what it means for the baseline. @public */
export interface BaselinePulumiResult extends PulumiRunResult {
  /** Removals from the model since the last apply. */
  removals: BaselineRemoval[];
  /** Managed policies whose content the model changes (updated in place), with text diffs. */
  edits: BaselinePolicyChange[];
  /** Managed policies edited outside the product since the last apply, with text diffs. */
  drift: BaselinePolicyChange[];
  /** True for the first run on the stack (the organization is adopted by import). */
  firstImport: boolean;
}

/** The live organization cannot be adopted as it stands; the message says what to do. @public */
export class BaselineImportConflictError extends Error {
  constructor(readonly conflicts: string[]) {
    super(
      `Pulumi can adopt the organization only where it already matches the baseline: ${conflicts.join(
        '; ',
      )}. Apply once with the organizations-api provisioner (it enables types and updates policies in place), then use Pulumi.`,
    );
    this.name = 'BaselineImportConflictError';
  }
}

/** Managed policies were edited outside the product since the last apply; the apply did not overwrite them. @public */
export class BaselineDriftError extends Error {
  constructor(readonly drift: BaselinePolicyChange[]) {
    super(
      `Refused to apply: ${drift
        .map(d => d.policyName)
        .join(', ')} changed in AWS since the last apply (someone edited ${
        drift.length === 1 ? 'it' : 'them'
      } outside the baseline). The preview shows the differences. To keep the console edit, put it into the baseline and apply that; to put the baseline's content back, apply again with overwriteDrift (portal: "Overwrite changes made in AWS"; CLI: --overwrite-drift).`,
    );
    this.name = 'BaselineDriftError';
  }
}

/** `allowRemovals` names something that is not a removal of this apply. @public */
export class BaselineRemovalsError extends Error {
  constructor(readonly unknown: string[], readonly removals: string[]) {
    super(
      `allowRemovals names ${unknown.join(', ')}, which ${
        unknown.length === 1 ? 'is' : 'are'
      } not removed from the baseline since the last apply. ${
        removals.length
          ? `The removals are: ${removals.join(', ')}.`
          : 'There are no removals.'
      } Preview again and list only those.`,
    );
    this.name = 'BaselineRemovalsError';
  }
}

/**
 * Previews or applies the baseline with Pulumi. Reads the stack's last applied outputs first: on a new stack it
 * refuses up front when the live organization has conflicts Pulumi's import cannot resolve; on an applied stack it
 * lists policy edits (text diffs), drift and removals, refuses an apply with drift unless `overwriteDrift`, and
 * deletes only the removals named in `allowRemovals`. Any plan that replaces or deletes the organization is refused.
 * @public
 */
export async function runBaselineWithPulumi(
  options: RunBaselineWithPulumiOptions,
): Promise<BaselinePulumiResult> {
  const stackName =
    options.stackName ??
    (options.live ? `baseline-${options.live.organization.id}` : 'baseline');
  const allowRemovals = [...new Set(options.allowRemovals ?? [])].sort();
  let lastApplied: BaselineStackOutputs | undefined;
  let removals: string[] = [];
  let edits: BaselinePolicyChange[] = [];
  let drift: BaselinePolicyChange[] = [];
  const program = async () =>
    createBaselineProgram(options.model, {
      live: options.live,
      provider: options.provider,
      lastApplied,
    })();
  const result = await runPulumiProgram({
    boundary: options.boundary,
    projectName: BASELINE_PULUMI_PROJECT,
    stackName,
    program,
    config: {
      'aws:region': { value: options.provider?.region ?? 'us-east-1' },
    },
    logger: options.logger,
    mode: options.mode,
    signal: options.signal,
    protectedTypes: [BASELINE_RESOURCE_TYPES.organization],
    secrets: options.secrets,
    retry: options.retry,
    allowDeletes: allowRemovals,
    beforeRun: async stack => {
      lastApplied = readBaselineStackOutputs(await stack.outputs());
      if (!lastApplied) {
        // The first run adopts the organization by import, which works only where AWS already matches.
        if (options.live) {
          const conflicts = baselineImportConflicts(
            options.model,
            options.live,
          );
          if (conflicts.length > 0) {
            throw new BaselineImportConflictError(conflicts);
          }
        }
      }
      removals = baselineRemovals(options.model, lastApplied);
      edits = baselinePolicyEdits(options.model, lastApplied);
      drift = baselineDrift(lastApplied, options.live);
      const unknown = allowRemovals.filter(name => !removals.includes(name));
      if (unknown.length > 0) {
        throw new BaselineRemovalsError(unknown, removals);
      }
      for (const d of drift) {
        options.logger.warn(
          `Drift: ${d.policyName} changed in AWS since the last apply:`,
        );
        for (const line of d.diff) options.logger.warn(line);
      }
      for (const e of edits) {
        options.logger.info(`Policy edit: ${e.policyName}`);
        for (const line of e.diff) options.logger.info(line);
      }
      for (const name of removals) {
        options.logger.info(
          allowRemovals.includes(name)
            ? `Removal allowed: ${name} will be deleted in AWS`
            : `No longer managed, left in place: ${name}`,
        );
      }
      if (
        options.mode === 'up' &&
        drift.length > 0 &&
        !options.overwriteDrift
      ) {
        throw new BaselineDriftError(drift);
      }
    },
  });
  return {
    ...result,
    removals: removals.map(name => ({
      name,
      allowed: allowRemovals.includes(name),
    })),
    edits,
    drift,
    firstImport: !lastApplied,
  };
}
