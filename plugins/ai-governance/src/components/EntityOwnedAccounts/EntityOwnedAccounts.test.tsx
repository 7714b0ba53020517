import type { Entity } from '@backstage/catalog-model';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { isGroupEntity } from '../../lib/catalogEntities';
import {
  dedupeByAccountId,
  EntityOwnedAccountsCard,
} from './EntityOwnedAccounts';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

/** An account entity of the catalog module, with the ownedBy relation the catalog computes. */
function account(
  id: string,
  title: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `aws-account-${id}`,
      namespace: 'default',
      title,
      annotations: {
        'amazonaws.com/account-id': id,
        'ai-governance.io/ou-path': `Root/AI/${title}`,
        'ai-governance.io/account-state': 'ACTIVE',
        ...annotations,
      },
    },
    spec: { type: 'aws-account', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const entities = [
  account('111111111111', 'ml-inference-prod', 'group:default/ml-team', {
    'ai-governance.io/ai-posture': 'findings',
    'ai-governance.io/ai-posture-errors': '0',
    'ai-governance.io/ai-posture-warnings': '2',
  }),
  account('222222222222', 'ml-research-dev', 'group:default/ml-team', {
    'ai-governance.io/ai-posture': 'ok',
  }),
  account('333333333333', 'web-shop', 'group:default/web-team'),
  // A stale entity of the same account as ml-research-dev (as during a provider's full mutation after a delta):
  // no OU path, state or posture. The card shows the account once, from the complete entity.
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'aws-account-222222222222-old',
      namespace: 'default',
      title: 'ml-research-dev',
      annotations: { 'amazonaws.com/account-id': '222222222222' },
    },
    spec: { type: 'aws-account', owner: 'group:default/ml-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/ml-team' }],
  },
  // Owned by the group but not an account: not listed.
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'ml-bucket', namespace: 'default' },
    spec: { type: 's3-bucket', owner: 'group:default/ml-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/ml-team' }],
  },
];

function render(e: Entity) {
  return renderInTestApp(
    <EntityProvider entity={e}>
      <EntityOwnedAccountsCard dashboardPath="/governance" />
    </EntityProvider>,
    {
      apis: [
        [catalogApiRef, catalogApiMock({ entities })],
        mockApis.permission(),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    },
  );
}

describe('owned AWS accounts card', () => {
  it('applies to groups', () => {
    expect(isGroupEntity(group('ml-team'))).toBe(true);
    expect(isGroupEntity(entities[0])).toBe(false);
  });

  it("lists the group's accounts with their OU path, state and AI posture", async () => {
    await render(group('ml-team'));
    const table = await screen.findByRole('grid', {
      name: 'AWS accounts the group owns',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('rowheader').textContent)).toEqual(
      ['ml-inference-prod', 'ml-research-dev'],
    );
    expect(rows[0]).toHaveTextContent('Root/AI/ml-inference-prod');
    expect(rows[0]).toHaveTextContent('ACTIVE');
    expect(rows[0]).toHaveTextContent('2 warnings');
    expect(rows[1]).toHaveTextContent('OK');
    expect(rows[1]).toHaveTextContent('Root/AI/ml-research-dev');
    expect(within(table).queryByText('Not checked')).toBeNull();
    expect(
      within(rows[0]).getByRole('link', { name: 'ml-inference-prod' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111111111111',
    );
    expect(
      within(rows[0]).getByRole('link', { name: '111111111111' }),
    ).toHaveAttribute('href', '/governance/nodes/111111111111');
    expect(
      screen.getByText('2 accounts, 1 with AI posture findings'),
    ).toBeInTheDocument();
  });

  it('keeps one entity per account id, the one with the most complete annotations, whichever comes first', () => {
    const complete = entities[1];
    const stale = entities[3];
    expect(dedupeByAccountId([stale, complete])).toEqual([complete]);
    expect(dedupeByAccountId([complete, stale])).toEqual([complete]);
    // Different accounts, and entities without an account id, are all kept.
    expect(dedupeByAccountId(entities).map(e => e.metadata.name)).toEqual([
      'aws-account-111111111111',
      'aws-account-222222222222',
      'aws-account-333333333333',
      'ml-bucket',
    ]);
  });

  it('says how a group comes to own an account when it owns none', async () => {
    await render(group('data-team'));
    expect(
      await screen.findByText('This group owns no AWS accounts'),
    ).toBeInTheDocument();
    expect(screen.getByText(/group:default\/data-team/)).toBeInTheDocument();
  });
});
