/* The step of a policy kind that was not evaluated: not given by the request, or not applying to it. */
import type { EvaluatedPolicyKind, EvaluationStep } from '../../types';

/** A kind the request did not give, or that does not apply (`note` says which). */
export function notEvaluated(
  kind: EvaluatedPolicyKind,
  note: string,
): EvaluationStep {
  return {
    kind,
    decision: 'NotApplicable',
    deciding: [],
    counted: false,
    note,
  };
}
