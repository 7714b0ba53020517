/* The guardrails an account request's account will get: the chain of the OU it lands in. */
import { useApi } from '@backstage/core-plugin-api';
import type {
  AccountRequestFields,
  AccountRequestRecord,
  OrgNode,
} from '@internal/plugin-ai-governance-common';
import { Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { useOptionalTreeData } from '../../hooks/useTreeData';
import { buildTreeIndex, TreeIndex } from '../../lib/tree';
import { GuardrailChain } from '../NodeDetail';
import { EmptyState, ErrorState, LoadingState } from '../states';
import { TargetPermissions } from './TargetPermissions';
import { TargetPolicySummaries } from './TargetPolicySummaries';

/** The backend's defaults for `aiGovernance.vending.organizationalUnits` (plugins/ai-governance-node accounts/settings). */
export const DEFAULT_TARGET_OUS: Record<
  AccountRequestFields['environment'],
  string
> = {
  development: 'AI/Development',
  production: 'AI/Production',
};

/**
 * The OU a request's account lands in: the record's `targetOrganizationalUnit`, which the backend fills from its
 * configuration. A backend too old to send it gets its defaults.
 */
export function targetOuOf(
  request: Pick<AccountRequestRecord, 'fields'> &
    Partial<Pick<AccountRequestRecord, 'targetOrganizationalUnit'>>,
): string {
  const environment = request.fields.environment;
  return (
    request.targetOrganizationalUnit ??
    DEFAULT_TARGET_OUS[environment] ??
    environment
  );
}

/**
 * Finds an OU as the vendor resolves the setting (plugins/ai-governance-node accounts/organizationalUnits): an OU id
 * (`ou-…`) is that node; anything else is a path of OU names under the root (`AI/Production`), each name trimmed.
 */
export function findOu(index: TreeIndex, setting: string): OrgNode | undefined {
  const ref = setting.trim();
  if (/^ou-/.test(ref)) {
    const node = index.nodes.get(ref);
    return node?.kind === 'ou' ? node : undefined;
  }
  const names = ref
    .split('/')
    .map(name => name.trim())
    .filter(Boolean);
  // An organization has one root; the vendor walks down from the first.
  const root = index.roots[0];
  if (!root || names.length === 0) return undefined;
  let cur: OrgNode | undefined = root;
  for (const name of names) {
    cur = (index.children.get(cur.id) ?? []).find(
      c => c.kind === 'ou' && c.name === name,
    );
    if (!cur) return undefined;
  }
  return cur;
}

/**
 * The guardrails a request's account will get: the policies inherited by its target OU, level by level, from the
 * current snapshot, each in plain language, and what they would allow and deny it.
 */
export function TargetGuardrails(props: {
  request: Pick<AccountRequestRecord, 'fields'> &
    Partial<Pick<AccountRequestRecord, 'targetOrganizationalUnit'>>;
}) {
  const api = useApi(aiGovernanceApiRef);
  const setting = targetOuOf(props.request);
  // On the page the tree is loaded once for every view; alone (e.g. in a test) this loads it itself.
  const treeData = useOptionalTreeData();
  const waitForPageTree = !!treeData && !treeData.index && !treeData.error;
  const state = useAsyncRetry(async () => {
    if (waitForPageTree) return undefined;
    const tree = treeData?.tree ?? (await api.getTree());
    const index = treeData?.index ?? buildTreeIndex(tree);
    const management = tree.organization.managementAccountId;
    const ou = findOu(index, setting);
    if (!ou) return { ou: undefined, node: undefined, management };
    return { ou, node: await api.getNode(ou.id), management };
  }, [api, setting, treeData?.tree, treeData?.index, waitForPageTree]);

  if (waitForPageTree || (state.loading && !state.value)) {
    return <LoadingState what="the guardrails of the target OU" />;
  }
  if (state.error) {
    return (
      <ErrorState
        what="load the guardrails of the target OU"
        error={state.error}
        onRetry={state.retry}
      />
    );
  }
  const { ou, node, management } = state.value ?? {};
  if (!ou || !node) {
    return (
      <EmptyState
        title={`No OU ${setting} in the snapshot`}
        description="The account would land in an OU the organization does not have (yet): apply the governance baseline or check aiGovernance.vending.organizationalUnits before approving."
      />
    );
  }
  return (
    <>
      <Text as="p" variant="body-small" color="secondary">
        The account lands in{' '}
        <strong>{node.path.map(p => p.name).join(' / ')}</strong> and inherits
        these guardrails:
      </Text>
      <GuardrailChain
        levels={node.inherited}
        lastLabel="(where the account lands)"
      />
      <TargetPolicySummaries node={node} />
      <TargetPermissions
        ouId={ou.id}
        ouName={node.path.map(p => p.name).join(' / ')}
        inherited={node.inherited}
        managementAccountId={management ?? ''}
      />
    </>
  );
}
