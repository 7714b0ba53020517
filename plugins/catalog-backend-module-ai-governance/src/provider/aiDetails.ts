/**
 * The AI details the provider writes on entities besides the posture verdict (docs/catalog.md, "AI details"), computed
 * in the module from the snapshot with its policies' content, using the common package's engine:
 *
 * - per active member account: the guardrail packs with a policy on its path, the Bedrock models its SCPs and RCPs let
 *   it invoke (the evaluator's simulate on `bedrock:InvokeModel` per model and Region, as the posture check probes),
 *   the Regions where it may invoke any of them (its region lock), the guardrails its effective Amazon Bedrock policy
 *   enforces per Region, and the AI services its effective AI services opt-out policy leaves opted in;
 * - per policy: the plain-language summary (common's summarizePolicy), so the catalog's search finds a policy by what
 *   it does.
 *
 * Accounts with the same policies on every level of their path get the same answer, so each distinct chain is
 * evaluated once. Pure and deterministic; never throws on policy content (unreadable policies count as absent, as in
 * the posture check).
 */
import {
  AI_OPT_OUT_SERVICES,
  BEDROCK_MODELS,
  BEDROCK_REGIONS,
  computeEffectivePolicy,
  type OrgNode,
  type OrgPolicy,
  type OrgSnapshot,
  type PlainLanguageSummary,
  type PolicyType,
  mayInvokeModel,
  pathFromRoot,
  readBedrockEnforcements,
  standInGuardrail,
  summarizePolicy,
} from '@internal/plugin-ai-governance-common';

/** What one active member account may do with AI services, as its policies say. @public */
export interface AccountAiDetails {
  /** Guardrail packs with at least one policy on the account's path; undefined when the packs are not known. */
  guardrailPacks?: string[];
  /** Bedrock models its SCPs and RCPs let it invoke in at least one Region (sorted). */
  bedrockModels: string[];
  /** How many models were probed. */
  modelsProbed: number;
  /** Regions where it may invoke at least one model (sorted). */
  bedrockRegions: string[];
  /** How many Regions were probed. */
  regionsProbed: number;
  /** The effective Bedrock policy's guardrail per Region: `us-east-1=<guardrail id>:<version>`, sorted. */
  bedrockGuardrails: string[];
  /** AI services the effective opt-out policy does not opt out of (of AI_OPT_OUT_SERVICES). */
  aiOptInServices: string[];
}

/** Options of computeAiDetails. @public */
export interface AiDetailsOptions {
  /** Policy name to guardrail pack name (the packs' policy names); without it, no pack details. */
  packPolicies?: ReadonlyMap<string, string>;
  /** Models and Regions to probe; default: the shipped model list and BEDROCK_REGIONS. */
  models?: readonly string[];
  regions?: readonly string[];
}

/** The packs with a policy attached somewhere on the path, sorted. */
export function packsOnPath(
  path: OrgNode[],
  policies: ReadonlyMap<string, Pick<OrgPolicy, 'name' | 'awsManaged'>>,
  packPolicies: ReadonlyMap<string, string>,
): string[] {
  const packs = new Set<string>();
  for (const node of path) {
    for (const id of node.policyIds ?? []) {
      const p = policies.get(id);
      const pack = p && !p.awsManaged ? packPolicies.get(p.name) : undefined;
      if (pack) packs.add(pack);
    }
  }
  return [...packs].sort();
}

function effectiveDocument(
  path: OrgNode[],
  policies: ReadonlyMap<string, OrgPolicy>,
  type: PolicyType,
): unknown {
  return computeEffectivePolicy(
    path.map(node => ({
      nodeId: node.id,
      nodeName: node.name,
      policies: (node.policyIds ?? []).flatMap(id => {
        const p = policies.get(id);
        return p && p.type === type ? [p] : [];
      }),
    })),
    type,
  ).effective;
}

/** The services an effective AI opt-out document does not opt out of (`default` covers the rest). */
function optedIn(document: unknown): string[] {
  const services = (document as { services?: Record<string, unknown> })
    ?.services;
  const value = (key: string) => {
    const entry = services?.[key] as { opt_out_policy?: unknown } | undefined;
    const v = entry?.opt_out_policy;
    return typeof v === 'object' && v !== null && '@@assign' in v
      ? (v as Record<string, unknown>)['@@assign']
      : v;
  };
  const fallback = value('default');
  return AI_OPT_OUT_SERVICES.filter(s => (value(s) ?? fallback) !== 'optOut');
}

/**
 * The AI details of every active member account (not the management account, not suspended or closed ones), by
 * account id. The snapshot's policies must carry their content.
 * @public
 */
export function computeAiDetails(
  snapshot: OrgSnapshot,
  options: AiDetailsOptions = {},
): Map<string, AccountAiDetails> {
  const steps = aiDetailsSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * computeAiDetails, giving the event loop a turn after every distinct chain evaluated: a large organization costs
 * seconds of evaluation (5,000 accounts under 400 OUs: about 8 s on a small machine), which must not stall the
 * catalog backend's other work.
 * @public
 */
export async function computeAiDetailsYielding(
  snapshot: OrgSnapshot,
  options: AiDetailsOptions = {},
): Promise<Map<string, AccountAiDetails>> {
  const steps = aiDetailsSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise(resolve => setImmediate(resolve));
  }
}

/** The computation, yielding after each distinct chain. */
function* aiDetailsSteps(
  snapshot: OrgSnapshot,
  options: AiDetailsOptions,
): Generator<void, Map<string, AccountAiDetails>> {
  const models = options.models ?? BEDROCK_MODELS.map(m => m.id);
  const regions = options.regions ?? BEDROCK_REGIONS;
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const byId = new Map(snapshot.nodes.map(n => [n.id, n]));
  const management = snapshot.organization.managementAccountId;
  const byChain = new Map<string, Omit<AccountAiDetails, 'guardrailPacks'>>();
  const out = new Map<string, AccountAiDetails>();
  for (const account of snapshot.nodes) {
    if (account.kind !== 'account' || account.id === management) continue;
    if (account.state && account.state !== 'ACTIVE') continue;
    const path = pathFromRoot(account, byId);
    const key = `${path
      .slice(0, -1)
      .map(n => n.id)
      .join('/')}|${[...(account.policyIds ?? [])].sort().join(',')}`;
    let details = byChain.get(key);
    if (!details) {
      details = chainDetails(snapshot, path, account, policies, {
        models,
        regions,
        management,
      });
      byChain.set(key, details);
      yield;
    }
    out.set(account.id, {
      ...details,
      ...(options.packPolicies
        ? {
            guardrailPacks: packsOnPath(path, policies, options.packPolicies),
          }
        : {}),
    });
  }
  return out;
}

function chainDetails(
  snapshot: OrgSnapshot,
  path: OrgNode[],
  account: OrgNode,
  policies: ReadonlyMap<string, OrgPolicy>,
  probe: {
    models: readonly string[];
    regions: readonly string[];
    management: string;
  },
): Omit<AccountAiDetails, 'guardrailPacks'> {
  const enforcements = readBedrockEnforcements(
    effectiveDocument(path, policies, 'BEDROCK_POLICY'),
  );
  const guardrailIn = new Map<string, string>();
  for (const e of enforcements) {
    if (e.guardrail && !guardrailIn.has(e.region))
      guardrailIn.set(e.region, e.guardrail.arn);
  }
  const bedrockGuardrails = [
    ...new Set(
      enforcements.map(
        e =>
          `${e.region}=${
            e.guardrail
              ? `${e.guardrail.guardrailId}${
                  e.guardrail.version ? `:${e.guardrail.version}` : ''
                }`
              : e.identifier ?? '(none)'
          }`,
      ),
    ),
  ].sort();
  const allowedModels = new Set<string>();
  const allowedRegions: string[] = [];
  for (const region of probe.regions) {
    // As the posture check probes: with the guardrail the effective Bedrock policy enforces there (or a stand-in of
    // the management account), so an SCP that requires a guardrail does not hide the models it allows.
    const guardrail =
      guardrailIn.get(region) ?? standInGuardrail(region, probe.management);
    let any = false;
    for (const model of probe.models) {
      if (
        mayInvokeModel(snapshot, {
          accountId: account.id,
          region,
          model,
          guardrail,
        })
      ) {
        allowedModels.add(model);
        any = true;
      }
    }
    if (any) allowedRegions.push(region);
  }
  return {
    bedrockModels: [...allowedModels].sort(),
    modelsProbed: probe.models.length,
    bedrockRegions: allowedRegions.sort(),
    regionsProbed: probe.regions.length,
    bedrockGuardrails,
    aiOptInServices: optedIn(
      effectiveDocument(path, policies, 'AISERVICES_OPT_OUT_POLICY'),
    ),
  };
}

/** `a,b,c +4 more`: the first `max` items, comma-separated, and how many are left out. */
export function compactList(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(',');
  return `${items.slice(0, max).join(',')} +${items.length - max} more`;
}

/**
 * The plain-language summary of a policy where it is attached: SCPs are told whether FullAWSAccess sits next to them
 * on every target (an allow-list there does nothing), and every sentence names the targets.
 * @public
 */
export function summarizeAttachedPolicy(
  policy: Pick<OrgPolicy, 'type' | 'content'>,
  targets: ReadonlyArray<Pick<OrgNode, 'policyIds'>>,
  targetNames: string[],
): PlainLanguageSummary {
  let alongsideFullAwsAccess: boolean | undefined;
  if (policy.type === 'SERVICE_CONTROL_POLICY' && targets.length > 0) {
    alongsideFullAwsAccess = targets.every(t =>
      (t.policyIds ?? []).includes('p-FullAWSAccess'),
    );
  }
  return summarizePolicy(policy.content, {
    type: policy.type,
    alongsideFullAwsAccess,
    attachedTo: targetNames.length ? targetNames : undefined,
  });
}

/** A summary as one paragraph: the headline, then every sentence. */
export function summaryParagraph(summary: PlainLanguageSummary): string {
  return [summary.headline, ...summary.sentences.map(s => s.text)].join(' ');
}
