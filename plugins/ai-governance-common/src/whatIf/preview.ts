/**
 * A what-if answer sized for a screen or an HTTP response: the diff with its long lists cut (saying by how much),
 * plus the plain-language summary of every policy document the change set edits or creates, before and after.
 */
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../orgModel/types';
import { FULL_AWS_ACCESS_POLICY_ID } from '../orgModel/awsManaged';
import { summarizePolicy } from '../summary/summarize';
import type { PlainLanguageSummary } from '../summary/types';
import { applyChangeSet } from './apply';
import { whatIf, WhatIfOptions } from './diff';
import type {
  WhatIfAccountChange,
  WhatIfChangeSet,
  WhatIfGroup,
  WhatIfResult,
} from './types';

/** How long each list of a preview may be. @public */
export interface WhatIfPreviewLimits {
  /** Account-level changes kept (default 200). */
  maxChanges?: number;
  /** OU groups kept (default 100). */
  maxGroups?: number;
  /** Accounts listed in each group (default 50). */
  maxAccountsPerGroup?: number;
}

/** The plain-language summary of a policy the change set edits or creates. @public */
export interface WhatIfPolicySummary {
  change: 'edit' | 'create';
  policyName: string;
  /** Set for an edit (a created policy has no id yet). */
  policyId?: string;
  /** The document as it is now (edits only). */
  before?: PlainLanguageSummary;
  /** The document as proposed. */
  after: PlainLanguageSummary;
}

/** An OU group of a preview: its account list may be cut. @public */
export interface WhatIfPreviewGroup extends WhatIfGroup {
  /** Accounts of the group left out of `accounts`. */
  moreAccounts?: number;
}

/** A what-if answer sized for a screen; `totals` has the full counts of the lists that were cut. @public */
export interface WhatIfPreview extends WhatIfResult {
  groups: WhatIfPreviewGroup[];
  policySummaries: WhatIfPolicySummary[];
  totals: {
    changes: number;
    groups: number;
    accountsGaining: number;
    accountsLosing: number;
  };
  /** Whether any list was cut. */
  truncated: boolean;
}

/** Options of previewWhatIf. @public */
export interface WhatIfPreviewOptions extends WhatIfOptions {
  limits?: WhatIfPreviewLimits;
}

/** Whether FullAWSAccess sits next to the policy at every attachment (true), at none (false), or at some. */
function alongsideFullAccess(
  policy: OrgPolicy,
  nodes: OrgNode[],
): boolean | undefined {
  if (policy.type !== 'SERVICE_CONTROL_POLICY') return undefined;
  const at = nodes.filter(n => n.policyIds.includes(policy.id));
  if (!at.length) return undefined;
  const withFull = at.filter(n =>
    n.policyIds.includes(FULL_AWS_ACCESS_POLICY_ID),
  ).length;
  if (withFull === at.length) return true;
  return withFull === 0 ? false : undefined;
}

function summarizeIn(
  policy: OrgPolicy,
  content: string,
  snapshot: OrgSnapshot,
): PlainLanguageSummary {
  return summarizePolicy(content, {
    type: policy.type,
    attachedTo: snapshot.nodes
      .filter(n => n.policyIds.includes(policy.id))
      .map(n => n.name),
    alongsideFullAwsAccess: alongsideFullAccess(policy, snapshot.nodes),
  });
}

/** The summaries of the documents a change set edits or creates, each as it would read where it is attached after. */
export function summarizeChangedPolicies(
  before: OrgSnapshot,
  changeSet: WhatIfChangeSet,
): WhatIfPolicySummary[] {
  const { after } = applyChangeSet(before, changeSet.changes);
  const out: WhatIfPolicySummary[] = [];
  const seen = new Set<string>();
  for (const change of changeSet.changes) {
    if (change.op !== 'edit' && change.op !== 'create') continue;
    const ref = change.op === 'edit' ? change.policy : change.name;
    const r = String(ref).trim().toLowerCase();
    const policy =
      after.policies.find(p => p.id === ref) ??
      after.policies.find(p => p.name.toLowerCase() === r);
    if (!policy || seen.has(policy.id)) continue;
    seen.add(policy.id);
    const old =
      change.op === 'edit'
        ? before.policies.find(p => p.id === policy.id)
        : undefined;
    out.push({
      change: change.op,
      policyName: policy.name,
      ...(old ? { policyId: old.id } : {}),
      ...(old ? { before: summarizeIn(old, old.content, before) } : {}),
      after: summarizeIn(policy, policy.content, after),
    });
  }
  return out;
}

/** Cuts a diff's lists to the limits, keeping the dangerous groups (the diff sorts them first). */
export function boundWhatIfResult(
  result: WhatIfResult,
  limits: WhatIfPreviewLimits = {},
): Omit<WhatIfPreview, 'policySummaries'> {
  const maxChanges = limits.maxChanges ?? 200;
  const maxGroups = limits.maxGroups ?? 100;
  const maxAccounts = limits.maxAccountsPerGroup ?? 50;
  const accountsGoing = (dir: WhatIfAccountChange['direction']) =>
    new Set(
      result.changes.filter(c => c.direction === dir).map(c => c.accountId),
    ).size;
  let truncated =
    result.changes.length > maxChanges || result.groups.length > maxGroups;
  const groups = result.groups.slice(0, maxGroups).map(g => {
    if (g.accounts.length <= maxAccounts) return g;
    truncated = true;
    return {
      ...g,
      accounts: g.accounts.slice(0, maxAccounts),
      moreAccounts: g.accounts.length - maxAccounts,
    };
  });
  return {
    ...result,
    changes: result.changes.slice(0, maxChanges),
    groups,
    totals: {
      changes: result.changes.length,
      groups: result.groups.length,
      accountsGaining: accountsGoing('gains'),
      accountsLosing: accountsGoing('loses'),
    },
    truncated,
  };
}

/**
 * The what-if of a change set as a screen shows it: the diff (lists cut to `limits`) and the plain-language summaries
 * of the documents it edits or creates. Throws PolicyEngineError when a change cannot apply.
 * @public
 */
export function previewWhatIf(
  snapshot: OrgSnapshot,
  changeSet: WhatIfChangeSet,
  options: WhatIfPreviewOptions = {},
): WhatIfPreview {
  const { limits, ...whatIfOptions } = options;
  const result = whatIf(snapshot, changeSet, whatIfOptions);
  return {
    ...boundWhatIfResult(result, limits),
    policySummaries: summarizeChangedPolicies(snapshot, changeSet),
  };
}
