/** The steps of a Pulumi plan, read from the engine's resource events, and which of them the runner refuses. */
import type { EngineEvent, OpType } from '@pulumi/pulumi/automation';
import { DESTRUCTIVE_OPS } from './output';

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

/** The step a resource event announces, if it announces one. */
export function stepOf(event: EngineEvent): PlannedStep | undefined {
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

/** A step that would replace or delete a protected resource (a retained delete only leaves the stack: allowed). */
export function isDestructiveToProtected(
  step: PlannedStep,
  protectedTypes: string[],
): boolean {
  return (
    protectedTypes.includes(step.type) &&
    DESTRUCTIVE_OPS.includes(step.op) &&
    !(step.op === 'delete' && step.retained)
  );
}
