/*
 * The node view: a root, OU or account with its path, tags, attached policies grouped by type with what each does,
 * inherited chain, effective management policies (accounts) and AI posture.
 */
import { useApi } from '@backstage/core-plugin-api';
import type { NodeResponse } from '@internal/plugin-ai-governance-common';
import { ButtonLink, Flex, Link, Text } from '@backstage/ui';
import { Fragment } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { countsAsVended, ownerOf } from '../../lib/tree';
import { AccountStateChip, KindBadge } from '../chips';
import { DefinitionList } from '../DefinitionList';
import { EffectivePolicies } from '../EffectivePolicy';
import { useLinks } from '../links';
import { SectionCard } from '../SectionCard';
import { EmptyState, ErrorState, LoadingState } from '../states';
import { AiPosture } from './AiPosture';
import { AttachedPolicies } from './AttachedPolicies';
import { GuardrailChain } from './GuardrailChain';

export function NodePath(props: { path: NodeResponse['path'] }) {
  const links = useLinks();
  return (
    <nav aria-label="Path from the root">
      <Flex gap="1" align="center" style={{ flexWrap: 'wrap' }}>
        {props.path.map((p, i) => (
          <Fragment key={p.id}>
            {i > 0 && <Text color="secondary">/</Text>}
            <Link href={links.node(p.id)} variant="body-small">
              {p.name}
            </Link>
          </Fragment>
        ))}
      </Flex>
    </nav>
  );
}

/** Everything about one root, OU or account. */
export function NodeDetailView(props: {
  data: NodeResponse;
  showPosture?: boolean;
}) {
  const { node, path, attached, inherited } = props.data;
  const links = useLinks();
  const owner = ownerOf(node);
  const tags = Object.entries(node.tags ?? {});
  return (
    <Flex direction="column" gap="4">
      <Flex direction="column" gap="1">
        <NodePath path={path} />
        <Flex align="center" gap="2">
          <KindBadge kind={node.kind} />
          <Text
            as="h2"
            variant="title-small"
            style={{ overflowWrap: 'anywhere' }}
          >
            {node.name}
          </Text>
          <Text color="secondary">{node.id}</Text>
          <AccountStateChip state={node.state} />
          <Flex gap="2" style={{ marginLeft: 'auto', flexShrink: 0 }}>
            <ButtonLink
              href={links.canIt(node.id)}
              variant="secondary"
              size="small"
            >
              Can it?
            </ButtonLink>
            <ButtonLink
              href={
                node.kind === 'account'
                  ? links.whatIf({ op: 'move', account: node.id })
                  : links.whatIf({ op: 'attach', target: node.id })
              }
              variant="secondary"
              size="small"
            >
              {node.kind === 'account'
                ? 'What if I move it?'
                : 'What if I attach a policy here?'}
            </ButtonLink>
          </Flex>
        </Flex>
        <Flex gap="4" style={{ flexWrap: 'wrap' }}>
          {node.state && (
            <Text variant="body-small">
              State: {node.state}
              {!countsAsVended(node) &&
                node.kind === 'account' &&
                ' (not counted as a vended account)'}
            </Text>
          )}
          {node.email && <Text variant="body-small">Email: {node.email}</Text>}
          {owner && <Text variant="body-small">Owner: {owner}</Text>}
          {node.joinedTimestamp && (
            <Text variant="body-small">
              Joined:{' '}
              {new Date(node.joinedTimestamp).toISOString().slice(0, 10)}
            </Text>
          )}
        </Flex>
      </Flex>

      <SectionCard title="Tags" titleVariant="title-small">
        {tags.length === 0 ? (
          <Text color="secondary" variant="body-small">
            No tags
          </Text>
        ) : (
          <DefinitionList aria-label="Tags" rows={tags} />
        )}
      </SectionCard>

      <SectionCard title="Attached here" titleVariant="title-small">
        <AttachedPolicies attached={attached} nodeId={node.id} />
      </SectionCard>

      <SectionCard
        title="Inherited guardrails, level by level"
        titleVariant="title-small"
      >
        <GuardrailChain levels={inherited} />
      </SectionCard>

      {node.kind === 'account' ? (
        <EffectivePolicies accountId={node.id} />
      ) : (
        <Text variant="body-small" color="secondary">
          Effective management policies (tag, backup, Bedrock, …) are computed
          per account, as AWS does: open an account below this{' '}
          {node.kind === 'root' ? 'root' : 'OU'} to see them.
        </Text>
      )}

      {props.showPosture !== false && node.kind !== 'root' && (
        <SectionCard title="AI posture" titleVariant="title-small">
          <AiPosture target={node.id} inherited={inherited} />
        </SectionCard>
      )}
    </Flex>
  );
}

/** Loads a node by id and shows it, with loading, not-found, error and permission states. */
export function NodeDetail(props: { id: string; showPosture?: boolean }) {
  const api = useApi(aiGovernanceApiRef);
  const state = useAsyncRetry(() => api.getNode(props.id), [api, props.id]);
  if (state.loading) return <LoadingState what="the node" />;
  if (state.error) {
    if ((state.error as { statusCode?: number }).statusCode === 404) {
      return (
        <EmptyState
          title={`No node ${props.id} in the snapshot`}
          description="It may have been removed or moved since; refresh the snapshot or pick another node in the tree."
        />
      );
    }
    return (
      <ErrorState
        what="load the node"
        error={state.error}
        onRetry={state.retry}
      />
    );
  }
  return <NodeDetailView data={state.value!} showPosture={props.showPosture} />;
}
