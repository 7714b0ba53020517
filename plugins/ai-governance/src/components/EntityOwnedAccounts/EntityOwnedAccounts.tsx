/* The group page card: the AWS accounts a group owns in the catalog, with their OU path, state and AI posture. */
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Card, CardBody, CardHeader, Flex, Link, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  AWS_ENTITY_ANNOTATIONS,
  AWS_ENTITY_TYPES,
  postureText,
} from '../../lib/catalogEntities';
import { getAwsAccountId } from '../../lib/entity';
import { LinksProvider, useLinks } from '../links';
import { SimpleTable } from '../SimpleTable';
import { EmptyState, ErrorState, LoadingState } from '../states';

/** How much of what the card shows an account entity carries: the more, the fresher the entity is likely to be. */
function completeness(entity: Entity): number {
  const a = entity.metadata.annotations ?? {};
  return [
    AWS_ENTITY_ANNOTATIONS.ouPath,
    AWS_ENTITY_ANNOTATIONS.accountState,
    AWS_ENTITY_ANNOTATIONS.aiPosture,
  ].filter(key => !!a[key]?.trim()).length;
}

/**
 * One entity per AWS account id. While the catalog module's provider replaces its entities (a full mutation after a
 * delta, or a stale entity from an earlier location not yet orphaned), the catalog can briefly hold two entities for
 * the same account; the card keeps the one with the most complete annotations (the first of equals, in the order
 * given). Entities without an account id are kept as they are.
 */
export function dedupeByAccountId(entities: readonly Entity[]): Entity[] {
  const byId = new Map<string, Entity>();
  const out: Array<Entity | string> = [];
  for (const entity of entities) {
    const id = getAwsAccountId(entity);
    if (!id) {
      out.push(entity);
      continue;
    }
    const kept = byId.get(id);
    if (!kept) out.push(id);
    if (!kept || completeness(entity) > completeness(kept)) {
      byId.set(id, entity);
    }
  }
  return out.map(e => (typeof e === 'string' ? byId.get(e)! : e));
}

/** The account entities the group owns directly (the catalog's ownedBy relation), one per account id. */
function useOwnedAccounts(group: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const ref = stringifyEntityRef(group);
  return useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'Resource',
        'spec.type': AWS_ENTITY_TYPES.account,
        'relations.ownedBy': ref,
      },
    });
    const title = (e: Entity) => e.metadata.title ?? e.metadata.name;
    return dedupeByAccountId(items).sort((a, b) =>
      title(a).localeCompare(title(b)),
    );
  }, [catalogApi, ref]);
}

function Accounts() {
  const { entity } = useEntity();
  const links = useLinks();
  const { loading, error, value, retry } = useOwnedAccounts(entity);
  if (loading) return <LoadingState what="the group's AWS accounts" />;
  if (error) {
    return (
      <ErrorState
        what="load the group's AWS accounts"
        error={error}
        onRetry={retry}
      />
    );
  }
  if (!value || value.length === 0) {
    return (
      <EmptyState
        title="This group owns no AWS accounts"
        description={`An account belongs to a group when its owner tag (ai-governance:owner or owner) names it, e.g. ${stringifyEntityRef(
          entity,
        )}, or when the group requested it.`}
      />
    );
  }
  const withFindings = value.filter(
    a =>
      a.metadata.annotations?.[AWS_ENTITY_ANNOTATIONS.aiPosture] === 'findings',
  ).length;
  return (
    <Flex direction="column" gap="3">
      <Text variant="body-small">
        {value.length} account{value.length === 1 ? '' : 's'}
        {withFindings > 0
          ? `, ${withFindings} with AI posture findings`
          : ', no AI posture findings'}
      </Text>
      <SimpleTable
        aria-label="AWS accounts the group owns"
        columns={['Account', 'Account id', 'OU path', 'State', 'AI posture']}
        rows={value.map(account => {
          const id = getAwsAccountId(account);
          const a = account.metadata.annotations ?? {};
          return {
            id: stringifyEntityRef(account),
            cells: [
              <EntityRefLink
                entityRef={account}
                title={account.metadata.title ?? account.metadata.name}
              />,
              id ? <Link href={links.node(id)}>{id}</Link> : '',
              a[AWS_ENTITY_ANNOTATIONS.ouPath] ?? '',
              a[AWS_ENTITY_ANNOTATIONS.accountState] ?? '',
              postureText(account),
            ],
          };
        })}
      />
    </Flex>
  );
}

/**
 * Group page card: the AWS accounts the group owns, from the AI Governance catalog module's account entities, with
 * their OU path, state and AI posture. `dashboardPath` is where the AI Governance page is mounted, for links.
 */
export function EntityOwnedAccountsCard(props: { dashboardPath?: string }) {
  return (
    <LinksProvider basePath={props.dashboardPath ?? '/ai-governance'}>
      <Card>
        <CardHeader>
          <Text as="h3" variant="title-small">
            AWS accounts
          </Text>
        </CardHeader>
        <CardBody>
          <Accounts />
        </CardBody>
      </Card>
    </LinksProvider>
  );
}
