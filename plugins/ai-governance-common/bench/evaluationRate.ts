/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Part 1 of the policy engine benchmark (policyBench.ts): evaluations per second of our `simulate` against
 * @cloud-copilot/iam-simulate's `runSimulation` on the generated request mix, cold and warm.
 */
import { simulate } from '../src/policy/evaluate';
import {
  generateScenarios,
  iamSimulateInput,
} from '../src/policy/__testUtils__/scenarios';
import { arg, freshCopy } from './benchParts';
import { printRace, race, verdictsEqual } from './rateRace';

/** Prints the rates and ratios; answers whether the goal was met. */
export async function evaluationsPerSecond() {
  const count = arg('scenarios', 300);
  const seconds = arg('seconds', 3);
  const scenarios = generateScenarios(count, 21);
  const inputs = scenarios.map(iamSimulateInput);

  // Warm both sides once over the whole mix (compiles, caches, JIT).
  const warmDecisions = scenarios.map(
    s => simulate(s.snapshot, s.request).decision,
  );
  const agree = await verdictsEqual(inputs, warmDecisions);

  // Cold copies are made before the clock starts.
  const result = await race({
    requests: scenarios,
    fresh: s => ({ snapshot: freshCopy(s.snapshot), request: s.request }),
    inputs,
    warmDecisions,
    seconds,
  });

  console.log(
    `Request mix: ${scenarios.length} generated scenarios (SCPs and RCPs at 4 levels, conditions, wildcards).`,
  );
  console.log(
    `  overall verdicts equal on ${agree}/${scenarios.length} (iam-simulate also models resource policies such as KMS key policies)`,
  );
  return printRace(
    result,
    'snapshots',
    'fresh snapshot, nothing compiled; no goal, printed so the cost of a new snapshot is visible',
  );
}
