import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineEvent, OpType, PulumiFn } from '@pulumi/pulumi/automation';
import { sleep } from '../accounts/limiter';
import type { PulumiWorkspaceBoundary } from './automation';
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
  diffs?: string[];
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

/** The run was cancelled through its signal. @public */
export class PulumiRunCancelledError extends Error {
  constructor(stage: string) {
    super(
      `Cancelled during ${stage}. Nothing more is applied; run the request again to continue from where the stack is.`,
    );
    this.name = 'PulumiRunCancelledError';
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
        error instanceof PulumiRunCancelledError
      ) {
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

    const steps: PlannedStep[] = [];
    const previewOut = new LineBuffer(log);
    log(`Previewing stack ${options.stackName}`);
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
            log(line);
          }
        },
        signal,
      });
    } finally {
      previewOut.flush();
    }
    cancelled('the preview');
    const refused = steps.filter(
      s => protectedTypes.includes(s.type) && DESTRUCTIVE_OPS.includes(s.op),
    );
    if (refused.length > 0) {
      throw new PulumiPlanRefusedError(refused);
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

    log(`Updating stack ${options.stackName}`);
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
            !guard.signal.aborted
          ) {
            guarded.push(step);
            logger.error(
              `Stopping the update: it started to ${step.op} ${step.urn}, which the preview did not show`,
            );
            guard.abort();
          }
          const line = describeEngineEvent(event);
          if (line && !event.diagnosticEvent) {
            log(line);
          }
        },
        signal: upSignal,
      });
    } catch (error) {
      if (guarded.length > 0) {
        throw new PulumiPlanRefusedError(guarded);
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
  }
}

function stepOf(event: EngineEvent): PlannedStep | undefined {
  const meta = event.resourcePreEvent?.metadata;
  if (!meta) {
    return undefined;
  }
  return { op: meta.op, urn: meta.urn, type: meta.type, diffs: meta.diffs };
}
