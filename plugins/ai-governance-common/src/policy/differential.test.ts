/*
 * Differential tests: our evaluator against an independent one, @cloud-copilot/iam-simulate (AGPL; a devDependency
 * used only here and in the benchmark), on generated scenarios. Verdicts must agree per policy type.
 *
 * Exemptions AWS applies that iam-simulate does not model (the management account, service-linked roles) are tested
 * in evaluate.test.ts and kept out of the generated scenarios: every scenario is a member account and an ordinary role.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { simulate } from './evaluate';
import {
  generateScenarios,
  iamSimulateInput,
  REQUESTS,
  Scenario,
} from './__testUtils__/scenarios';
import { nodeCatalog } from './__testUtils__/node';
import { wildcardOnlyFromCatalog } from './catalog';
import type { Decision, SimulationResult } from './types';
import {
  FullScenario,
  generateFullScenarios,
} from './__testUtils__/fullScenarios';
import { fullIamSimulateInput } from './__testUtils__/fullIamSimulate';

/**
 * Disagreements with iam-simulate where AWS's documentation decides for our answer (the same table is in
 * docs/policy-engine.md, "Documented disagreements"):
 *
 * | Case                                                        | Ours    | iam-simulate | Decided by (AWS page)           |
 * | ----------------------------------------------------------- | ------- | ------------ | ------------------------------- |
 * | Same account, role session with a session policy that does  | Allowed | ImplicitDeny | IAM User Guide, "Policies and   |
 * | not allow, resource-based policy that names the session ARN |         |              | permissions in IAM", "Session   |
 * | (or everyone, "*")                                          |         |              | policies": permissions a        |
 * |                                                             |         |              | resource-based policy grants to |
 * |                                                             |         |              | the session ARN are not limited |
 * |                                                             |         |              | by the session policy. AWS is   |
 * |                                                             |         |              | silent on "*"; we treat it as   |
 * |                                                             |         |              | naming the session.             |
 *
 * Kept out of the generated requests, and why: S3 resource tags (S3 reads aws:ResourceTag only on buckets with ABAC
 * enabled, which a request cannot express); RCPs for services RCPs do not cover (the input gives iam-simulate only the
 * RCPs that apply, as "Resource control policies (RCPs)" lists the services); the management account and
 * service-linked roles (iam-simulate has no org model; tested in evaluate/fullEvaluation.test.ts).
 *
 * Returns the table row's name, or undefined for an unexplained disagreement.
 */
function documentedDisagreement(
  s: FullScenario,
  ours: SimulationResult,
  other: Decision,
): string | undefined {
  const session = ours.steps?.find(x => x.kind === 'SESSION_POLICY');
  if (
    ours.decision === 'Allowed' &&
    other === 'ImplicitDeny' &&
    s.request.sessionPolicies?.length &&
    ours.decidedBy?.kind === 'RESOURCE_POLICY' &&
    session?.counted === false &&
    !ours.accounts?.crossAccount
  )
    return 'resource policy naming the session is not limited by the session policy';
  return undefined;
}

const toOurs: Record<string, Decision> = {
  Allowed: 'Allowed',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

async function theirs(s: Scenario) {
  const result = await runSimulation(iamSimulateInput(s), {
    simulationMode: 'Strict',
  });
  if (result.resultType === 'error') {
    throw new Error(
      `iam-simulate rejected the scenario: ${JSON.stringify(result.errors)}`,
    );
  }
  const analysis =
    result.resultType === 'single'
      ? result.result.analysis
      : result.results[0]?.analysis;
  return {
    overall: toOurs[result.overallResult],
    scp: analysis?.scpAnalysis?.result
      ? toOurs[analysis.scpAnalysis.result]
      : undefined,
    rcp: analysis?.rcpAnalysis?.result
      ? toOurs[analysis.rcpAnalysis.result]
      : undefined,
  };
}

describe('differential: our evaluator agrees with iam-simulate', () => {
  const scenarios = generateScenarios(400, 11);

  it('on 400 generated scenarios (SCPs and RCPs, every condition operator, wildcards, NotAction, NotResource, variables)', async () => {
    const catalog = await nodeCatalog();
    await catalog.ensureServices(REQUESTS.map(([a]) => a.split(':')[0]));
    const options = { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
    const mismatches: string[] = [];
    const seen = { Allowed: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
    for (const [i, s] of scenarios.entries()) {
      const ours = simulate(s.snapshot, s.request, options);
      const other = await theirs(s);
      seen[ours.decision]++;
      const ourScp = ours.byType.SERVICE_CONTROL_POLICY;
      const ourRcp = ours.byType.RESOURCE_CONTROL_POLICY ?? 'Allowed';
      // Only the organization's part is compared: iam-simulate's overall verdict also models resource policies
      // (a KMS key policy must allow, for instance), which are outside SCPs and RCPs.
      const disagree =
        other.scp === undefined
          ? ours.decision !== other.overall // an action AWS authorizes without policies (sts:GetCallerIdentity)
          : ourScp !== other.scp ||
            (other.rcp !== undefined && ourRcp !== other.rcp);
      if (disagree) {
        mismatches.push(
          `#${i} ${s.request.action} ${s.request.resource}: ours ${ours.decision} (SCP ${ourScp}, RCP ${ourRcp}), iam-simulate ${other.overall} (SCP ${other.scp}, RCP ${other.rcp})\n` +
            `  context ${JSON.stringify(s.request.context)}\n${s.levels
              .map(
                l =>
                  `  ${l.id}: ${[...l.scps, ...l.rcps]
                    .map(p => (p.awsManaged ? p.name : p.content))
                    .join(' | ')}`,
              )
              .join('\n')}`,
        );
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The scenarios exercise every outcome.
    expect(seen.Allowed).toBeGreaterThan(40);
    expect(seen.ExplicitDeny).toBeGreaterThan(40);
    expect(seen.ImplicitDeny).toBeGreaterThan(10);
  }, 60000);
});

/*
 * The whole decision: generated requests with identity, resource-based, boundary, session and VPC endpoint
 * policies, principals in the resource's account, in another member account or outside the organization, anonymous
 * and service principals, resources inside and outside the organization. iam-simulate is given the same context
 * values ours used (given and derived), so the comparison is of the decision logic; derivation is tested in
 * evaluate/fullEvaluation.test.ts.
 */
describe('differential: the whole decision agrees with iam-simulate', () => {
  const COUNT = 2400;
  const scenarios = generateFullScenarios(COUNT, 2026);

  it(`on ${COUNT} generated requests, except the documented disagreements`, async () => {
    const catalog = await nodeCatalog();
    await catalog.ensureServices([
      ...new Set(scenarios.map(s => s.request.action.split(':')[0])),
    ]);
    const options = { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
    const unexplained: string[] = [];
    const documented: Record<string, number> = {};
    const seen = { Allowed: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
    for (const [i, s] of scenarios.entries()) {
      const ours = simulate(s.snapshot, s.request, options);
      seen[ours.decision]++;
      const context: Record<string, string[]> = { ...ours.derivedContext };
      for (const [k, v] of Object.entries(s.request.context ?? {}))
        context[k] = Array.isArray(v) ? v : [v];
      const result = await runSimulation(fullIamSimulateInput(s, context), {
        simulationMode: 'Strict',
      });
      if (result.resultType === 'error') {
        unexplained.push(
          `#${i} iam-simulate rejected it: ${JSON.stringify(result.errors)}`,
        );
        continue;
      }
      const other = toOurs[result.overallResult];
      if (other === ours.decision) continue;
      const why = documentedDisagreement(s, ours, other);
      if (why) {
        documented[why] = (documented[why] ?? 0) + 1;
        continue;
      }
      unexplained.push(
        `#${i} [${s.tags.join(', ')}] ${s.request.action} ${
          s.request.resource
        } by ${s.principal ?? 'anonymous'}: ours ${ours.decision} (${
          ours.explanation
        }), iam-simulate ${other}\n  request ${JSON.stringify({
          ...s.request,
          context,
        })}\n  SCP levels ${JSON.stringify(
          s.scpLevels.map(l => l.policies.map(p => p.content)),
        )}\n  RCP levels ${JSON.stringify(
          s.rcpLevels.map(l => l.policies.map(p => p.content)),
        )}`,
      );
    }
    // eslint-disable-next-line no-console
    console.log(
      `whole-decision differential: ${COUNT} requests, ${
        COUNT -
        unexplained.length -
        Object.values(documented).reduce((a, b) => a + b, 0)
      } agree, documented disagreements ${JSON.stringify(
        documented,
      )}, outcomes ${JSON.stringify(seen)}`,
    );
    expect(unexplained.slice(0, 12)).toEqual([]);
    expect(seen.Allowed).toBeGreaterThan(200);
    expect(seen.ExplicitDeny).toBeGreaterThan(200);
    expect(seen.ImplicitDeny).toBeGreaterThan(200);
  }, 300000);
});
