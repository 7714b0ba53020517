/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * The race of the evaluation-rate benchmarks (evaluationRate.ts, wholeDecisionRate.ts): our `simulate` warm, ours
 * cold and @cloud-copilot/iam-simulate on the same requests, the sides alternating pass by pass so that a change
 * in machine load affects all alike; and the lines that print the rates and ratios.
 */
import { performance } from 'perf_hooks';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { OrgSnapshot } from '../src/orgModel/types';
import { simulate } from '../src/policy/evaluate';
import type { SimulationRequest } from '../src/policy/types';

/** iam-simulate's overall result in our decision's words. */
export const IAM_SIMULATE_DECISIONS = {
  Allowed: 'Allowed',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
} as const;

/** How many of iam-simulate's verdicts on `inputs` equal our `decisions`, in order. */
export async function verdictsEqual(
  inputs: Parameters<typeof runSimulation>[0][],
  decisions: string[],
): Promise<number> {
  let agree = 0;
  for (let i = 0; i < inputs.length; i++) {
    const theirs = await runSimulation(inputs[i], { simulationMode: 'Strict' });
    if (
      theirs.resultType !== 'error' &&
      IAM_SIMULATE_DECISIONS[theirs.overallResult] === decisions[i]
    )
      agree++;
  }
  return agree;
}

interface Request {
  snapshot: OrgSnapshot;
  request: SimulationRequest;
}

/** The rates of one race, and how many cold decisions equalled the warm ones. */
export interface RaceResult {
  warmRate: number;
  coldRate: number;
  theirsRate: number;
  coldAgree: number;
  coldCount: number;
}

/**
 * Races for `seconds` × 3: ours warm on `requests`, ours cold on `fresh` copies of them (made before the clock
 * starts), iam-simulate on `inputs`. `warmDecisions` are ours on `requests`, for checking the cold ones.
 */
export async function race(options: {
  requests: Request[];
  fresh: (request: Request) => Request;
  inputs: Parameters<typeof runSimulation>[0][];
  warmDecisions: string[];
  seconds: number;
}): Promise<RaceResult> {
  const { requests, inputs, warmDecisions, seconds } = options;
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
      for (const s of requests) simulate(s.snapshot, s.request);
    }
    warmMs += performance.now() - t;
    warmCount += 20 * requests.length;

    const fresh = requests.map(options.fresh);
    const decisions: string[] = new Array(requests.length);
    t = performance.now();
    for (let i = 0; i < fresh.length; i++)
      decisions[i] = simulate(fresh[i].snapshot, fresh[i].request).decision;
    coldMs += performance.now() - t;
    coldCount += requests.length;
    for (let i = 0; i < requests.length; i++)
      if (decisions[i] === warmDecisions[i]) coldAgree++;

    t = performance.now();
    for (const input of inputs)
      await runSimulation(input, { simulationMode: 'Strict' });
    theirsMs += performance.now() - t;
    theirsCount += inputs.length;
  }
  return {
    warmRate: warmCount / (warmMs / 1000),
    coldRate: coldCount / (coldMs / 1000),
    theirsRate: theirsCount / (theirsMs / 1000),
    coldAgree,
    coldCount,
  };
}

/**
 * Prints the rates and the ratios (`coldNote` says what cold means) after the line on cold decisions (`coldWhat`:
 * what they were compared with); answers whether the goal was met: 30 times faster warm, cold decided as warm.
 */
export function printRace(
  result: RaceResult,
  coldWhat: string,
  coldNote: string,
): boolean {
  const { warmRate, coldRate, theirsRate, coldAgree, coldCount } = result;
  const rate = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `  cold copies decided as the warm ${coldWhat}: ${coldAgree}/${coldCount}`,
  );
  console.log(`  ours, warm:   ${rate(warmRate)} evaluations/s`);
  console.log(`  ours, cold:   ${rate(coldRate)} evaluations/s`);
  console.log(`  iam-simulate: ${rate(theirsRate)} evaluations/s`);
  const warmRatio = warmRate / theirsRate;
  const coldRatio = coldRate / theirsRate;
  console.log(
    `  ratio warm: ${warmRatio.toFixed(1)}x faster (goal >= 30x): ${
      warmRatio >= 30 ? 'met' : 'NOT met'
    }`,
  );
  console.log(`  ratio cold: ${coldRatio.toFixed(1)}x faster (${coldNote})`);
  return warmRatio >= 30 && coldAgree === coldCount;
}
