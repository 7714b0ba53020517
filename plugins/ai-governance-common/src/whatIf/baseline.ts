/**
 * The what-if of applying the governance baseline: the baseline plan (enable policy types, create and update policies,
 * create OUs, attach policies; the engines never delete, detach or move) as a change set, and its effective diff, so
 * the baseline preview shows which accounts would gain or lose access next to the resource changes.
 */
import type { BaselineChange } from '../guardrails/baselinePlan';
import { planBaseline } from '../guardrails/baselinePlan';
import type { OrgModel } from '../orgModel/model';
import type { OrgNode, OrgSnapshot } from '../orgModel/types';
import { FULL_AWS_ACCESS_POLICY_ID } from '../orgModel/awsManaged';
import { createdOuId } from './apply';
import { previewWhatIf, WhatIfPreview, WhatIfPreviewOptions } from './preview';
import type { WhatIfChange, WhatIfChangeSet } from './types';

/** The path the baseline gives a node: `Root`, then the names below it (as baselineDrift names them). */
function livePaths(live: OrgSnapshot): Map<string, string> {
  const byId = new Map(live.nodes.map(n => [n.id, n]));
  const paths = new Map<string, string>();
  const pathOf = (n: OrgNode): string => {
    const known = paths.get(n.id);
    if (known) return known;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const path = parent ? `${pathOf(parent)}/${n.name}` : 'Root';
    paths.set(n.id, path);
    return path;
  };
  live.nodes.forEach(pathOf);
  const byPath = new Map<string, string>();
  for (const [id, path] of paths) if (!byPath.has(path)) byPath.set(path, id);
  return byPath;
}

/**
 * The baseline plan as a what-if change set: nodes by id (an OU the plan creates by the id the what-if gives it),
 * policies by name. Reported differences are left out, as the engines leave them alone; attaching FullAWSAccess to a
 * new OU is left out too, since AWS attaches it when the OU is created.
 * @public
 */
export function baselineChangeSet(
  live: OrgSnapshot,
  plan: BaselineChange[],
  baselineName = 'the governance baseline',
): WhatIfChangeSet {
  const byPath = livePaths(live);
  const root = live.nodes.find(n => n.kind === 'root');
  const livePolicy = (name?: string) =>
    live.policies.find(p => p.name === name);
  const createdOus = new Set<string>();
  const changes: WhatIfChange[] = [];
  for (const c of plan) {
    switch (c.action) {
      case 'enable-policy-type':
        changes.push({ op: 'enablePolicyType', type: c.policyType! });
        break;
      case 'create-policy':
        changes.push({
          op: 'create',
          name: c.policyName!,
          type: c.policyType,
          description: c.description,
          document: c.content!,
        });
        break;
      case 'update-policy':
        changes.push({
          op: 'edit',
          policy: livePolicy(c.policyName)?.id ?? c.policyName!,
          document: c.content!,
        });
        break;
      case 'create-ou': {
        const path = c.path!;
        const cut = path.lastIndexOf('/');
        const parent = byPath.get(path.slice(0, cut));
        if (!parent) break;
        byPath.set(path, createdOuId(root?.id, changes.length));
        createdOus.add(path);
        changes.push({
          op: 'createOu',
          name: path.slice(cut + 1),
          parent,
        });
        break;
      }
      case 'attach-policy': {
        const target = c.nodeId ?? byPath.get(c.path ?? '');
        if (!target) break;
        const policyId = livePolicy(c.policyName)?.id;
        if (
          createdOus.has(c.path ?? '') &&
          policyId === FULL_AWS_ACCESS_POLICY_ID
        )
          break;
        changes.push({
          op: 'attach',
          policy: policyId ?? c.policyName!,
          target,
        });
        break;
      }
      default:
        break;
    }
  }
  return { description: `Apply ${baselineName}`, changes };
}

/** The baseline plan and what applying it would do to every account's access. @public */
export interface BaselineWhatIf {
  plan: BaselineChange[];
  /** Undefined when the plan changes nothing (the organization matches the baseline, or only reports). */
  whatIf?: WhatIfPreview;
}

/** The answer of `GET /drift/what-if`. @public */
export interface BaselineWhatIfResponse {
  /** The baseline's name (its metadata.name). */
  baseline?: string;
  snapshotTime: string;
  /** Creates, updates and attachments the plan makes (reported differences not counted). */
  changes: number;
  /** Null when the plan changes nothing. */
  whatIf: WhatIfPreview | null;
}

/**
 * Plans the baseline against the live organization and previews the plan's effect on access.
 * @public
 */
export function baselineWhatIf(
  live: OrgSnapshot,
  model: OrgModel,
  options: WhatIfPreviewOptions = {},
): BaselineWhatIf {
  const plan = planBaseline(live, model);
  const changeSet = baselineChangeSet(
    live,
    plan,
    model.metadata?.name ? `baseline ${model.metadata.name}` : undefined,
  );
  if (!changeSet.changes.length) return { plan };
  return { plan, whatIf: previewWhatIf(live, changeSet, options) };
}
