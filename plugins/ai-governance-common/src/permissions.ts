import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of account requests, for conditional decisions (e.g. a requester sees and cancels only the
 * requests of groups they belong to).
 * @public
 */
export const AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE =
  'ai-governance-account-request';

/**
 * Read the organization's tree: roots, OUs, accounts, and which policies are attached where.
 * @public
 */
export const aiGovernanceTreeReadPermission = createPermission({
  name: 'ai-governance.tree.read',
  attributes: { action: 'read' },
});

/**
 * Read policy documents, lint them and simulate requests against them.
 * @public
 */
export const aiGovernancePolicyReadPermission = createPermission({
  name: 'ai-governance.policy.read',
  attributes: { action: 'read' },
});

/**
 * Ask for a fresh crawl of the organization.
 * @public
 */
export const aiGovernanceRefreshPermission = createPermission({
  name: 'ai-governance.refresh',
  attributes: { action: 'update' },
});

/**
 * Request an AI development account (by default every signed-in user; see `aiGovernance.access.requesters`).
 * @public
 */
export const aiGovernanceAccountCreatePermission = createPermission({
  name: 'ai-governance.account.create',
  attributes: { action: 'create' },
});

/**
 * Request an AI production account. The request waits for a governance admin's approval before anything is created.
 * @public
 */
export const aiGovernanceProductionAccountCreatePermission = createPermission({
  name: 'ai-governance.account.production.create',
  attributes: { action: 'create' },
});

/**
 * Preview and apply the governance baseline (OUs, policies, attachments).
 * @public
 */
export const aiGovernanceBaselineApplyPermission = createPermission({
  name: 'ai-governance.baseline.apply',
  attributes: { action: 'update' },
});

/**
 * Apply a governance baseline that removes OUs, policies or attachments the baseline no longer lists
 * (`allowRemovals`). Without it a removal from the model leaves the item in place, unmanaged.
 * @public
 */
export const aiGovernanceBaselineRemovePermission = createPermission({
  name: 'ai-governance.baseline.remove',
  attributes: { action: 'delete' },
});

/**
 * Read an account request (its form fields, state and history). Conditional: a requester reads the requests they
 * made and those of groups they belong to; governance admins read every request.
 * @public
 */
export const aiGovernanceAccountRequestReadPermission = createPermission({
  name: 'ai-governance.account-request.read',
  attributes: { action: 'read' },
  resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
});

/**
 * Cancel an account request that has not started provisioning. Conditional, like reading.
 * @public
 */
export const aiGovernanceAccountRequestCancelPermission = createPermission({
  name: 'ai-governance.account-request.cancel',
  attributes: { action: 'update' },
  resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
});

/**
 * Approve or reject an account request (governance admins). The approver may never be the requester (four eyes),
 * whatever the permission policy says.
 * @public
 */
export const aiGovernanceAccountRequestApprovePermission = createPermission({
  name: 'ai-governance.account-request.approve',
  attributes: { action: 'update' },
  resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
});

/**
 * Close an AWS account the product vended: a separate, explicit, admin-only operation, never a side effect.
 * @public
 */
export const aiGovernanceAccountClosePermission = createPermission({
  name: 'ai-governance.account.close',
  attributes: { action: 'delete' },
});

/**
 * Edit guardrails: guardrail packs and the policies of the governance baseline (governance admins).
 * @public
 */
export const aiGovernanceGuardrailsUpdatePermission = createPermission({
  name: 'ai-governance.guardrails.update',
  attributes: { action: 'update' },
});

/**
 * Every permission of the plugin, for `permissionsRegistry.addPermissions`.
 * @public
 */
export const aiGovernancePermissions = [
  aiGovernanceTreeReadPermission,
  aiGovernancePolicyReadPermission,
  aiGovernanceRefreshPermission,
  aiGovernanceAccountCreatePermission,
  aiGovernanceProductionAccountCreatePermission,
  aiGovernanceBaselineApplyPermission,
  aiGovernanceBaselineRemovePermission,
  aiGovernanceAccountRequestReadPermission,
  aiGovernanceAccountRequestCancelPermission,
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountClosePermission,
  aiGovernanceGuardrailsUpdatePermission,
];
