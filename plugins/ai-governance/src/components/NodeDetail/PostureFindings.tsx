/*
 * The AI posture consistency findings that concern one OU or account: where the models its SCPs/RCPs allow, the
 * guardrails its Bedrock policy enforces, its region lock and its AI opt-out disagree, each with what to change.
 */
import { useApi } from '@backstage/core-plugin-api';
import type {
  OrgNode,
  PostureFinding,
  TreeResponse,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { useOptionalTreeData } from '../../hooks/useTreeData';
import { PolicyChip } from '../chips';
import { useLinks } from '../links';
import { PostureFindingItem } from '../PostureFindingItem';
import { ErrorState, LoadingState } from '../states';

/** The ids of the accounts at or under a node, from the tree's parent links. */
export function accountsUnder(
  nodes: Array<Pick<OrgNode, 'id' | 'kind' | 'parentId'>>,
  nodeId: string,
): Set<string> {
  const children = new Map<string, string[]>();
  const kinds = new Map<string, OrgNode['kind']>();
  for (const n of nodes) {
    kinds.set(n.id, n.kind);
    if (n.parentId) {
      children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
    }
  }
  const out = new Set<string>();
  const queue = [nodeId];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (kinds.get(id) === 'account') out.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

function FindingItem(props: {
  finding: PostureFinding;
  here: string[];
  nodeKind: OrgNode['kind'];
}) {
  const links = useLinks();
  const { finding, here, nodeKind } = props;
  const names = new Map(
    finding.accountIds.map((id, i) => [id, finding.accountNames[i] ?? id]),
  );
  return (
    <PostureFindingItem finding={finding}>
      {finding.policies.length > 0 && (
        <Flex gap="1" align="center" style={{ flexWrap: 'wrap' }}>
          <Text variant="body-x-small" color="secondary">
            Policies involved:
          </Text>
          {finding.policies.map((p, i) => (
            <Flex key={`${p.id}-${p.node.id}-${i}`} gap="1" align="center">
              <PolicyChip
                policy={{ ...p, awsManaged: p.id === 'p-FullAWSAccess' }}
              />
              <Text variant="body-x-small" color="secondary">
                at <Link href={links.node(p.node.id)}>{p.node.name}</Link>
              </Text>
            </Flex>
          ))}
        </Flex>
      )}
      {nodeKind !== 'account' && (
        <Text variant="body-x-small" color="secondary">
          {here.length === 1
            ? 'Affects 1 account here'
            : `Affects ${here.length} accounts here`}
          {': '}
          {here.slice(0, 5).map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link href={links.node(id)}>{names.get(id) ?? id}</Link>
            </span>
          ))}
          {here.length > 5 && ` and ${here.length - 5} more`}
        </Text>
      )}
    </PostureFindingItem>
  );
}

/**
 * The posture findings for the accounts at or under a node, errors first. The backend checks the whole snapshot once;
 * this keeps the findings that affect an account here.
 */
export function PostureFindings(props: {
  node: Pick<OrgNode, 'id' | 'kind' | 'name'>;
}) {
  const api = useApi(aiGovernanceApiRef);
  const treeData = useOptionalTreeData();
  const { node } = props;
  const pageTree = treeData?.tree;
  const state = useAsyncRetry(async () => {
    const needTree = node.kind !== 'account';
    const [report, tree] = await Promise.all([
      api.getPosture(),
      needTree && !pageTree
        ? api.getTree()
        : Promise.resolve<TreeResponse | undefined>(pageTree),
    ]);
    const accounts =
      node.kind === 'account'
        ? new Set([node.id])
        : accountsUnder(tree?.nodes ?? [], node.id);
    const findings = report.findings
      .map(finding => ({
        finding,
        here: finding.accountIds.filter(id => accounts.has(id)),
      }))
      .filter(f => f.here.length > 0)
      .sort(
        (a, b) =>
          Number(a.finding.severity !== 'error') -
          Number(b.finding.severity !== 'error'),
      );
    return { report, findings, accounts: accounts.size };
  }, [api, node.id, node.kind, pageTree]);

  let body;
  if (state.loading) {
    body = <LoadingState what="the AI posture check" />;
  } else if (state.error) {
    body = (
      <ErrorState
        what="run the AI posture check"
        error={state.error}
        onRetry={state.retry}
      />
    );
  } else {
    const { findings, report, accounts } = state.value!;
    body =
      findings.length === 0 ? (
        <Text variant="body-small" color="secondary">
          No inconsistency: the models allowed, the guardrails enforced, the
          region lock and the AI opt-out agree
          {node.kind === 'account'
            ? ' for this account'
            : ` for the ${accounts} account${accounts === 1 ? '' : 's'} here`}
          . (Bedrock models as of {report.modelsAsOf}.)
        </Text>
      ) : (
        <ul
          aria-label="Posture findings"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {findings.map(({ finding, here }, i) => (
            <FindingItem
              key={`${finding.code}-${i}`}
              finding={finding}
              here={here}
              nodeKind={node.kind}
            />
          ))}
        </ul>
      );
  }
  return (
    <section aria-label="AI posture consistency">
      <Text as="h4" variant="title-x-small">
        Consistency of the AI guardrails
        {state.value && state.value.findings.length > 0
          ? ` (${state.value.findings.length} finding${
              state.value.findings.length === 1 ? '' : 's'
            })`
          : ''}
      </Text>
      {body}
    </section>
  );
}
