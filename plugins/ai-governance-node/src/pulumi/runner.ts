/**
 * The Pulumi runner: runs an inline program on one stack (preview, checks on the plan, then the update of exactly
 * that plan), with its output streamed to the logger, secrets masked, the stack lock waited for, and removals only
 * where allowed. What it throws is in `runnerErrors.ts`, how it reads plan steps in `plannedSteps.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineEvent, PulumiFn } from '@pulumi/pulumi/automation';
import { sleep } from '../accounts/limiter';
import type {
  PulumiStackOperations,
  PulumiWorkspaceBoundary,
} from './automation';
import { AllowedRemovals } from './allowedRemovals';
import { LineBuffer, Redactor, describeEngineEvent } from './output';
import { PlannedStep, isDestructiveToProtected, stepOf } from './plannedSteps';
import {
  PulumiPendingOperationsError,
  PulumiPlanRefusedError,
  PulumiRemovalsRefusedError,
  PulumiRunCancelledError,
  PulumiRunError,
  errorLines,
  isConcurrentUpdate,
  pendingOperations,
} from './runnerErrors';

/**
 * Runs one CLI command with its output sent to `log` line by line (the last partial line too, whatever happens)
 * and its engine events to `onEvent`.
 */
async function streamed<T>(
  log: (line: string) => void,
  onEvent: (event: EngineEvent) => void,
  run: (handlers: {
    onOutput: (chunk: string) => void;
    onEvent: (event: EngineEvent) => void;
  }) => Promise<T>,
): Promise<T> {
  const out = new LineBuffer(log);
  try {
    return await run({ onOutput: chunk => out.push(chunk), onEvent });
  } finally {
    out.flush();
  }
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
      await streamed(
        log,
        event => {
          const line = describeEngineEvent(event);
          if (line && !event.diagnosticEvent && !event.resourcePreEvent) {
            log(line);
          }
        },
        handlers => stack.refresh({ ...handlers, signal }),
      );
      cancelled('the refresh');
    }

    // Allowed removals: clear retainOnDelete and protect on exactly those resources, so that the plan deletes them.
    const removals = new AllowedRemovals(stack, allowDeletes, {
      stackName: options.stackName,
      logger,
      redactor,
      log,
    });
    if (mode === 'up') {
      await removals.release();
    }

    const planDir =
      mode === 'up'
        ? fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-pulumi-plan-'))
        : undefined;
    const planFile = planDir ? path.join(planDir, 'plan.json') : undefined;
    try {
      const steps: PlannedStep[] = [];
      log(
        `Previewing stack ${options.stackName}${
          planFile ? ' and saving the update plan' : ''
        }`,
      );
      const preview = await streamed(
        log,
        event => {
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
        handlers =>
          stack.preview({
            ...handlers,
            signal,
            ...(planFile ? { plan: planFile } : {}),
          }),
      );
      cancelled('the preview');
      // From the plan itself: the update below runs exactly these steps (pulumi up --plan).
      const refused = steps.filter(s =>
        isDestructiveToProtected(s, protectedTypes),
      );
      if (refused.length > 0) {
        await removals.putBack('refused');
        throw new PulumiPlanRefusedError(refused);
      }
      if (mode === 'up') {
        await removals.check(steps);
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
      let up;
      try {
        up = await streamed(
          log,
          event => {
            const step = stepOf(event);
            if (
              step &&
              isDestructiveToProtected(step, protectedTypes) &&
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
          handlers =>
            stack.up({ ...handlers, signal: upSignal, plan: planFile }),
        );
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
