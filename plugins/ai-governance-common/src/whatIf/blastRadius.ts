/**
 * The blast radius of one policy: where it is attached, what it reaches, and the what-if diff of detaching it.
 */
import type { OrgNode, OrgSnapshot } from '../orgModel/types';
import { indexSnapshot } from '../policy/evaluate/snapshotIndex';
import { PolicyEngineError } from '../policy/errors';
import type { WhatIfResult } from './types';
import { whatIf, WhatIfOptions } from './diff';

/** What one policy reaches, and what the accounts it reaches would be allowed without it. @public */
export interface BlastRadius {
  policyId: string;
  policyName: string;
  /** Nodes it is attached to. */
  attachedTo: Array<{ id: string; name: string; kind: OrgNode['kind'] }>;
  /** OUs (and the root) at or under an attachment. */
  ous: number;
  /** Accounts at or under an attachment. */
  accounts: number;
  /** The diff of detaching it everywhere: a gain here is what the policy currently prevents. */
  without: WhatIfResult;
}

/**
 * The blast radius of one policy: where it is attached, the OUs and accounts it reaches, and what those accounts
 * would be allowed (or denied) without it.
 * @public
 */
export function blastRadius(
  snapshot: OrgSnapshot,
  policyRef: string,
  options: WhatIfOptions = {},
): BlastRadius {
  const index = indexSnapshot(snapshot);
  const r = policyRef.trim();
  const policy =
    index.policies.get(r) ??
    snapshot.policies.find(p => p.name.toLowerCase() === r.toLowerCase());
  if (!policy)
    throw new PolicyEngineError(
      `No policy is named or numbered "${policyRef}".`,
    );
  const attached = snapshot.nodes.filter(n => n.policyIds.includes(policy.id));
  const ids = new Set(attached.map(n => n.id));
  const reached = snapshot.nodes.filter(n =>
    index.paths.get(n.id)!.some(p => ids.has(p.id)),
  );
  const without = whatIf(
    snapshot,
    {
      description: `Without ${policy.name}`,
      changes: attached.map(n => ({
        op: 'detach',
        policy: policy.id,
        target: n.id,
      })),
    },
    options,
  );
  return {
    policyId: policy.id,
    policyName: policy.name,
    attachedTo: attached.map(n => ({ id: n.id, name: n.name, kind: n.kind })),
    ous: reached.filter(n => n.kind !== 'account').length,
    accounts: reached.filter(n => n.kind === 'account').length,
    without,
  };
}
