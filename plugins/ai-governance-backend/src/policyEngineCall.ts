/* Calling the policy evaluator on a caller's input: its errors about that input become 400s (InputError). */
import { InputError } from '@backstage/errors';
import { PolicyEngineError } from '@internal/plugin-ai-governance-common';

/** Runs a policy engine call, turning its errors about the input into InputError; other errors pass unchanged. */
export function policyEngine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PolicyEngineError) throw new InputError(e.message);
    throw e;
  }
}
