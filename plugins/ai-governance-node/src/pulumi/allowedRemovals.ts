/**
 * Removals an update is allowed to make: the runner clears `retainOnDelete` and `protect` on exactly the named
 * resources in the stack's state before planning, checks that the plan deletes exactly those, and puts the state
 * back when it refuses the plan.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PulumiStackOperations, PulumiStackState } from './automation';
import type { Redactor } from './output';
import type { PlannedStep } from './plannedSteps';
import { PulumiRemovalsRefusedError } from './runnerErrors';

/** The state of one stack with the allowed removals released, and how to undo that. */
export class AllowedRemovals {
  /** The state before the edit, while the edit is in place. */
  private restore?: PulumiStackState;

  constructor(
    private readonly stack: PulumiStackOperations,
    private readonly names: Set<string>,
    private readonly context: {
      stackName: string;
      logger: LoggerService;
      redactor: Redactor;
      log: (line: string) => void;
    },
  ) {}

  /** Clears retainOnDelete and protect on exactly the allowed resources, so that the plan deletes them. */
  async release(): Promise<void> {
    if (this.names.size === 0) return;
    const state = await this.stack.exportState();
    const before: PulumiStackState = JSON.parse(JSON.stringify(state));
    let edited = false;
    for (const resource of state.deployment.resources ?? []) {
      if (this.names.has(resource.urn.split('::').pop() ?? '')) {
        resource.retainOnDelete = false;
        resource.protect = false;
        edited = true;
      }
    }
    if (!edited) return;
    this.context.log(
      `Allowing the removal of ${[...this.names].join(
        ', ',
      )}: they are no longer retained in stack ${this.context.stackName}`,
    );
    await this.stack.importState(state);
    this.restore = before;
  }

  /** Puts the state back after refusing the plan; a failure to do so says how to repair the stack by hand. */
  async putBack(reason: unknown): Promise<void> {
    if (!this.restore) return;
    try {
      await this.stack.importState(this.restore);
    } catch (error) {
      this.context.logger.error(
        `Could not restore the state of stack ${
          this.context.stackName
        } after refusing the plan (${String(
          (reason as Error)?.message ?? reason,
        )}): ${this.context.redactor.redact(
          String((error as Error)?.message ?? error),
        )}. The resources ${[...this.names].join(
          ', ',
        )} are no longer marked retained: run "pulumi stack export", set retainOnDelete back to true on them, and "pulumi stack import".`,
      );
      throw error;
    }
  }

  /**
   * Refuses (after putting the state back) a plan that does not delete each allowed removal, or that deletes
   * something else while the state is edited.
   */
  async check(steps: PlannedStep[]): Promise<void> {
    const deleted = new Set(
      steps.filter(s => s.op === 'delete' && !s.retained).map(s => s.name),
    );
    const notPlanned = [...this.names].filter(n => !deleted.has(n));
    const notAllowed = this.restore
      ? [...deleted].filter(n => !this.names.has(n))
      : [];
    if (notPlanned.length > 0 || notAllowed.length > 0) {
      await this.putBack('removals');
      throw new PulumiRemovalsRefusedError(notPlanned, notAllowed);
    }
  }
}
