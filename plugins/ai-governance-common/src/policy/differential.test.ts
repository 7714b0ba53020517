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
import type { Decision } from './types';

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
