import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineEvent, OpType, PulumiFn } from '@pulumi/pulumi/automation';
import { sleep } from '../accounts/limiter';
import type {
  PulumiStackOperations,
  PulumiStackState,
  PulumiWorkspaceBoundary,
} from './automation';
import {
  DESTRUCTIVE_OPS,
  LineBuffer,
  Redactor,
  describeEngineEvent,
} from './output';

/** One step of a plan, from the engine's resource events. @public */
export interface PlannedStep {
  op: OpType;
  urn: string;
  /** Resource type token, e.g. `aws:organizations/account:Account`. */
  type: string;
  /** The resource's name in the program (the URN's last part), e.g. `policy/DenyX`. */
  name: string;
  diffs?: string[];
  /**
   * A delete of a resource marked `retainOnDelete`: it leaves the stack and stays in AWS ("no longer managed, left in
   * place").
   */
  retained?: boolean;
}

/** Options of {@link runPulumiProgram}. @public */
export interface RunPulumiProgramOptions {
  /** The CLI boundary: `createLocalWorkspaceBoundary(...)` in production, a fake in tests. */
  boundary: PulumiWorkspaceBoundary;
  projectName: string;
  /** Deterministic per thing managed, so that running again updates the same stack. */
  stackName: string;
  /** The inline program. */
  program: PulumiFn;
  /** Stack config (`aws:region`, …). Secret values are redacted from every line logged. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Where output lines and engine events go. */
  logger: LoggerService;
  /** `preview` only previews (dry run); `up` previews, checks the plan, then applies. */
  mode: 'preview' | 'up';
  signal?: AbortSignal;
  /**
   * Resource types that must never be replaced or deleted (e.g. `aws:organizations/account:Account`): a plan that
   * would is refused before anything is applied, and an update that starts to is cancelled.
   */
  protectedTypes?: string[];
  /** Further values to mask in output (environment secrets and the like). */
  secrets?: Iterable<string | undefined>;
  /** ConcurrentUpdateError retry: attempts in all (default 5), first delay (default 2 s), cap (default 30 s). */
  retry?: { attempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /**
   * Names of resources (see {@link PlannedStep.name}) whose removal really deletes them in AWS. Every other resource
   * that leaves the program while marked `retainOnDelete` only leaves the stack. In mode `up` the runner clears
   * `retainOnDelete` and `protect` on exactly these in the stack's state before the plan is made, and refuses (and
   * restores the state) when the plan does not delete each of them, or deletes anything else that is retained.
   */
  allowDeletes?: string[];
  /**
   * Called once the stack is open and before anything is planned: reads what it needs (the last outputs) and may
   * refuse by throwing. The program runs after it, so it can prepare what the program declares.
   */
  beforeRun?: (stack: PulumiStackOperations) => Promise<void>;
  /** Mode `up`: run `pulumi refresh` before planning, so the plan starts from what AWS holds. Default true. */
  refresh?: boolean;
}

/** The result of {@link runPulumiProgram}. @public */
export interface PulumiRunResult {
  stackName: string;
  /** Counts per operation, from the preview. */
  changeSummary: Record<string, number>;
  /** Every planned step other than `same`. */
  steps: PlannedStep[];
  /** True when the update ran (mode `up`). */
  applied: boolean;
  /** Stack outputs after the update (mode `up`). Secret outputs keep their value but are flagged. */
  outputs: Record<string, { value: unknown; secret: boolean }>;
}

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

function isConcurrentUpdate(error: unknown): boolean {
  return (error as Error)?.name === 'ConcurrentUpdateError';
}

function errorLines(error: unknown): string {
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

/**
 * Runs an inline Pulumi program on one stack: preview first, refuse plans that replace or delete a protected
 * resource, then (mode `up`) apply. Streams the CLI's output to the logger line by line and engine events as short
 * lines, with secrets masked; retries ConcurrentUpdateError with backoff; stops on the signal.
 *
 * Reusable for any program (account vending, the governance baseline): give it a boundary, a stack name and a
 * program.
 * @public
 */
export async function runPulumiProgram(
  options: RunPulumiProgramOptions,
): Promise<PulumiRunResult> {
  const {
    boundary,
    logger,
    signal,
    mode,
    protectedTypes = [],
    config = {},
  } = options;
  const redactor = new Redactor(options.secrets ?? []);
  redactor.add(
    Object.values(config)
      .filter(c => c.secret)
      .map(c => c.value),
  );
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const initialDelay = options.retry?.initialDelayMs ?? 2000;
  const maxDelay = options.retry?.maxDelayMs ?? 30_000;
  const log = (line: string) => logger.info(redactor.redact(line));

  const cancelled = (stage: string) => {
    if (signal?.aborted) {
      throw new PulumiRunCancelledError(stage);
    }
  };
  const allowDeletes = new Set(options.allowDeletes ?? []);
  const passThrough = new WeakSet<object>();

  for (let attempt = 1; ; attempt++) {
    cancelled('start');
    try {
      return await runOnce();
    } catch (error) {
      if (signal?.aborted && !(error instanceof PulumiPlanRefusedError)) {
        throw error instanceof PulumiRunCancelledError
          ? error
          : new PulumiRunCancelledError('the run');
      }
      if (isConcurrentUpdate(error) && attempt < attempts) {
        const delay = Math.min(maxDelay, initialDelay * 2 ** (attempt - 1));
        const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
        logger.warn(
          `Stack ${
            options.stackName
          } is being updated by another run; trying again in ${
            Math.round(jittered / 100) / 10
          } s (attempt ${attempt + 1} of ${attempts})`,
        );
        try {
          await sleep(jittered, signal);
        } catch {
          throw new PulumiRunCancelledError('the wait for the stack lock');
        }
        continue;
      }
      if (
        error instanceof PulumiPlanRefusedError ||
        error instanceof PulumiRunCancelledError ||
        error instanceof PulumiPendingOperationsError ||
        error instanceof PulumiRemovalsRefusedError ||
        passThrough.has(error as object)
      ) {
        // Our own refusals, and what beforeRun threw, say what to do already; only CLI failures are summarised.
        throw error;
      }
      if (isConcurrentUpdate(error)) {
        throw new PulumiRunError(
          `Stack ${options.stackName} stayed locked by another update through ${attempts} attempts. Wait for the other run to finish (or, if it died, run "pulumi cancel" on the stack) and run the request again.`,
          'ConcurrentUpdateError',
        );
      }
      throw new PulumiRunError(
        redactor.redact(errorLines(error)),
        (error as Error)?.name ?? 'Error',
      );
    }
  }

  async function runOnce(): Promise<PulumiRunResult> {
    const stack = await boundary.openStack({
      projectName: options.projectName,
      stackName: options.stackName,
      program: options.program,
      config,
    });
    cancelled('stack selection');

    // A crashed run leaves pending operations; an update on top of them would guess. Report, never guess.
    const pending = pendingOperations(await stack.exportState());
    if (pending.length > 0) {
      const error = new PulumiPendingOperationsError(
        options.stackName,
        pending,
        mode === 'up' ? 'Refused to apply' : 'Preview only',
      );
      if (mode === 'up') {
        throw error;
      }
      logger.warn(redactor.redact(error.message));
    }

    if (options.beforeRun) {
      try {
        await options.beforeRun(stack);
      } catch (error) {
        if (error && typeof error === 'object') passThrough.add(error);
        throw error;
      }
    }
    cancelled('the checks before the run');

    if (mode === 'up' && options.refresh !== false) {
      log(`Refreshing stack ${options.stackName} from AWS`);
      const refreshOut = new LineBuffer(log);
      try {
        await stack.refresh({
          onOutput: chunk => refreshOut.push(chunk),
          onEvent: event => {
            const line = describeEngineEvent(event);
            if (line && !event.diagnosticEvent && !event.resourcePreEvent) {
              log(line);
            }
          },
          signal,
        });
      } finally {
        refreshOut.flush();
      }
      cancelled('the refresh');
    }

    // Allowed removals: clear retainOnDelete and protect on exactly those resources, so that the plan deletes them.
    let restore: PulumiStackState | undefined;
    if (mode === 'up' && allowDeletes.size > 0) {
      const state = await stack.exportState();
      restore = JSON.parse(JSON.stringify(state));
      let edited = false;
      for (const resource of state.deployment.resources ?? []) {
        if (allowDeletes.has(resource.urn.split('::').pop() ?? '')) {
          resource.retainOnDelete = false;
          resource.protect = false;
          edited = true;
        }
      }
      if (edited) {
        log(
          `Allowing the removal of ${[...allowDeletes].join(
            ', ',
          )}: they are no longer retained in stack ${options.stackName}`,
        );
        await stack.importState(state);
      } else {
        restore = undefined;
      }
    }
    const putBack = async (reason: unknown) => {
      if (!restore) return;
      try {
        await stack.importState(restore);
      } catch (error) {
        logger.error(
          `Could not restore the state of stack ${
            options.stackName
          } after refusing the plan (${String(
            (reason as Error)?.message ?? reason,
          )}): ${redactor.redact(
            String((error as Error)?.message ?? error),
          )}. The resources ${[...allowDeletes].join(
            ', ',
          )} are no longer marked retained: run "pulumi stack export", set retainOnDelete back to true on them, and "pulumi stack import".`,
        );
        throw error;
      }
    };

    const planDir =
      mode === 'up'
        ? fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-pulumi-plan-'))
        : undefined;
    const planFile = planDir ? path.join(planDir, 'plan.json') : undefined;
    try {
      const steps: PlannedStep[] = [];
      const previewOut = new LineBuffer(log);
      log(
        `Previewing stack ${options.stackName}${
          planFile ? ' and saving the update plan' : ''
        }`,
      );
      let preview;
      try {
        preview = await stack.preview({
          onOutput: chunk => previewOut.push(chunk),
          onEvent: event => {
            const step = stepOf(event);
            if (step && step.op !== 'same') {
              steps.push(step);
            }
            const line = describeEngineEvent(event);
            if (line && !event.diagnosticEvent) {
              log(
                step?.retained
                  ? `would stop managing ${step.type} "${step.name}" and leave it in place`
                  : line,
              );
            }
          },
          signal,
          ...(planFile ? { plan: planFile } : {}),
        });
      } finally {
        previewOut.flush();
      }
      cancelled('the preview');
      // From the plan itself: the update below runs exactly these steps (pulumi up --plan).
      const refused = steps.filter(
        s =>
          protectedTypes.includes(s.type) &&
          DESTRUCTIVE_OPS.includes(s.op) &&
          !(s.op === 'delete' && s.retained),
      );
      if (refused.length > 0) {
        await putBack('refused');
        throw new PulumiPlanRefusedError(refused);
      }
      if (mode === 'up') {
        const deleted = new Set(
          steps.filter(s => s.op === 'delete' && !s.retained).map(s => s.name),
        );
        const notPlanned = [...allowDeletes].filter(n => !deleted.has(n));
        const notAllowed = restore
          ? [...deleted].filter(n => !allowDeletes.has(n))
          : [];
        if (notPlanned.length > 0 || notAllowed.length > 0) {
          await putBack('removals');
          throw new PulumiRemovalsRefusedError(notPlanned, notAllowed);
        }
      }
      if (mode === 'preview') {
        return {
          stackName: options.stackName,
          changeSummary: preview.changeSummary,
          steps,
          applied: false,
          outputs: {},
        };
      }

      log(`Updating stack ${options.stackName} with exactly the saved plan`);
      const guard = new AbortController();
      const upSignal = signal
        ? AbortSignal.any([signal, guard.signal])
        : guard.signal;
      const guarded: PlannedStep[] = [];
      const upOut = new LineBuffer(log);
      let up;
      try {
        up = await stack.up({
          onOutput: chunk => upOut.push(chunk),
          onEvent: event => {
            const step = stepOf(event);
            if (
              step &&
              protectedTypes.includes(step.type) &&
              DESTRUCTIVE_OPS.includes(step.op) &&
              !(step.op === 'delete' && step.retained) &&
              !guard.signal.aborted
            ) {
              guarded.push(step);
              logger.error(
                `Stopping the update: it started to ${step.op} ${step.urn}, which the plan did not show`,
              );
              guard.abort();
            }
            const line = describeEngineEvent(event);
            if (line && !event.diagnosticEvent) {
              log(line);
            }
          },
          signal: upSignal,
          plan: planFile,
        });
      } catch (error) {
        if (guarded.length > 0) {
          throw new PulumiPlanRefusedError(guarded);
        }
        // A run that died part way may leave pending operations: say how to recover, with the CLI's own error.
        const left = pendingOperations(
          await stack.exportState().catch(exportError => {
            logger.warn(
              `Could not read the state of stack ${
                options.stackName
              } after the failed update: ${redactor.redact(
                String((exportError as Error)?.message ?? exportError),
              )}`,
            );
            return undefined;
          }),
        );
        if (left.length > 0) {
          logger.error(redactor.redact(errorLines(error)));
          throw new PulumiPendingOperationsError(
            options.stackName,
            left,
            'The update failed part way',
          );
        }
        throw error;
      } finally {
        upOut.flush();
      }
      if (guarded.length > 0) {
        throw new PulumiPlanRefusedError(guarded);
      }
      cancelled('the update');
      return {
        stackName: options.stackName,
        changeSummary: preview.changeSummary,
        steps,
        applied: true,
        outputs: up.outputs,
      };
    } finally {
      if (planDir) fs.rmSync(planDir, { recursive: true, force: true });
    }
  }
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

function stepOf(event: EngineEvent): PlannedStep | undefined {
  const meta = event.resourcePreEvent?.metadata;
  if (!meta) {
    return undefined;
  }
  return {
    op: meta.op,
    urn: meta.urn,
    type: meta.type,
    name: meta.urn.split('::').pop() ?? meta.urn,
    diffs: meta.diffs,
    ...(meta.op === 'delete' && meta.old?.retainOnDelete
      ? { retained: true }
      : {}),
  };
}
