/**
 * The baseline plan: the changes, in the order an engine makes them, that bring a live organization to the baseline
 * (computed from the drift). The engines create and update, never delete: extra OUs, policies and attachments and
 * account placement are planned as `report`.
 */
import type { OrgModel } from '../orgModel/model';
import type { OrgSnapshot, PolicyType } from '../orgModel/types';
import { BaselineDriftKind, diffBaseline } from './baselineDrift';

/** What an engine does about one drift item. @public */
export type BaselineChangeAction =
  | 'enable-policy-type'
  | 'create-policy'
  | 'update-policy'
  | 'create-ou'
  | 'attach-policy'
  /** Reported only: the engines never delete, detach or move. */
  | 'report';

/** One planned change. @public */
export interface BaselineChange {
  action: BaselineChangeAction;
  /** The drift item behind the change. */
  drift: BaselineDriftKind;
  /** OU path (for create-ou, the OU to create; for attach-policy, the target). */
  path?: string;
  /** The live node's id, when it exists (an attachment to an existing account or OU). */
  nodeId?: string;
  policyName?: string;
  policyType?: PolicyType;
  /** For create-policy and update-policy: the document to store. */
  content?: string;
  description?: string;
  message: string;
}

const ACTION_ORDER: BaselineChangeAction[] = [
  'enable-policy-type',
  'create-policy',
  'update-policy',
  'create-ou',
  'attach-policy',
  'report',
];

/**
 * The changes that bring the live organization to the baseline, in the order an engine makes them: enable policy
 * types, create and update policies, create OUs (parents first), attach policies. Extra OUs and attachments and
 * account placement come last as `report`: the engines never delete, detach or move.
 * @public
 */
export function planBaseline(
  live: OrgSnapshot,
  model: OrgModel,
): BaselineChange[] {
  const drift = diffBaseline(live, model);
  const documents = new Map(model.spec.policies.map(p => [p.name, p]));
  const changes: BaselineChange[] = drift.items.map(item => {
    const base = {
      drift: item.kind,
      path: item.path,
      ...(item.nodeId ? { nodeId: item.nodeId } : {}),
      policyName: item.policyName,
      policyType: item.policyType,
    };
    switch (item.kind) {
      case 'policy-type-disabled':
        return {
          ...base,
          action: 'enable-policy-type',
          message: `Enable ${item.policyType} on the root.`,
        };
      case 'policy-missing': {
        const p = documents.get(item.policyName!)!;
        return {
          ...base,
          action: 'create-policy',
          content: p.document,
          description: p.description,
          message: `Create ${item.policyType} ${item.policyName}.`,
        };
      }
      case 'policy-changed': {
        const p = documents.get(item.policyName!)!;
        return {
          ...base,
          action: 'update-policy',
          content: p.document,
          description: p.description,
          message: `Update ${item.policyName} to the baseline's document.`,
        };
      }
      case 'ou-missing':
        return {
          ...base,
          action: 'create-ou',
          message: `Create OU ${item.path}.`,
        };
      case 'attachment-missing':
        return {
          ...base,
          action: 'attach-policy',
          message: `Attach ${item.policyName} to ${item.path}.`,
        };
      default:
        return {
          ...base,
          action: 'report',
          message: `${item.message} Not changed: the baseline engines never delete, detach or move.`,
        };
    }
  });
  return changes
    .map((change, i) => ({ change, i }))
    .sort(
      (a, b) =>
        ACTION_ORDER.indexOf(a.change.action) -
          ACTION_ORDER.indexOf(b.change.action) || a.i - b.i,
    )
    .map(({ change }) => change);
}
