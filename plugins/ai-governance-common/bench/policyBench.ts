/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Benchmark of the policy engine, run with `yarn workspace @internal/plugin-ai-governance-common bench`.
 *
 * 1. Evaluations per second: our `simulate` against @cloud-copilot/iam-simulate's `runSimulation` (AGPL; used only
 *    here and in tests) on the same generated request mix, in the same run, twice:
 *    - cold: every evaluation on a snapshot it has never seen, whose policies it has never compiled (a fresh copy
 *      with a unique, meaningless whitespace suffix on every policy document, made before the clock starts), as
 *      the first request after a crawl brings a new snapshot;
 *    - warm: repeated evaluations on the same snapshots (per-snapshot index and compiled policies cached).
 *    iam-simulate has no per-snapshot state (it reads every policy on each call), so one rate of theirs, measured
 *    in the passes between ours, serves both ratios. Process-wide memos stay warm on both sides (its service data,
 *    our wildcard patterns). Goal: at least 30 times faster warm; cold is printed beside it.
 * 2. Org-wide who-can on a generated 5,000-account organization: cold (a fresh copy of the snapshot, so its index
 *    is built and its policies compiled inside the call; median of several) and warm (median and p95 of repeated
 *    calls). Goal: at most 20 ms warm.
 *
 * 3. The whole decision: the same two rates and ratios on generated requests that bring identity, resource-based,
 *    boundary, session and VPC endpoint policies, with cross-account, anonymous and service principals and resources
 *    outside the organization (the differential test's generator). Cold copies also give every request's own
 *    policies new text. Goal: at least 30 times faster warm; cold printed beside it.
 *
 * Options: --scenarios N (default 300), --seconds S per side (default 3).
 *
 * The parts: evaluationRate.ts (1), whoCanBench.ts (2), wholeDecisionRate.ts (3), benchParts.ts (what they share).
 */
import { evaluationsPerSecond } from './evaluationRate';
import { wholeDecisionPerSecond } from './wholeDecisionRate';
import { whoCanOn5000 } from './whoCanBench';

async function main() {
  const a = await evaluationsPerSecond();
  const c = await wholeDecisionPerSecond();
  const b = whoCanOn5000();
  const all = [a, c, b];
  console.log('');
  console.log(
    `${all.filter(Boolean).length} passed, ${
      all.filter(x => !x).length
    } failed`,
  );
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
