/**
 * The posture check of an account's Bedrock guardrails: (a) the models its SCPs and RCPs let it invoke per Region,
 * against (b) the models and Regions its effective Bedrock policy enforces a guardrail on, and (c) whether its
 * region lock lets it apply the guardrail in the guardrail's Region. Findings: unusable guardrails, Region gaps,
 * models left unguarded, region locks that deny the guardrail.
 */
import {
  BedrockGuardrailEnforcement,
  enforcesOnModel,
  isNumberedVersion,
  readBedrockEnforcements,
} from '../bedrock/guardrail';
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../orgModel/types';
import { simulate } from '../policy/evaluate';
import type { EvaluateOptions } from '../policy/evaluate';
import type { EffectivePolicyFn } from './effective';
import {
  contributorsOf,
  type Draft,
  draft,
  list,
  policiesOnPath,
} from './findingParts';
import { mayInvokeModel, standInGuardrail } from './modelProbe';
import type { PosturePolicyRef } from './types';

const APPLY = 'bedrock:ApplyGuardrail';

/** What the Bedrock check probes: models, Regions, the management account and the evaluator's options. */
export interface BedrockProbe {
  models: readonly string[];
  regions: readonly string[];
  management: string;
  evaluate: EvaluateOptions;
}

/** What makes a guardrail identifier unusable for enforcement, or undefined. */
function unusable(
  e: BedrockGuardrailEnforcement,
  management: string,
): string | undefined {
  if (!e.guardrail)
    return `"${e.identifier ?? '(none)'}" is not a guardrail ARN`;
  if (!isNumberedVersion(e.guardrail.version))
    return `${e.guardrail.arn} has no numbered version`;
  if (e.guardrail.region !== e.region)
    return `${e.guardrail.arn} is in ${e.guardrail.region}, not ${e.region}`;
  if (management && e.guardrail.accountId !== management)
    return `${e.guardrail.arn} is not owned by the management account (${management})`;
  return undefined;
}

/** The Bedrock findings of one chain (`path` from the root to `account`); none when no Bedrock policy reaches it. */
export function checkBedrock(
  snapshot: OrgSnapshot,
  path: OrgNode[],
  account: OrgNode,
  policies: Map<string, OrgPolicy>,
  effective: EffectivePolicyFn,
  probe: BedrockProbe,
): Draft[] {
  const out: Draft[] = [];
  // (b) the effective Bedrock policy.
  const bedrock = effective(snapshot, path, 'BEDROCK_POLICY');
  const enforcements = readBedrockEnforcements(bedrock.document);
  // Accounts no Bedrock policy reaches are not compared: nothing there claims to guard them.
  if (!enforcements.length) return out;
  const bedrockRefs = contributorsOf(bedrock.contributors, policies);
  const usable = enforcements.filter(e => {
    const problem = unusable(e, probe.management);
    if (problem) {
      out.push(
        draft(
          'POSTURE_GUARDRAIL_UNUSABLE',
          'error',
          `The effective Bedrock policy enforces an unusable guardrail in ${e.region} (${e.configName}): ${problem}, so every Bedrock call there fails.`,
          `Set ${e.configName}'s identifier to a numbered version of a guardrail the management account created in ${e.region} (arn:aws:bedrock:${e.region}:${probe.management}:guardrail/<id>:<version>).`,
          bedrockRefs,
          { regions: [e.region] },
        ),
      );
    }
    return !problem;
  });
  const byRegion = new Map<string, BedrockGuardrailEnforcement[]>();
  for (const e of usable)
    byRegion.set(e.region, [...(byRegion.get(e.region) ?? []), e]);
  // (a) the models the SCPs and RCPs let the account invoke, per Region.
  const allowed = new Map<string, string[]>();
  for (const region of probe.regions) {
    const guardrail =
      byRegion.get(region)?.[0].guardrail?.arn ??
      standInGuardrail(region, probe.management);
    const ok = probe.models.filter(model =>
      mayInvokeModel(
        snapshot,
        { accountId: account.id, region, model, guardrail },
        probe.evaluate,
      ),
    );
    if (ok.length) allowed.set(region, ok);
  }
  const regionLocks = policiesOnPath(
    path,
    policies,
    'SERVICE_CONTROL_POLICY',
    /aws:RequestedRegion/i,
  );
  const modelLists = policiesOnPath(
    path,
    policies,
    'SERVICE_CONTROL_POLICY',
    /foundation-model/i,
  );
  // Region gap: models allowed where no guardrail is enforced.
  const covered = [...byRegion.keys()].sort();
  const gap = [...allowed.keys()].filter(r => !byRegion.has(r)).sort();
  if (gap.length && covered.length) {
    const gapModels = [...new Set(gap.flatMap(r => allowed.get(r)!))].sort();
    out.push(
      draft(
        'POSTURE_GUARDRAIL_REGION_GAP',
        'error',
        `Models are allowed in ${list(gap)} (${
          gapModels.length
        } models, e.g. ${list(
          gapModels,
          3,
        )}) but the enforced guardrail covers only ${list(covered)}.`,
        `Add a guardrail configuration for ${list(gap)} to ${
          bedrockRefs[0]?.name ?? 'the Bedrock policy'
        } (a guardrail the management account created in each of those Regions), or deny ${
          gap.length === 1 ? 'that Region' : 'those Regions'
        } in the region lock${
          regionLocks.length ? ` (${regionLocks[0].name})` : ''
        }.`,
        [...bedrockRefs, ...regionLocks],
        { regions: gap, models: gapModels },
      ),
    );
  }
  // Models allowed in a covered Region but left out of enforcement.
  const unguarded = new Map<string, string[]>();
  for (const region of covered) {
    for (const model of allowed.get(region) ?? []) {
      if (byRegion.get(region)!.some(e => enforcesOnModel(e, model))) continue;
      unguarded.set(model, [...(unguarded.get(model) ?? []), region]);
    }
  }
  const byRegionSet = new Map<string, string[]>();
  for (const [model, rs] of unguarded) {
    const key = rs.join(',');
    byRegionSet.set(key, [...(byRegionSet.get(key) ?? []), model]);
  }
  for (const [key, ms] of byRegionSet) {
    const rs = key.split(',');
    const excluded = ms.filter(m =>
      rs.some(r => byRegion.get(r)!.some(e => e.excludedModels.includes(m))),
    );
    out.push(
      draft(
        'POSTURE_MODEL_NOT_GUARDED',
        'warning',
        `${list(ms)} ${ms.length === 1 ? 'is' : 'are'} allowed in ${list(
          rs,
        )} but ${
          excluded.length ? 'excluded from' : 'not included in'
        } guardrail enforcement, so ${
          ms.length === 1 ? 'it runs' : 'they run'
        } without the guardrail.`,
        `Remove ${
          ms.length === 1 ? 'it' : 'them'
        } from excluded_models (or add ${
          ms.length === 1 ? 'it' : 'them'
        } to included_models) in ${
          bedrockRefs[0]?.name ?? 'the Bedrock policy'
        }, or deny ${
          ms.length === 1 ? 'it' : 'them'
        } in the model allow-list SCP${
          modelLists.length ? ` (${modelLists[0].name})` : ''
        }.`,
        [...bedrockRefs, ...modelLists],
        { regions: rs, models: [...ms].sort() },
      ),
    );
  }
  // (c) the region lock against the guardrail's Region: member accounts must be able to apply it there.
  for (const region of covered) {
    const arn = byRegion.get(region)![0].guardrail!.arn;
    const result = simulate(
      snapshot,
      {
        target: account.id,
        action: APPLY,
        resource: arn,
        context: { 'aws:RequestedRegion': region },
      },
      probe.evaluate,
    );
    if (result.decision === 'Allowed') continue;
    const deciding: PosturePolicyRef[] = result.levels
      .filter(l => l.decision !== 'Allowed')
      .flatMap(l =>
        (l.decision === 'ExplicitDeny' ? l.deciding : []).map(d => ({
          id: d.policyId,
          name: d.policyName,
          type: l.policyType,
          node: l.node,
        })),
      );
    const breaks = allowed.has(region);
    out.push(
      draft(
        'POSTURE_REGION_LOCK_DENIES_GUARDRAIL',
        breaks ? 'error' : 'warning',
        `The SCPs deny bedrock:ApplyGuardrail in ${region}, the Region of the enforced guardrail ${arn}, so ${
          breaks
            ? 'every model call there fails'
            : 'the configuration for that Region has no use'
        }: ${result.explanation}`,
        `Allow ${region} in the region lock${
          deciding.length ? ` (${deciding[0].name})` : ''
        } or exempt bedrock:ApplyGuardrail from it, or move the guardrail configuration of ${
          bedrockRefs[0]?.name ?? 'the Bedrock policy'
        } to an allowed Region.`,
        [...bedrockRefs, ...deciding],
        { regions: [region] },
      ),
    );
  }
  return out;
}
