/**
 * The AI posture check: for every member account, compares (a) the Bedrock models its SCPs and RCPs let it invoke,
 * per Region (the evaluator's simulate on bedrock:InvokeModel for each model's foundation-model ARN), (b) the models
 * and Regions its effective Amazon Bedrock policy enforces a guardrail on, (c) its region lock (whether the SCPs let
 * it apply the guardrail in the guardrail's Region) and (d) its effective AI services opt-out policy.
 *
 * Accounts with the same policies on every level of their path are checked once (the evaluator's answer only differs
 * by account-specific condition keys, which Bedrock and region locks do not use), so a 1,000-account organization
 * costs as many checks as it has distinct chains.
 */
import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '../orgModel/types';
import { simulate } from '../policy/evaluate';
import type { EvaluateOptions } from '../policy/evaluate';
import { BEDROCK_MODELS, BEDROCK_MODELS_AS_OF } from '../bedrock/models';
import {
  BedrockGuardrailEnforcement,
  enforcesOnModel,
  isNumberedVersion,
  readBedrockEnforcements,
} from '../bedrock/guardrail';
import { effectiveManagementPolicy, EffectivePolicyFn } from './effective';
import type {
  PostureCode,
  PostureFinding,
  PosturePolicyRef,
  PostureReport,
  PostureSeverity,
} from './types';

/**
 * Commercial Regions where Amazon Bedrock serves model inference (the Regions column of "Supported foundation models
 * in Amazon Bedrock", read on BEDROCK_MODELS_AS_OF). The posture check probes these and every Region a Bedrock policy
 * names.
 * @public
 */
export const BEDROCK_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/**
 * The service keys of AI services opt-out policies ("AI services opt-out policy syntax and examples",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html); `default`
 * covers them all.
 * @public
 */
export const AI_OPT_OUT_SERVICES: readonly string[] = [
  'aidevops',
  'aiops',
  'awssupplychain',
  'chimesdkvoiceanalytics',
  'cloudwatch',
  'codeguruprofiler',
  'codewhisperer',
  'comprehend',
  'connectamazonq',
  'connectoptimization',
  'contactlens',
  'frauddetector',
  'guardduty',
  'lex',
  'polly',
  'quicksightq',
  'rekognition',
  'securitylake',
  'textract',
  'transcribe',
  'translate',
];

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

const INVOKE = 'bedrock:InvokeModel';
const APPLY = 'bedrock:ApplyGuardrail';
const MAX_LISTED = 5;

function list(items: string[], max = MAX_LISTED): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

interface Group {
  path: OrgNode[];
  accounts: OrgNode[];
}

/** Accounts grouped by their chain: the same ancestors and the same policies attached to the account itself. */
function groupAccounts(snapshot: OrgSnapshot): {
  groups: Group[];
  checked: number;
} {
  const byId = new Map(snapshot.nodes.map(n => [n.id, n]));
  const management = snapshot.organization.managementAccountId;
  const groups = new Map<string, Group>();
  let checked = 0;
  for (const node of snapshot.nodes) {
    if (node.kind !== 'account' || node.id === management) continue;
    if (node.state && node.state !== 'ACTIVE') continue;
    const path: OrgNode[] = [node];
    for (
      let p = node.parentId ? byId.get(node.parentId) : undefined;
      p && path.length <= 100;
      p = p.parentId ? byId.get(p.parentId) : undefined
    ) {
      path.unshift(p);
    }
    checked++;
    const key = `${path
      .slice(0, -1)
      .map(n => n.id)
      .join('/')}|${[...node.policyIds].sort().join(',')}`;
    const group = groups.get(key);
    if (group) group.accounts.push(node);
    else groups.set(key, { path, accounts: [node] });
  }
  return { groups: [...groups.values()], checked };
}

/** Policies of a type on a path whose content mentions a text (case-insensitive), as finding references. */
function policiesOnPath(
  path: OrgNode[],
  policies: Map<string, OrgPolicy>,
  type: PolicyType,
  mentions?: RegExp,
): PosturePolicyRef[] {
  const out: PosturePolicyRef[] = [];
  for (const node of path) {
    for (const id of node.policyIds) {
      const p = policies.get(id);
      if (!p || p.type !== type || p.awsManaged) continue;
      if (mentions && !mentions.test(p.content)) continue;
      out.push({
        id: p.id,
        name: p.name,
        type: p.type,
        node: { id: node.id, kind: node.kind, name: node.name },
      });
    }
  }
  return out;
}

function contributorsOf(
  contributors: Array<{ policyId: string; node: OrgNode }>,
  policies: Map<string, OrgPolicy>,
): PosturePolicyRef[] {
  return contributors.flatMap(({ policyId, node }) => {
    const p = policies.get(policyId);
    return p
      ? [
          {
            id: p.id,
            name: p.name,
            type: p.type,
            node: { id: node.id, kind: node.kind, name: node.name },
          },
        ]
      : [];
  });
}

const names = (refs: PosturePolicyRef[]) =>
  refs.map(r => `${r.name} (on ${r.node.name})`).join(', ');

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

/** One group's findings (accounts filled in by the caller). */
type Draft = Omit<PostureFinding, 'accountIds' | 'accountNames'>;

function draft(
  code: PostureCode,
  severity: PostureSeverity,
  message: string,
  fix: string,
  policies: PosturePolicyRef[],
  extra: Pick<PostureFinding, 'regions' | 'models' | 'services'> = {},
): Draft {
  return { code, severity, message, fix, policies, ...extra };
}

function assigned(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && '@@assign' in v)
    return (v as Record<string, unknown>)['@@assign'];
  return v;
}

/** The opt-out services the effective policy does not opt out of. */
function notOptedOut(document: unknown): string[] {
  const services =
    typeof document === 'object' && document !== null
      ? ((document as Record<string, unknown>).services as
          | Record<string, { opt_out_policy?: unknown }>
          | undefined)
      : undefined;
  const value = (key: string) => assigned(services?.[key]?.opt_out_policy);
  const fallback = value('default');
  return AI_OPT_OUT_SERVICES.filter(s => (value(s) ?? fallback) !== 'optOut');
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

function checkGroup(
  snapshot: OrgSnapshot,
  path: OrgNode[],
  account: OrgNode,
  policies: Map<string, OrgPolicy>,
  effective: EffectivePolicyFn,
  probe: {
    models: readonly string[];
    regions: readonly string[];
    management: string;
    evaluate: EvaluateOptions;
  },
): Draft[] {
  const out: Draft[] = [];
  // (d) AI services opt-out.
  const optOut = effective(snapshot, path, 'AISERVICES_OPT_OUT_POLICY');
  const missing = notOptedOut(optOut.document);
  if (missing.length) {
    const refs = contributorsOf(optOut.contributors, policies);
    out.push(
      draft(
        'POSTURE_AI_OPT_OUT_NOT_SET',
        'warning',
        refs.length
          ? `AI opt-out not set for ${list(
              missing,
            )}: the effective AI services opt-out policy (from ${names(
              refs,
            )}) does not assign optOut to ${
              missing.length === 1 ? 'it' : 'them'
            } or to default.`
          : `AI opt-out not set for any AI service: no AI services opt-out policy applies.`,
        refs.length
          ? `Assign optOut to default (or to ${list(missing)}) in ${
              refs[0].name
            }, and remove any optIn below it; lock it with "@@operators_allowed_for_child_policies": ["@@none"].`
          : 'Attach an AI services opt-out policy that assigns optOut to default at the root (the ai-opt-out guardrail pack).',
        refs,
        { services: missing },
      ),
    );
  }
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
      `arn:aws:bedrock:${region}:${probe.management}:guardrail/posture:1`;
    const ok = probe.models.filter(
      model =>
        simulate(
          snapshot,
          {
            target: account.id,
            action: INVOKE,
            resource: `arn:aws:bedrock:${region}::foundation-model/${model}`,
            context: {
              'aws:RequestedRegion': region,
              'bedrock:GuardrailIdentifier': guardrail,
            },
          },
          probe.evaluate,
        ).decision === 'Allowed',
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
