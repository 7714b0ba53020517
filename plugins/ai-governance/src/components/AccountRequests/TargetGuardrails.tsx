import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  AccountRequestFields,
  OrgNode,
} from '@internal/plugin-ai-governance-common';
import { Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { useOptionalTreeData } from '../../hooks/useTreeData';
import { buildTreeIndex, TreeIndex } from '../../lib/tree';
import { GuardrailChain } from '../NodeDetail';
import { EmptyState, ErrorState, LoadingState } from '../states';

/** The backend's defaults for `aiGovernance.vending.organizationalUnits` (plugins/ai-governance-node accounts/settings). */
export const DEFAULT_TARGET_OUS: Record<
  AccountRequestFields['environment'],
  string
> = {
  development: 'AI/Development',
  production: 'AI/Production',
};

/**
 * The OU an environment's accounts land in, as configured: an OU id (`ou-…`) or a path of OU names under the root.
 * The browser sees `aiGovernance.vending.organizationalUnits` only when the config schema exposes it to the
 * frontend; otherwise the backend's defaults apply.
 */
export function useTargetOuSetting(
  environment: AccountRequestFields['environment'],
): string {
  const config = useApi(configApiRef);
  return (
    config.getOptionalString(
      `aiGovernance.vending.organizationalUnits.${environment}`,
    ) ??
    DEFAULT_TARGET_OUS[environment] ??
    environment
  );
}

/** Finds an OU by id or by a path of names from the root (`AI/Production`, or `Root/AI/Production`). */
export function findOu(index: TreeIndex, setting: string): OrgNode | undefined {
  if (/^ou-/.test(setting)) {
    const node = index.nodes.get(setting);
    return node?.kind === 'ou' ? node : undefined;
  }
  const names = setting.split('/').filter(Boolean);
  for (const root of index.roots) {
    const segments = names[0] === root.name ? names.slice(1) : names;
    let cur: OrgNode | undefined = root;
    for (const name of segments) {
      cur = (index.children.get(cur.id) ?? []).find(
        c => c.kind === 'ou' && c.name === name,
      );
      if (!cur) break;
    }
    if (cur && cur !== root) return cur;
  }
  return undefined;
}

/**
 * The guardrails an account of this environment will get: the policies inherited by its target OU, level by level,
 * from the current snapshot.
 */
export function TargetGuardrails(props: {
  environment: AccountRequestFields['environment'];
}) {
  const api = useApi(aiGovernanceApiRef);
  const setting = useTargetOuSetting(props.environment);
  // On the page the tree is loaded once for every view; alone (e.g. in a test) this loads it itself.
  const treeData = useOptionalTreeData();
  const waitForPageTree = !!treeData && !treeData.index && !treeData.error;
  const state = useAsyncRetry(async () => {
    if (waitForPageTree) return undefined;
    const index = treeData?.index ?? buildTreeIndex(await api.getTree());
    const ou = findOu(index, setting);
    if (!ou) return { ou: undefined, node: undefined };
    return { ou, node: await api.getNode(ou.id) };
  }, [api, setting, treeData?.index, waitForPageTree]);

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
  const { ou, node } = state.value ?? {};
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
    </>
  );
}
