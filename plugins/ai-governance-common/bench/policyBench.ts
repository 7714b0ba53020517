/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Benchmark of the policy engine, run with `yarn workspace @internal/plugin-ai-governance-common bench`.
 *
 * 1. Evaluations per second: our `simulate` against @cloud-copilot/iam-simulate's `runSimulation` (AGPL; used only
 *    here and in tests) on the same generated request mix, in the same run. Goal: at least 30 times faster.
 * 2. Org-wide who-can on a generated 5,000-account organization: cold (first call: index and compile) and warm
 *    (median and p95 of repeated calls). Goal: at most 20 ms warm.
 *
 * Options: --scenarios N (default 300), --seconds S per side (default 3).
 */
import { performance } from 'perf_hooks';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { compileOrgModel, generateOrgModel } from '../src/orgModel';
import { simulate, whoCan } from '../src/policy/evaluate';
import {
  generateScenarios,
  iamSimulateInput,
} from '../src/policy/__testUtils__/scenarios';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))
  ];
}

async function evaluationsPerSecond() {
  const count = arg('scenarios', 300);
  const seconds = arg('seconds', 3);
  const scenarios = generateScenarios(count, 21);
  const inputs = scenarios.map(iamSimulateInput);

  // Warm both sides once over the whole mix (compiles, caches, JIT).
  let agree = 0;
  for (let i = 0; i < scenarios.length; i++) {
    const ours = simulate(scenarios[i].snapshot, scenarios[i].request);
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

  // Alternate the two sides pass by pass, so that a change in machine load affects both alike.
  let oursCount = 0;
  let oursMs = 0;
  let theirsCount = 0;
  let theirsMs = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 2000) {
    let t = performance.now();
    for (let k = 0; k < 20; k++) {
      for (const s of scenarios) simulate(s.snapshot, s.request);
    }
    oursMs += performance.now() - t;
    oursCount += 20 * scenarios.length;
    t = performance.now();
    for (const input of inputs)
      await runSimulation(input, { simulationMode: 'Strict' });
    theirsMs += performance.now() - t;
    theirsCount += inputs.length;
  }
  const oursRate = oursCount / (oursMs / 1000);
  const theirsRate = theirsCount / (theirsMs / 1000);

  console.log(
    `Request mix: ${scenarios.length} generated scenarios (SCPs and RCPs at 4 levels, conditions, wildcards).`,
  );
  console.log(
    `  overall verdicts equal on ${agree}/${scenarios.length} (iam-simulate also models resource policies such as KMS key policies)`,
  );
  console.log(
    `  ours:         ${Math.round(oursRate).toLocaleString(
      'en-US',
    )} evaluations/s`,
  );
  console.log(
    `  iam-simulate: ${Math.round(theirsRate).toLocaleString(
      'en-US',
    )} evaluations/s`,
  );
  const ratio = oursRate / theirsRate;
  console.log(
    `  ratio: ${ratio.toFixed(1)}x faster (goal >= 30x): ${
      ratio >= 30 ? 'met' : 'NOT met'
    }`,
  );
  return ratio >= 30;
}

function whoCanOn5000() {
  const model = generateOrgModel({
    accounts: 5000,
    ous: 250,
    policies: 60,
    seed: 3,
  });
  const snapshot = compileOrgModel(model, {
    capturedAt: '2026-01-01T00:00:00Z',
  });
  const accounts = snapshot.nodes.filter(n => n.kind === 'account').length;
  const requests = [
    {
      action: 'bedrock:InvokeModel',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    },
    {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data-bucket/key',
      context: { 'aws:RequestedRegion': 'eu-west-1' },
    },
    {
      action: 'iam:CreateRole',
      context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin' },
    },
    // Hits the generated guardrails (Delete* denied unless PlatformAdmin), whose condition reads aws:PrincipalArn:
    // evaluated once per account, not per chain.
    {
      action: 's3:DeleteBucket',
      context: {
        'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Developer',
      },
    },
  ];
  console.log('');
  console.log(
    `Org-wide who-can: ${accounts} accounts, ${
      snapshot.nodes.filter(n => n.kind === 'ou').length
    } OUs, ${snapshot.policies.length} policies.`,
  );
  let allMet = true;
  for (const request of requests) {
    const t0 = performance.now();
    const first = whoCan(snapshot, request);
    const cold = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      whoCan(snapshot, request);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 0.5);
    const met = median <= 20;
    allMet &&= met;
    console.log(
      `  ${request.action.padEnd(20)} allowed ${String(
        first.allowed.length,
      ).padStart(5)}, denied ${String(first.denied.length).padStart(5)}, ${
        first.distinctChains
      } distinct chains; cold ${cold.toFixed(
        1,
      )} ms, warm median ${median.toFixed(2)} ms, p95 ${percentile(
        times,
        0.95,
      ).toFixed(2)} ms (goal <= 20 ms): ${met ? 'met' : 'NOT met'}`,
    );
  }
  return allMet;
}

async function main() {
  const a = await evaluationsPerSecond();
  const b = whoCanOn5000();
  console.log('');
  console.log(
    `${[a, b].filter(Boolean).length} passed, ${
      [a, b].filter(x => !x).length
    } failed`,
  );
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
