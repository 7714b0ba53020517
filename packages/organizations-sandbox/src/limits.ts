/**
 * The quotas the sandbox enforces: {@link SandboxLimits} as callers give them, resolved to AWS's defaults where unset.
 */
import {
  MAX_OU_DEPTH,
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
} from '@internal/plugin-ai-governance-common';
import type { PolicyType } from '@internal/plugin-ai-governance-common';

/** Quotas the sandbox enforces; AWS's defaults unless set. @public */
export interface SandboxLimits {
  /** Per policy type: most policies of the type attached directly to one target. */
  maxAttachmentsPerTarget?: Partial<Record<PolicyType, number>>;
  /** Per policy type: largest document, in characters as sent (whitespace included, as AWS counts it for API callers). */
  maxPolicySize?: Partial<Record<PolicyType, number>>;
  /** Most accounts in the organization (CreateAccount fails with ACCOUNT_LIMIT_EXCEEDED beyond). Default 10,000. */
  maxAccounts?: number;
  /** Most OUs. Default 2,000. */
  maxOrganizationalUnits?: number;
  /** Per policy type: most customer-managed policies of the type in the organization (AWS: SCPs 10,000, others 1,000). */
  maxPoliciesPerType?: Partial<Record<PolicyType, number>>;
  /** Most CreateAccount requests in progress at once. Default 5. */
  maxCreateAccountInProgress?: number;
  /** Deepest OU nesting under the root. Default 5. */
  maxOuDepth?: number;
}

/** Every quota, with a value for every policy type. */
export type ResolvedLimits = Required<
  Omit<
    SandboxLimits,
    'maxAttachmentsPerTarget' | 'maxPolicySize' | 'maxPoliciesPerType'
  >
> & {
  maxAttachmentsPerTarget: Record<PolicyType, number>;
  maxPolicySize: Record<PolicyType, number>;
  maxPoliciesPerType: Record<PolicyType, number>;
};

/** Fills in AWS's default for every quota not set. */
export function resolveLimits(l: SandboxLimits = {}): ResolvedLimits {
  const maxAttachmentsPerTarget = {} as Record<PolicyType, number>;
  const maxPolicySize = {} as Record<PolicyType, number>;
  const maxPoliciesPerType = {} as Record<PolicyType, number>;
  for (const t of POLICY_TYPES) {
    const facts = POLICY_TYPE_FACTS[t];
    maxAttachmentsPerTarget[t] =
      l.maxAttachmentsPerTarget?.[t] ?? facts.maxAttachmentsPerTarget;
    maxPolicySize[t] = l.maxPolicySize?.[t] ?? facts.maxSize;
    maxPoliciesPerType[t] =
      l.maxPoliciesPerType?.[t] ?? facts.maxPoliciesPerOrganization;
  }
  return {
    maxAccounts: l.maxAccounts ?? 10000,
    maxOrganizationalUnits: l.maxOrganizationalUnits ?? 2000,
    maxPoliciesPerType,
    maxCreateAccountInProgress: l.maxCreateAccountInProgress ?? 5,
    maxOuDepth: l.maxOuDepth ?? MAX_OU_DEPTH,
    maxAttachmentsPerTarget,
    maxPolicySize,
  };
}
