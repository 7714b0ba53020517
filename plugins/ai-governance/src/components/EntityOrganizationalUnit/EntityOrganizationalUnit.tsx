/*
 * The OU entity card: an organizational unit's (or the root's) AI posture and guardrail packs, its guardrails, and its
 * child OUs and accounts with their owners and AI posture.
 */
import { type Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
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
import {
  AWS_ENTITY_TYPES,
  getOrganizationalUnitId,
  postureText,
} from '../../lib/catalogEntities';
import { DefinitionList } from '../DefinitionList';
import { LinksProvider, useLinks } from '../links';
import { GuardrailChain, NodePath } from '../NodeDetail';
import { SimpleTable } from '../SimpleTable';
import { EmptyState, ErrorState, LoadingState } from '../states';
import { guardrailPacksText } from '../EntityAccount/AiDetails';

/** The OU's child OUs and accounts: the catalog's Resources that depend on it (the provider's parent relation). */
function useChildren(entity: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const ref = stringifyEntityRef(entity);
  return useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Resource', 'relations.dependsOn': ref },
    });
    // Other entities may depend on an OU too (an adopter's own); the card lists the organization's nodes.
    const nodes = items.filter(
      e =>
        e.spec?.type === AWS_ENTITY_TYPES.ou ||
        e.spec?.type === AWS_ENTITY_TYPES.account,
    );
    const rank = (e: Entity) => (e.spec?.type === AWS_ENTITY_TYPES.ou ? 0 : 1);
    const title = (e: Entity) => e.metadata.title ?? e.metadata.name;
    return nodes.sort(
      (a, b) => rank(a) - rank(b) || title(a).localeCompare(title(b)),
    );
  }, [catalogApi, ref]);
}

function Children(props: { entity: Entity }) {
  const { loading, error, value, retry } = useChildren(props.entity);
  if (loading) return <LoadingState what="the child OUs and accounts" />;
  if (error) {
    return (
      <ErrorState
        what="load the child OUs and accounts"
        error={error}
        onRetry={retry}
      />
    );
  }
  if (!value || value.length === 0) {
    return (
      <EmptyState
        title="No OUs or accounts under it"
        description="The catalog has no OU or account entity whose parent is this one."
      />
    );
  }
  return (
    <SimpleTable
      aria-label="OUs and accounts under it"
      columns={['Name', 'Type', 'Owner', 'AI posture']}
      rows={value.map(child => ({
        id: stringifyEntityRef(child),
        cells: [
          <EntityRefLink
            entityRef={child}
            title={child.metadata.title ?? child.metadata.name}
          />,
          child.spec?.type === AWS_ENTITY_TYPES.ou ? 'OU' : 'Account',
          <EntityRefLinks
            entityRefs={getEntityRelations(child, RELATION_OWNED_BY)}
            defaultKind="group"
          />,
          postureText(child),
        ],
      }))}
    />
  );
}

function Guardrails(props: { id: string }) {
  const api = useApi(aiGovernanceApiRef);
  const { loading, error, value, retry } = useAsyncRetry(
    () => api.getNode(props.id),
    [api, props.id],
  );
  if (loading) return <LoadingState what="the guardrails" />;
  if (error) {
    return (
      <ErrorState what="load the guardrails" error={error} onRetry={retry} />
    );
  }
  return (
    <Flex direction="column" gap="3">
      <NodePath path={value!.path} />
      <GuardrailChain levels={value!.inherited} />
    </Flex>
  );
}

function CardInner() {
  const { entity } = useEntity();
  const links = useLinks();
  const id = getOrganizationalUnitId(entity);
  return (
    <Card>
      <CardHeader>
        <Flex align="center" justify="between">
          <Text as="h3" variant="title-small">
            AWS organizational unit
          </Text>
          {id && (
            <ButtonLink href={links.node(id)} size="small" variant="tertiary">
              Open in AI Governance
            </ButtonLink>
          )}
        </Flex>
      </CardHeader>
      <CardBody>
        {id ? (
          <Flex direction="column" gap="4">
            <DefinitionList
              aria-label="AI details"
              rows={[
                ['AI posture', postureText(entity)],
                ['Guardrail packs', guardrailPacksText(entity)],
              ]}
            />
            <Text as="h4" variant="title-x-small">
              Effective guardrails
            </Text>
            <Guardrails id={id} />
            <Text as="h4" variant="title-x-small">
              OUs and accounts under it
            </Text>
            <Children entity={entity} />
          </Flex>
        ) : (
          <EmptyState
            title="Not an AWS organizational unit"
            description="This card shows on the root and OU entities of the AI Governance catalog module (ai-governance.io/id)."
          />
        )}
      </CardBody>
    </Card>
  );
}

/**
 * Entity card for the catalog module's OU and root entities: their AI posture and guardrail packs, the guardrails they
 * pass down (with where each comes from), and the OUs and accounts under them with their owners and AI posture. `dashboardPath` is where the AI
 * Governance page is mounted, for links.
 */
export function EntityOrganizationalUnitCard(props: {
  dashboardPath?: string;
}) {
  return (
    <LinksProvider basePath={props.dashboardPath ?? '/ai-governance'}>
      <CardInner />
    </LinksProvider>
  );
}
