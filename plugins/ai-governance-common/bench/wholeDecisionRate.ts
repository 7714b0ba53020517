/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Part 3 of the policy engine benchmark (policyBench.ts): the whole decision (identity, resource-based, boundary,
 * session and VPC endpoint policies; cross-account, anonymous and service principals) per second, ours against
 * @cloud-copilot/iam-simulate, cold and warm.
 */
import { performance } from 'perf_hooks';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { simulate } from '../src/policy/evaluate';
import {
  FullScenario,
  generateFullScenarios,
} from '../src/policy/__testUtils__/fullScenarios';
import { fullIamSimulateInput } from '../src/policy/__testUtils__/fullIamSimulate';
import type { OrgSnapshot } from '../src/orgModel/types';
import type { RequestPolicy, SimulationRequest } from '../src/policy/types';
import { arg, copiesMade, freshCopy, whitespaceSuffix } from './benchParts';

/** The request with its own policies' text made new (same meaning), so no compiled form is reused. */
function freshRequest(
  request: SimulationRequest,
  n: number,
): SimulationRequest {
  const suffix = whitespaceSuffix(n);
  const fresh = (p: RequestPolicy) => ({ ...p, content: p.content + suffix });
  return {
    ...request,
    ...(request.identityPolicies
      ? { identityPolicies: request.identityPolicies.map(fresh) }
      : {}),
    ...(request.resourcePolicy
      ? { resourcePolicy: fresh(request.resourcePolicy) }
      : {}),
    ...(request.permissionsBoundary
      ? { permissionsBoundary: fresh(request.permissionsBoundary) }
      : {}),
    ...(request.sessionPolicies
      ? { sessionPolicies: request.sessionPolicies.map(fresh) }
      : {}),
    ...(request.vpcEndpointPolicy
      ? { vpcEndpointPolicy: fresh(request.vpcEndpointPolicy) }
      : {}),
  };
}

/** Prints the rates and ratios; answers whether the goal was met. */
export async function wholeDecisionPerSecond() {
  const count = arg('scenarios', 300);
  const seconds = arg('seconds', 3);
  const scenarios: FullScenario[] = generateFullScenarios(count, 77);
  const mapped = {
    Allowed: 'Allowed',
    ExplicitlyDenied: 'ExplicitDeny',
    ImplicitlyDenied: 'ImplicitDeny',
  } as const;
  // iam-simulate gets the context ours used (given and derived keys), as in the differential test.
  const warmDecisions: string[] = [];
  const inputs = scenarios.map(s => {
    const ours = simulate(s.snapshot, s.request);
    warmDecisions.push(ours.decision);
    const context: Record<string, string[]> = { ...ours.derivedContext };
    for (const [k, v] of Object.entries(s.request.context ?? {}))
      context[k] = Array.isArray(v) ? v : [v];
    return fullIamSimulateInput(s, context);
  });
  let agree = 0;
  for (let i = 0; i < scenarios.length; i++) {
    const theirs = await runSimulation(inputs[i], { simulationMode: 'Strict' });
    if (
      theirs.resultType !== 'error' &&
      mapped[theirs.overallResult] === warmDecisions[i]
    )
      agree++;
  }
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

    const fresh: Array<{
      snapshot: OrgSnapshot;
      request: SimulationRequest;
    }> = [];
    for (const s of scenarios) {
      const snapshot = freshCopy(s.snapshot);
      fresh.push({ snapshot, request: freshRequest(s.request, copiesMade()) });
    }
    const decisions: string[] = new Array(scenarios.length);
    t = performance.now();
    for (let i = 0; i < fresh.length; i++)
      decisions[i] = simulate(fresh[i].snapshot, fresh[i].request).decision;
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
  const rate = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log('');
  console.log(
    `Whole decision: ${scenarios.length} generated requests (identity, resource-based, boundary, session and VPC endpoint policies; cross-account, anonymous and service principals; resources outside the org).`,
  );
  console.log(
    `  decisions equal on ${agree}/${scenarios.length} (the differential test documents the rest)`,
  );
  console.log(
    `  cold copies decided as the warm requests: ${coldAgree}/${coldCount}`,
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
  console.log(
    `  ratio cold: ${coldRatio.toFixed(
      1,
    )}x faster (fresh snapshot and request policies, nothing compiled; no goal)`,
  );
  return warmRatio >= 30 && coldAgree === coldCount;
}
