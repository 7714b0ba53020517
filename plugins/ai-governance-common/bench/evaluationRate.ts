/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Part 1 of the policy engine benchmark (policyBench.ts): evaluations per second of our `simulate` against
 * @cloud-copilot/iam-simulate's `runSimulation` on the generated request mix, cold and warm.
 */
import { performance } from 'perf_hooks';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { simulate } from '../src/policy/evaluate';
import {
  generateScenarios,
  iamSimulateInput,
} from '../src/policy/__testUtils__/scenarios';
import { arg, freshCopy } from './benchParts';

/** Prints the rates and ratios; answers whether the goal was met. */
export async function evaluationsPerSecond() {
  const count = arg('scenarios', 300);
  const seconds = arg('seconds', 3);
  const scenarios = generateScenarios(count, 21);
  const inputs = scenarios.map(iamSimulateInput);

  // Warm both sides once over the whole mix (compiles, caches, JIT).
  let agree = 0;
  const warmDecisions: string[] = [];
  for (let i = 0; i < scenarios.length; i++) {
    const ours = simulate(scenarios[i].snapshot, scenarios[i].request);
    warmDecisions.push(ours.decision);
    const theirs = await runSimulation(inputs[i], { simulationMode: 'Strict' });
    const mapped = {
      Allowed: 'Allowed',
      ExplicitlyDenied: 'ExplicitDeny',
      ImplicitlyDenied: 'ImplicitDeny',
    } as const;
    if (
      theirs.resultType !== 'error' &&
      mapped[theirs.overallResult] === ours.decision
    )
      agree++;
  }

  // Alternate the sides pass by pass (ours warm, ours cold, theirs), so that a change in machine load affects all
  // alike. Cold copies are made before the clock starts.
  let warmCount = 0;
  let warmMs = 0;
  let coldCount = 0;
  let coldMs = 0;
  let theirsCount = 0;
  let theirsMs = 0;
  let coldAgree = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 3000) {
    let t = performance.now();
    for (let k = 0; k < 20; k++) {
      for (const s of scenarios) simulate(s.snapshot, s.request);
    }
    warmMs += performance.now() - t;
    warmCount += 20 * scenarios.length;

    const fresh = scenarios.map(s => freshCopy(s.snapshot));
    const decisions: string[] = new Array(scenarios.length);
    t = performance.now();
    for (let i = 0; i < scenarios.length; i++)
      decisions[i] = simulate(fresh[i], scenarios[i].request).decision;
    coldMs += performance.now() - t;
    coldCount += scenarios.length;
    for (let i = 0; i < scenarios.length; i++)
      if (decisions[i] === warmDecisions[i]) coldAgree++;

    t = performance.now();
    for (const input of inputs)
      await runSimulation(input, { simulationMode: 'Strict' });
    theirsMs += performance.now() - t;
    theirsCount += inputs.length;
  }
  const warmRate = warmCount / (warmMs / 1000);
  const coldRate = coldCount / (coldMs / 1000);
  const theirsRate = theirsCount / (theirsMs / 1000);

  console.log(
    `Request mix: ${scenarios.length} generated scenarios (SCPs and RCPs at 4 levels, conditions, wildcards).`,
  );
  console.log(
    `  overall verdicts equal on ${agree}/${scenarios.length} (iam-simulate also models resource policies such as KMS key policies)`,
  );
  const rate = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `  cold copies decided as the warm snapshots: ${coldAgree}/${coldCount}`,
  );
  console.log(`  ours, warm:   ${rate(warmRate)} evaluations/s`);
  console.log(`  ours, cold:   ${rate(coldRate)} evaluations/s`);
  console.log(`  iam-simulate: ${rate(theirsRate)} evaluations/s`);
  const warmRatio = warmRate / theirsRate;
  const coldRatio = coldRate / theirsRate;
  const met = warmRatio >= 30 && coldAgree === coldCount;
  console.log(
    `  ratio warm: ${warmRatio.toFixed(1)}x faster (goal >= 30x): ${
      warmRatio >= 30 ? 'met' : 'NOT met'
    }`,
  );
  console.log(
    `  ratio cold: ${coldRatio.toFixed(
      1,
    )}x faster (fresh snapshot, nothing compiled; no goal, printed so the cost of a new snapshot is visible)`,
  );
  return met;
}
