/**
 * The Pulumi engine of the baseline: the baseline program on one stack through the Automation API runner, preview
 * first. The organization resource is protected: a plan that would replace or delete it is refused.
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
  BASELINE_RESOURCE_TYPES,
  baselineImportConflicts,
  createBaselineProgram,
} from './baselineProgram';

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
}

/** The live organization cannot be adopted as it stands; the message says what to do. @public */
export class BaselineImportConflictError extends Error {
  constructor(readonly conflicts: string[]) {
    super(
      `Pulumi can adopt the organization only where it already matches the baseline: ${conflicts.join(
        '; ',
      )}. Apply once with the organizations-api engine (it enables types and updates policies in place), then use Pulumi.`,
    );
    this.name = 'BaselineImportConflictError';
  }
}

/**
 * Previews or applies the baseline with Pulumi. Refuses up front when the live organization has conflicts Pulumi's
 * import cannot resolve, and refuses any plan that replaces or deletes the organization.
 * @public
 */
export async function runBaselineWithPulumi(
  options: RunBaselineWithPulumiOptions,
): Promise<PulumiRunResult> {
  if (options.live) {
    const conflicts = baselineImportConflicts(options.model, options.live);
    if (conflicts.length > 0) throw new BaselineImportConflictError(conflicts);
  }
  const stackName =
    options.stackName ??
    (options.live ? `baseline-${options.live.organization.id}` : 'baseline');
  return runPulumiProgram({
    boundary: options.boundary,
    projectName: BASELINE_PULUMI_PROJECT,
    stackName,
    program: createBaselineProgram(options.model, {
      live: options.live,
      provider: options.provider,
    }),
    config: {
      'aws:region': { value: options.provider?.region ?? 'us-east-1' },
    },
    logger: options.logger,
    mode: options.mode,
    signal: options.signal,
    protectedTypes: [BASELINE_RESOURCE_TYPES.organization],
    secrets: options.secrets,
  });
}
