/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Part 3 of the policy engine benchmark (policyBench.ts): the whole decision (identity, resource-based, boundary,
 * session and VPC endpoint policies; cross-account, anonymous and service principals) per second, ours against
 * @cloud-copilot/iam-simulate, cold and warm.
 */
import { simulate } from '../src/policy/evaluate';
import {
  FullScenario,
  generateFullScenarios,
} from '../src/policy/__testUtils__/fullScenarios';
import { fullIamSimulateInput } from '../src/policy/__testUtils__/fullIamSimulate';
import type { RequestPolicy, SimulationRequest } from '../src/policy/types';
import { arg, copiesMade, freshCopy, whitespaceSuffix } from './benchParts';
import { printRace, race, verdictsEqual } from './rateRace';

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
  const agree = await verdictsEqual(inputs, warmDecisions);
  // Cold copies also give every request's own policies new text.
  const result = await race({
    requests: scenarios,
    fresh: s => {
      const snapshot = freshCopy(s.snapshot);
      return { snapshot, request: freshRequest(s.request, copiesMade()) };
    },
    inputs,
    warmDecisions,
    seconds,
  });
  console.log('');
  console.log(
    `Whole decision: ${scenarios.length} generated requests (identity, resource-based, boundary, session and VPC endpoint policies; cross-account, anonymous and service principals; resources outside the org).`,
  );
  console.log(
    `  decisions equal on ${agree}/${scenarios.length} (the differential test documents the rest)`,
  );
  return printRace(
    result,
    'requests',
    'fresh snapshot and request policies, nothing compiled; no goal',
  );
}
