/* The "What if?" form as data: which change it proposes, the choices each field offers, and what is missing. */
import type {
  OrgNode,
  PolicySummary,
  TreeResponse,
  WhatIfChange,
} from '@internal/plugin-ai-governance-common';

/** The changes the form proposes. */
export type WhatIfOp = 'edit' | 'attach' | 'detach' | 'move';

export const WHAT_IF_OPS: Array<{ op: WhatIfOp; label: string }> = [
  { op: 'edit', label: 'Edit a policy' },
  { op: 'attach', label: 'Attach a policy' },
  { op: 'detach', label: 'Detach a policy' },
  { op: 'move', label: 'Move an account' },
];

export interface WhatIfFormState {
  op: WhatIfOp;
  policyId?: string;
  /** attach/detach: the node; move: the destination. */
  targetId?: string;
  /** move: the account. */
  accountId?: string;
  /** edit: the proposed document. */
  document?: string;
}

/** The policy types the what-if evaluates (SCPs and RCPs); other types change no request's verdict. */
const EVALUATED = new Set([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
]);

export interface Choice {
  id: string;
  label: string;
}

/** "Root / AI / Production" for a node. */
export function nodePath(tree: TreeResponse, id: string): string {
  const byId = new Map(tree.nodes.map(n => [n.id, n]));
  const names: string[] = [];
  for (
    let n: OrgNode | undefined = byId.get(id);
    n;
    n = n.parentId ? byId.get(n.parentId) : undefined
  )
    names.unshift(n.name);
  return names.join(' / ');
}

function policyChoice(p: PolicySummary): Choice {
  return {
    id: p.id,
    label: `${p.name} (${p.type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'})`,
  };
}

/** The policies the form offers for an operation: SCPs and RCPs; for an edit, only the customer-managed ones. */
export function policyChoices(tree: TreeResponse, op: WhatIfOp): Choice[] {
  return tree.policies
    .filter(p => EVALUATED.has(p.type) && (op !== 'edit' || !p.awsManaged))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(policyChoice);
}

/** The nodes offered as the target: where the policy is not attached (attach), or is (detach); OUs and the root (move). */
export function targetChoices(
  tree: TreeResponse,
  state: WhatIfFormState,
): Choice[] {
  let nodes: OrgNode[];
  if (state.op === 'move') {
    const account = tree.nodes.find(n => n.id === state.accountId);
    nodes = tree.nodes.filter(
      n => n.kind !== 'account' && n.id !== account?.parentId,
    );
  } else if (state.op === 'attach' || state.op === 'detach') {
    if (!state.policyId) return [];
    const attached = state.op === 'detach';
    nodes = tree.nodes.filter(
      n => n.policyIds.includes(state.policyId!) === attached,
    );
  } else {
    return [];
  }
  return nodes
    .map(n => ({ id: n.id, label: nodePath(tree, n.id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function accountChoices(tree: TreeResponse): Choice[] {
  return tree.nodes
    .filter(n => n.kind === 'account')
    .map(n => ({ id: n.id, label: `${n.name} (${n.id})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The change the form proposes, or what is missing (in words) before it can be previewed. */
export function toChange(
  state: WhatIfFormState,
): { change: WhatIfChange } | { missing: string } {
  switch (state.op) {
    case 'edit':
      if (!state.policyId) return { missing: 'Pick the policy to edit.' };
      if (!state.document?.trim())
        return { missing: 'Write the proposed policy document.' };
      try {
        JSON.parse(state.document);
      } catch (e) {
        return {
          missing: `The proposed document is not JSON: ${(e as Error).message}`,
        };
      }
      return {
        change: {
          op: 'edit',
          policy: state.policyId,
          document: state.document,
        },
      };
    case 'attach':
    case 'detach':
      if (!state.policyId)
        return { missing: `Pick the policy to ${state.op}.` };
      if (!state.targetId)
        return {
          missing: `Pick where to ${state.op} it ${
            state.op === 'attach' ? 'to' : 'from'
          }.`,
        };
      return {
        change: {
          op: state.op,
          policy: state.policyId,
          target: state.targetId,
        },
      };
    case 'move':
      if (!state.accountId) return { missing: 'Pick the account to move.' };
      if (!state.targetId) return { missing: 'Pick the OU to move it to.' };
      return {
        change: { op: 'move', account: state.accountId, to: state.targetId },
      };
    default:
      return { missing: 'Pick what to change.' };
  }
}
