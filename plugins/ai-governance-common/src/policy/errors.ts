/**
 * The errors the policy engine throws for a request it cannot answer. Callers map them to a 400 (backend) or a usage
 * error (CLI); any other error is a bug.
 */

/** Thrown for a request the evaluator cannot answer (unknown target, ambiguous name...). @public */
export class PolicyEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyEngineError';
  }
}

/** Thrown when a pattern, value or document is over one of the engine's size limits; the message names it. @public */
export class PolicyLimitError extends PolicyEngineError {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyLimitError';
  }
}
