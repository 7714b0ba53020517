/**
 * The AI posture the organization would have once the governance baseline is applied: the baseline plan as a change
 * set, applied to a copy of the live organization, then the posture check (checkAiPosture). `aigov baseline preview`
 * prints it; the portal's baseline preview (GET /drift/posture) shows it next to the effect on access.
 */
import type { BaselineChange } from '../guardrails/baselinePlan';
import type { OrgSnapshot } from '../orgModel/types';
import { checkAiPosture } from '../posture/check';
import type { PostureOptions } from '../posture/check';
import type { PostureFinding, PostureReport } from '../posture/types';
import { applyChangeSet } from './apply';
import { baselineChangeSet } from './baseline';

/** The organization as the baseline plan would leave it (the live one when the plan changes nothing). @public */
export function baselineSnapshot(
  live: OrgSnapshot,
  plan: BaselineChange[],
  baselineName?: string,
): OrgSnapshot {
  const changeSet = baselineChangeSet(
    live,
    plan,
    baselineName ? `baseline ${baselineName}` : undefined,
  );
  return changeSet.changes.length
    ? applyChangeSet(live, changeSet.changes).after
    : live;
}

/** The policy documents a caller's IAM catalog must know the services of: the live ones and the plan's. @public */
export function baselineDocuments(
  live: OrgSnapshot,
  plan: BaselineChange[],
): string[] {
  return [
    ...live.policies.map(p => p.content),
    ...plan.flatMap(c => (c.content ? [c.content] : [])),
  ];
}

/** Options of baselinePosture. @public */
export interface BaselinePostureOptions extends PostureOptions {
  /** The baseline's name, for the change set's description. */
  baselineName?: string;
}

/**
 * The posture check of the organization as the baseline plan would leave it.
 * @public
 */
export function baselinePosture(
  live: OrgSnapshot,
  plan: BaselineChange[],
  options: BaselinePostureOptions = {},
): PostureReport {
  const { baselineName, ...postureOptions } = options;
  return checkAiPosture(
    baselineSnapshot(live, plan, baselineName),
    postureOptions,
  );
}

/**
 * What a finding is about, whatever its wording: its code, accounts, Regions, models and services. The message names
 * policies, which the baseline may rename or create, so it is left out.
 */
function findingKey(f: PostureFinding): string {
  const sorted = (xs?: string[]) => [...(xs ?? [])].sort().join(',');
  return [
    f.code,
    sorted(f.accountIds),
    sorted(f.regions),
    sorted(f.models),
    sorted(f.services),
  ].join('|');
}

/** How the posture after the baseline differs from the posture now. @public */
export interface PostureComparison {
  /** Indexes (in `after.findings`) of the findings the organization does not have now: the baseline brings them. */
  introduced: number[];
  /** Findings the organization has now that the baseline would clear. */
  resolved: PostureFinding[];
}

/**
 * Compares two posture reports finding by finding (same code, accounts, Regions, models and services); a finding
 * whose accounts or Regions change counts as resolved and introduced.
 * @public
 */
export function comparePosture(
  before: PostureReport,
  after: PostureReport,
): PostureComparison {
  const beforeKeys = new Set(before.findings.map(findingKey));
  const afterKeys = new Set(after.findings.map(findingKey));
  return {
    introduced: after.findings.flatMap((f, i) =>
      beforeKeys.has(findingKey(f)) ? [] : [i],
    ),
    resolved: before.findings.filter(f => !afterKeys.has(findingKey(f))),
  };
}

/** The answer of `GET /drift/posture`. @public */
export interface BaselinePostureResponse extends PostureComparison {
  /** The baseline's name (its metadata.name). */
  baseline?: string;
  snapshotTime: string;
  /** Creates, updates and attachments the plan makes (reported differences not counted). */
  changes: number;
  /** The posture check of the organization after the baseline; every finding. */
  posture: PostureReport;
  /** How many findings the organization has now. */
  findingsNow: number;
}
