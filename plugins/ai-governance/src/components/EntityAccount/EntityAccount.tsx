/*
 * The entity card and tab: a catalog entity's AWS account, its place in the organization, its guardrails and the AI
 * details the catalog module wrote on it.
 */
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ButtonLink,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { AWS_ACCOUNT_ID_ANNOTATIONS, getAwsAccountId } from '../../lib/entity';
import { LinksProvider, useLinks } from '../links';
import { GuardrailChain, NodeDetailView, NodePath } from '../NodeDetail';
import { EmptyState, ErrorState, LoadingState } from '../states';
import { AccountAiDetails } from './AiDetails';

function useEntityAccount() {
  const { entity } = useEntity();
  const accountId = getAwsAccountId(entity);
  const api = useApi(aiGovernanceApiRef);
  const state = useAsyncRetry(
    async () => (accountId ? api.getNode(accountId) : undefined),
    [api, accountId],
  );
  return { accountId, ...state };
}

function Missing() {
  return (
    <EmptyState
      title="No AWS account id on this entity"
      description={`Add the annotation ${AWS_ACCOUNT_ID_ANNOTATIONS[0]} with the 12-digit account id.`}
    />
  );
}

function useAccountState() {
  const { accountId, loading, error, value, retry } = useEntityAccount();
  if (!accountId) return { element: <Missing /> };
  if (loading) return { element: <LoadingState what="the account" /> };
  if (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      return {
        element: (
          <EmptyState
            title={`Account ${accountId} is not in the organization`}
            description="The snapshot has no such account: check the annotation, or refresh the snapshot."
          />
        ),
      };
    }
    return {
      element: (
        <ErrorState what="load the account" error={error} onRetry={retry} />
      ),
    };
  }
  return { value: value! };
}

function CardInner() {
  const links = useLinks();
  const { entity } = useEntity();
  const accountId = getAwsAccountId(entity);
  const { element, value } = useAccountState();
  return (
    <Card>
      <CardHeader>
        <Flex align="center" justify="between">
          <Text as="h3" variant="title-small">
            AWS guardrails
          </Text>
          {value && (
            <ButtonLink
              href={links.node(value.node.id)}
              size="small"
              variant="tertiary"
            >
              Open in AI Governance
            </ButtonLink>
          )}
        </Flex>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          {element ?? (
            <Flex direction="column" gap="3">
              <Text variant="body-small">
                <strong>{value!.node.name}</strong> ({value!.node.id})
                {value!.node.state ? ` · ${value!.node.state}` : ''}
              </Text>
              <NodePath path={value!.path} />
              <GuardrailChain levels={value!.inherited} />
            </Flex>
          )}
          {accountId && (
            <AccountAiDetails entity={entity} accountId={accountId} />
          )}
        </Flex>
      </CardBody>
    </Card>
  );
}

/**
 * Entity card: the entity's AWS account, its place in the organization, the guardrails it inherits, and its AI details
 * from the catalog module's annotations (guardrail packs, Bedrock models allowed, region lock, enforced guardrails,
 * AI opt-out, posture).
 * `dashboardPath` is where the AI Governance page is mounted, for links.
 */
export function EntityAccountCard(props: { dashboardPath?: string }) {
  return (
    <LinksProvider basePath={props.dashboardPath ?? '/ai-governance'}>
      <CardInner />
    </LinksProvider>
  );
}

function ContentInner() {
  const { element, value } = useAccountState();
  return element ?? <NodeDetailView data={value!} />;
}

/** Entity tab: the full node view of the entity's AWS account, with its AI posture. */
export function EntityAccountContent(props: { dashboardPath?: string }) {
  return (
    <LinksProvider basePath={props.dashboardPath ?? '/ai-governance'}>
      <ContentInner />
    </LinksProvider>
  );
}
