/**
 * The AI posture the organization would have once the governance baseline is applied: the baseline plan as a change
 * set, applied to a copy of the live organization, then the posture check (checkAiPosture). `aigov baseline preview`
 * prints it; the portal's baseline preview (GET /drift/posture) shows it next to the effect on access.
 */
import type { BaselineChange } from '../guardrails/baselinePlan';
import type { OrgSnapshot } from '../orgModel/types';
import { checkAiPosture } from '../posture/check';
import type { PostureOptions } from '../posture/check';
import type { PostureReport } from '../posture/types';
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

/** The answer of `GET /drift/posture`. @public */
export interface BaselinePostureResponse {
  /** The baseline's name (its metadata.name). */
  baseline?: string;
  snapshotTime: string;
  /** Creates, updates and attachments the plan makes (reported differences not counted). */
  changes: number;
  /** The posture check of the organization after the baseline; every finding. */
  posture: PostureReport;
}
