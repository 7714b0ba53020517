import { createPermission } from '@backstage/plugin-permission-common';

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
 * Request an AI development account.
 * @public
 */
export const aiGovernanceAccountCreatePermission = createPermission({
  name: 'ai-governance.account.create',
  attributes: { action: 'create' },
});

/**
 * Request an AI production account (until approvals exist, this is the gate).
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
];
