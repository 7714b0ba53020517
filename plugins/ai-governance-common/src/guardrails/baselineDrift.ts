/**
 * Drift: where a live organization differs from the governance baseline. A pure function over an {@link OrgSnapshot}
 * and an {@link OrgModel}, so the backend, the frontend, the CLI and the engines all agree. OUs match by their path of
 * names from the root; policies by name. Extra OUs, policies and attachments are reported (the engines never delete).
 */
import { compileOrgModel } from '../orgModel/compileSnapshot';
import type { OrgModel } from '../orgModel/model';
import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '../orgModel/types';
import { samePolicyContent } from './policyContent';

/** One way the live organization differs from the baseline. @public */
export type BaselineDriftKind =
  | 'policy-type-disabled'
  | 'ou-missing'
  | 'ou-extra'
  | 'policy-missing'
  | 'policy-changed'
  | 'attachment-missing'
  | 'attachment-extra'
  | 'account-missing'
  | 'account-misplaced';

/** @public */
export interface BaselineDriftItem {
  kind: BaselineDriftKind;
  /** The node concerned as a path of names from the root: `Root`, `Root/AI/Production`. */
  path?: string;
  /** The live node's id, when it exists. */
  nodeId?: string;
  policyName?: string;
  policyType?: PolicyType;
  /** The live policy's id, when it exists. */
  policyId?: string;
  /** One sentence for people. */
  message: string;
}

/** `GET /drift` and `diffBaseline`'s result. @public */
export interface BaselineDrift {
  inSync: boolean;
  items: BaselineDriftItem[];
  /** The baseline's name (its metadata.name), when it has one. */
  baseline?: string;
  /** ISO time of the live snapshot compared. */
  snapshotTime: string;
}

const ROOT_PATH = 'Root';

interface Indexed {
  byPath: Map<string, OrgNode>;
  pathOf: Map<string, string>;
  policiesById: Map<string, OrgPolicy>;
  policiesByName: Map<string, OrgPolicy>;
  root?: OrgNode;
}

function index(snapshot: OrgSnapshot): Indexed {
  const byId = new Map(snapshot.nodes.map(n => [n.id, n]));
  const pathOf = new Map<string, string>();
  const compute = (node: OrgNode): string => {
    const known = pathOf.get(node.id);
    if (known) return known;
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const path = parent ? `${compute(parent)}/${node.name}` : ROOT_PATH;
    pathOf.set(node.id, path);
    return path;
  };
  const byPath = new Map<string, OrgNode>();
  for (const node of snapshot.nodes) {
    if (node.kind === 'account') continue;
    byPath.set(compute(node), node);
  }
  for (const node of snapshot.nodes) compute(node);
  return {
    byPath,
    pathOf,
    policiesById: new Map(snapshot.policies.map(p => [p.id, p])),
    policiesByName: new Map(snapshot.policies.map(p => [p.name, p])),
    root: snapshot.nodes.find(n => n.kind === 'root'),
  };
}

function attachedNames(
  node: OrgNode,
  policies: Map<string, OrgPolicy>,
): Map<string, OrgPolicy> {
  const out = new Map<string, OrgPolicy>();
  for (const id of node.policyIds) {
    const policy = policies.get(id);
    if (policy) out.set(policy.name, policy);
  }
  return out;
}

/**
 * Where the live organization differs from the baseline model. Accounts count only when the model declares them
 * (a baseline without accounts says nothing about the accounts vended into its OUs); the management account is
 * left out, as SCPs do not apply to it. Likewise a baseline governs only the policy types it enables: policies of
 * other types attached in the organization (a tag policy next to an SCP-only baseline) are not drift.
 * @public
 */
export function diffBaseline(
  live: OrgSnapshot,
  model: OrgModel,
): BaselineDrift {
  const desired = compileOrgModel(model, { capturedAt: live.capturedAt });
  const want = index(desired);
  const have = index(live);
  const items: BaselineDriftItem[] = [];
  const managementId = desired.organization.managementAccountId;

  // Policy types.
  const governed = new Set<PolicyType>(model.spec.enabledPolicyTypes);
  const haveTypes = new Set(have.root?.enabledPolicyTypes ?? []);
  for (const type of model.spec.enabledPolicyTypes) {
    if (!haveTypes.has(type)) {
      items.push({
        kind: 'policy-type-disabled',
        path: ROOT_PATH,
        nodeId: have.root?.id,
        policyType: type,
        message: `Policy type ${type} is not enabled on the root.`,
      });
    }
  }

  // Policies (customer managed only; AWS-managed ones exist wherever their type is enabled).
  for (const policy of desired.policies) {
    if (policy.awsManaged) continue;
    const current = have.policiesByName.get(policy.name);
    if (!current || current.type !== policy.type) {
      items.push({
        kind: 'policy-missing',
        policyName: policy.name,
        policyType: policy.type,
        message: `Policy ${policy.name} (${policy.type}) does not exist.`,
      });
    } else if (!samePolicyContent(current.content, policy.content)) {
      items.push({
        kind: 'policy-changed',
        policyName: policy.name,
        policyType: policy.type,
        policyId: current.id,
        message: `Policy ${policy.name} differs from the baseline's document.`,
      });
    }
  }

  // OUs and their attachments, parents first (the compiled snapshot is breadth-first).
  for (const node of desired.nodes) {
    if (node.kind === 'account') continue;
    const path = want.pathOf.get(node.id)!;
    const current = have.byPath.get(path);
    if (!current) {
      items.push({
        kind: 'ou-missing',
        path,
        message: `OU ${path} does not exist.`,
      });
      // AWS attaches the type's default (FullAWSAccess…) to every new OU by itself.
      for (const policy of attachedNames(node, want.policiesById).values()) {
        if (policy.awsManaged) continue;
        items.push({
          kind: 'attachment-missing',
          path,
          policyName: policy.name,
          policyType: policy.type,
          message: `${policy.name} is not attached to ${path}.`,
        });
      }
      continue;
    }
    diffAttachments(node, current, path, want, have, items, governed);
  }

  // Extra OUs: live OUs under a baseline OU that the baseline does not declare (reported, never removed).
  for (const [path, node] of have.byPath) {
    if (node.kind !== 'ou' || want.byPath.has(path)) continue;
    const parentPath = path.slice(0, path.lastIndexOf('/'));
    if (!want.byPath.has(parentPath)) continue; // reported once, at the topmost extra OU
    items.push({
      kind: 'ou-extra',
      path,
      nodeId: node.id,
      message: `OU ${path} is not in the baseline.`,
    });
  }

  // Accounts the model declares.
  const liveAccounts = live.nodes.filter(n => n.kind === 'account');
  for (const account of desired.nodes) {
    if (account.kind !== 'account' || account.id === managementId) continue;
    const declaredPath = want.pathOf.get(account.parentId!)!;
    const match =
      liveAccounts.find(a => a.id === account.id) ??
      liveAccounts.find(a => a.name === account.name);
    const path = `${declaredPath}/${account.name}`;
    if (!match) {
      items.push({
        kind: 'account-missing',
        path,
        message: `Account ${account.name} is not in the organization (vend it into ${declaredPath}).`,
      });
      continue;
    }
    const livePath = have.pathOf.get(match.parentId ?? '') ?? '';
    if (livePath !== declaredPath) {
      items.push({
        kind: 'account-misplaced',
        path,
        nodeId: match.id,
        message: `Account ${account.name} is in ${
          livePath || 'an unknown parent'
        }, not in ${declaredPath}.`,
      });
    }
    diffAttachments(account, match, path, want, have, items, governed);
  }

  return {
    inSync: items.length === 0,
    items,
    baseline: model.metadata?.name,
    snapshotTime: live.capturedAt,
  };
}

function diffAttachments(
  node: OrgNode,
  current: OrgNode,
  path: string,
  want: Indexed,
  have: Indexed,
  items: BaselineDriftItem[],
  governed: ReadonlySet<PolicyType>,
) {
  const wanted = attachedNames(node, want.policiesById);
  const attached = attachedNames(current, have.policiesById);
  for (const policy of wanted.values()) {
    if (!attached.has(policy.name)) {
      items.push({
        kind: 'attachment-missing',
        path,
        nodeId: current.id,
        policyName: policy.name,
        policyType: policy.type,
        message: `${policy.name} is not attached to ${path}.`,
      });
    }
  }
  for (const policy of attached.values()) {
    if (!wanted.has(policy.name) && governed.has(policy.type)) {
      items.push({
        kind: 'attachment-extra',
        path,
        nodeId: current.id,
        policyName: policy.name,
        policyType: policy.type,
        policyId: policy.id,
        message: `${policy.name} is attached to ${path} but not in the baseline.`,
      });
    }
  }
}
