/**
 * The AI posture check: for every member account, compares (a) the Bedrock models its SCPs and RCPs let it invoke,
 * per Region (the evaluator's simulate on bedrock:InvokeModel for each model's foundation-model ARN), (b) the models
 * and Regions its effective Amazon Bedrock policy enforces a guardrail on, (c) its region lock (whether the SCPs let
 * it apply the guardrail in the guardrail's Region) and (d) its effective AI services opt-out policy.
 *
 * Accounts with the same policies on every level of their path are checked once (the evaluator's answer only differs
 * by account-specific condition keys, which Bedrock and region locks do not use), so a 1,000-account organization
 * costs as many checks as it has distinct chains. This file runs the check over the chains (chains.ts) and merges the
 * findings; the opt-out and Bedrock checks of one chain are optOutCheck.ts and bedrockCheck.ts.
 */
import { readBedrockEnforcements } from '../bedrock/guardrail';
import { BEDROCK_MODELS, BEDROCK_MODELS_AS_OF } from '../bedrock/models';
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../orgModel/types';
import type { EvaluateOptions } from '../policy/evaluate';
import { type BedrockProbe, checkBedrock } from './bedrockCheck';
import { groupAccounts } from './chains';
import { effectiveManagementPolicy, EffectivePolicyFn } from './effective';
import type { Draft } from './findingParts';
import { checkOptOut } from './optOutCheck';
import { BEDROCK_REGIONS } from './probeLists';
import type { PostureFinding, PostureReport, PostureSeverity } from './types';

export { AI_OPT_OUT_SERVICES, BEDROCK_REGIONS } from './probeLists';

/** Options of checkAiPosture. @public */
export interface PostureOptions {
  /** Model ids to probe; default: the shipped model list plus every model a Bedrock policy names. */
  models?: readonly string[];
  /** Regions to probe; default: BEDROCK_REGIONS plus every Region a Bedrock policy names. */
  regions?: readonly string[];
  /** Passed to the evaluator (e.g. the catalog's wildcard-only actions). */
  evaluateOptions?: EvaluateOptions;
  /** How an account's effective management policy is computed (tests and callers with their own inheritance). */
  effectivePolicy?: EffectivePolicyFn;
}

/**
 * Checks the AI posture of every active member account and returns the inconsistencies, each naming the accounts,
 * the policies and nodes involved and how to fix it. Never throws on policy content (unreadable policies count as
 * absent; lint reports them).
 * @public
 */
export function checkAiPosture(
  snapshot: OrgSnapshot,
  options: PostureOptions = {},
): PostureReport {
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const effective = options.effectivePolicy ?? effectiveManagementPolicy;
  const management = snapshot.organization.managementAccountId;
  const bedrockPolicies = snapshot.policies.filter(
    p => p.type === 'BEDROCK_POLICY',
  );
  const named = bedrockPolicies.flatMap(p => {
    try {
      return readBedrockEnforcements(JSON.parse(p.content));
    } catch {
      return [];
    }
  });
  const models =
    options.models ??
    [
      ...new Set([
        ...BEDROCK_MODELS.map(m => m.id),
        ...named.flatMap(e => [...e.includedModels, ...e.excludedModels]),
      ]),
    ].filter(m => m !== 'ALL');
  const regions = options.regions ?? [
    ...new Set([...BEDROCK_REGIONS, ...named.map(e => e.region)]),
  ];
  const { groups, checked } = groupAccounts(snapshot);
  const merged = new Map<string, PostureFinding>();
  for (const group of groups) {
    const representative = group.accounts[0];
    const drafts = checkGroup(
      snapshot,
      group.path,
      representative,
      policies,
      effective,
      { models, regions, management, evaluate: options.evaluateOptions ?? {} },
    );
    for (const d of drafts) {
      const key = JSON.stringify([
        d.code,
        d.regions,
        d.models,
        d.services,
        d.policies.map(p => `${p.id}@${p.node.id}`),
      ]);
      const existing = merged.get(key);
      if (existing) {
        existing.accountIds.push(...group.accounts.map(a => a.id));
        existing.accountNames.push(...group.accounts.map(a => a.name));
      } else {
        merged.set(key, {
          ...d,
          accountIds: group.accounts.map(a => a.id),
          accountNames: group.accounts.map(a => a.name),
        });
      }
    }
  }
  const order: Record<PostureSeverity, number> = { error: 0, warning: 1 };
  const findings = [...merged.values()].sort(
    (a, b) =>
      order[a.severity] - order[b.severity] || a.code.localeCompare(b.code),
  );
  return {
    findings,
    accountsChecked: checked,
    chainsChecked: groups.length,
    modelsAsOf: BEDROCK_MODELS_AS_OF,
  };
}

/** One chain's findings: its opt-out and its Bedrock guardrails. */
function checkGroup(
  snapshot: OrgSnapshot,
  path: OrgNode[],
  account: OrgNode,
  policies: Map<string, OrgPolicy>,
  effective: EffectivePolicyFn,
  probe: BedrockProbe,
): Draft[] {
  return [
    ...checkOptOut(snapshot, path, policies, effective),
    ...checkBedrock(snapshot, path, account, policies, effective, probe),
  ];
}
