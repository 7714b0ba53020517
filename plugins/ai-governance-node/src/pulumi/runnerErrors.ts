/**
 * What the Pulumi runner throws, each message saying what to do: refused plans and removals, pending operations
 * left by a crashed run, cancellation, and CLI failures (their error lines, redacted).
 */
import type { PulumiStackState } from './automation';
import type { PlannedStep } from './plannedSteps';

/** A plan that replaces or deletes a protected resource was refused. @public */
export class PulumiPlanRefusedError extends Error {
  constructor(readonly steps: PlannedStep[]) {
    super(
      `Refused to apply: the plan would ${steps
        .map(
          s =>
            `${s.op} ${s.urn.split('::').pop()}${
              s.diffs?.length ? ` (because ${s.diffs.join(', ')} changed)` : ''
            }`,
        )
        .join(
          '; ',
        )}. Replacing or deleting it would close an AWS account. Change the request back (name, email and role name cannot change), or ask an admin to make the change by hand.`,
    );
    this.name = 'PulumiPlanRefusedError';
  }
}

/**
 * The stack holds pending operations from a run that crashed (the CLI was killed while AWS was changing something):
 * Pulumi cannot know whether they finished. The message names each and the exact recovery step.
 * @public
 */
export class PulumiPendingOperationsError extends Error {
  constructor(
    readonly stackName: string,
    readonly pending: Array<{ urn: string; type: string }>,
    context: string,
  ) {
    const creates = pending.filter(p => p.type === 'creating');
    const others = pending.filter(p => p.type !== 'creating');
    const list = pending
      .map(p => `${p.type} ${p.urn.split('::').pop()}`)
      .join(', ');
    const steps: string[] = [];
    if (creates.length > 0) {
      steps.push(
        `check in AWS whether ${creates
          .map(p => p.urn.split('::').pop())
          .join(
            ', ',
          )} exists. Then run "pulumi refresh --clear-pending-creates --stack ${stackName}" (with the same backend and secrets settings); the next run adopts what AWS created (by import) and creates what it did not`,
      );
    }
    if (others.length > 0) {
      steps.push(
        `run "pulumi refresh --stack ${stackName}", which reads ${others
          .map(p => p.urn.split('::').pop())
          .join(
            ', ',
          )} back from AWS and clears the pending operations (or, to edit by hand: "pulumi stack export --stack ${stackName} --file state.json", remove the entries of "pending_operations", "pulumi stack import --stack ${stackName} --file state.json")`,
      );
    }
    super(
      `${context}: stack ${stackName} has pending operations from a run that did not finish (${list}). Pulumi cannot tell whether AWS completed them, so nothing more runs until they are resolved. To recover, ${steps.join(
        '; and ',
      )}. Then run the request again.`,
    );
    this.name = 'PulumiPendingOperationsError';
  }
}

/** The run was cancelled through its signal. @public */
export class PulumiRunCancelledError extends Error {
  constructor(stage: string) {
    super(
      `Cancelled during ${stage}. Nothing more is applied; run the request again to continue from where the stack is.`,
    );
    this.name = 'PulumiRunCancelledError';
  }
}

/**
 * The plan does not match the removals allowed: a listed removal is not in the plan, or the plan would delete
 * something retained that was not listed. Nothing was applied and the state was restored.
 * @public
 */
export class PulumiRemovalsRefusedError extends Error {
  constructor(readonly notPlanned: string[], readonly notAllowed: string[]) {
    const parts: string[] = [];
    if (notPlanned.length) {
      parts.push(
        `the removals allowed name ${notPlanned.join(
          ', ',
        )}, which the plan does not remove (is it still in the model, or was it never managed?)`,
      );
    }
    if (notAllowed.length) {
      parts.push(
        `the plan would delete ${notAllowed.join(
          ', ',
        )}, which the removals allowed do not name`,
      );
    }
    super(
      `Refused to apply: ${parts.join(
        '; ',
      )}. Nothing was changed. Preview again and list exactly the removals shown.`,
    );
    this.name = 'PulumiRemovalsRefusedError';
  }
}

/** The CLI failed; the message is the CLI's error lines, redacted. @public */
export class PulumiRunError extends Error {
  constructor(message: string, readonly causeName: string) {
    super(message);
    this.name = 'PulumiRunError';
  }
}

export function isConcurrentUpdate(error: unknown): boolean {
  return (error as Error)?.name === 'ConcurrentUpdateError';
}

/** The CLI's error lines of a failure (at most five), else its first lines. */
export function errorLines(error: unknown): string {
  const text = String((error as Error)?.message ?? error);
  const lines = text
    .split('\n')
    .map(l => l.trim())
    .filter(l => /^error:|error:/i.test(l));
  return (
    lines.length
      ? lines.slice(0, 5).join(' ')
      : text.split('\n').slice(0, 5).join(' ')
  ).trim();
}

/** The pending operations of an exported state. @public */
export function pendingOperations(
  state: PulumiStackState | undefined,
): Array<{ urn: string; type: string }> {
  return (state?.deployment?.pending_operations ?? []).map(p => ({
    urn: p.resource.urn,
    type: p.type,
  }));
}
