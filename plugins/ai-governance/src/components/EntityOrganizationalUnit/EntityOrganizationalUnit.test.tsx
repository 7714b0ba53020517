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
import { aiGovernanceApiRef } from '../../api';
import { isAwsOrganizationalUnitEntity } from '../../lib/catalogEntities';
import { createFakeApi } from '../../testing/fixtures';
import { EntityOrganizationalUnitCard } from './EntityOrganizationalUnit';

/** A catalog module entity as the catalog serves it, with the relations it computed. */
function resource(options: {
  name: string;
  title: string;
  type: string;
  id: string;
  parent?: string;
  owner?: string;
  annotations?: Record<string, string>;
}): Entity {
  const relations = [
    ...(options.parent
      ? [
          {
            type: 'dependsOn',
            targetRef: `resource:default/${options.parent}`,
          },
        ]
      : []),
    ...(options.owner ? [{ type: 'ownedBy', targetRef: options.owner }] : []),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name,
      namespace: 'default',
      title: options.title,
      annotations: {
        'ai-governance.io/id': options.id,
        ...options.annotations,
      },
    },
    spec: { type: options.type, owner: options.owner ?? 'group:default/x' },
    relations,
  };
}

const ou = resource({
  name: 'aws-ou-demo-prod',
  title: 'AI Production',
  type: 'aws-organizational-unit',
  id: 'ou-demo-prod',
  parent: 'aws-r-demo',
  owner: 'group:default/platform',
  annotations: {
    'ai-governance.io/ai-posture': 'findings',
    'ai-governance.io/ai-posture-accounts': '1/2',
    'ai-governance.io/guardrail-packs': 'ai-production,baseline',
  },
});
const children = [
  resource({
    name: 'aws-account-111111111111',
    title: 'ml-inference-prod',
    type: 'aws-account',
    id: '111111111111',
    parent: 'aws-ou-demo-prod',
    owner: 'group:default/ml-team',
    annotations: {
      'ai-governance.io/ai-posture': 'findings',
      'ai-governance.io/ai-posture-errors': '2',
      'ai-governance.io/ai-posture-warnings': '1',
    },
  }),
  resource({
    name: 'aws-ou-demo-nested',
    title: 'Nested OU',
    type: 'aws-organizational-unit',
    id: 'ou-demo-nested1',
    parent: 'aws-ou-demo-prod',
    owner: 'group:default/platform',
  }),
];
const elsewhere = resource({
  name: 'aws-account-222222222222',
  title: 'ml-research-dev',
  type: 'aws-account',
  id: '222222222222',
  parent: 'aws-ou-demo-dev',
  owner: 'group:default/ml-team',
});

function render(e: Entity, api = createFakeApi()) {
  return renderInTestApp(
    <EntityProvider entity={e}>
      <EntityOrganizationalUnitCard dashboardPath="/governance" />
    </EntityProvider>,
    {
      apis: [
        [aiGovernanceApiRef, api],
        [
          catalogApiRef,
          catalogApiMock({ entities: [ou, ...children, elsewhere] }),
        ],
        mockApis.permission(),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    },
  );
}

describe('OU entity card', () => {
  it('applies to the root and OU entities of the catalog module only', () => {
    expect(isAwsOrganizationalUnitEntity(ou)).toBe(true);
    expect(isAwsOrganizationalUnitEntity(children[0])).toBe(false);
    expect(
      isAwsOrganizationalUnitEntity({
        ...ou,
        metadata: { ...ou.metadata, annotations: {} },
      }),
    ).toBe(false);
  });

  it('lists the OUs and accounts under the OU with owners and posture, and its effective guardrails', async () => {
    const api = createFakeApi();
    await render(ou, api);
    const table = await screen.findByRole('grid', {
      name: 'OUs and accounts under it',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    // OUs first, then accounts; the account of another OU is not listed.
    expect(rows.map(r => within(r).getByRole('rowheader').textContent)).toEqual(
      ['Nested OU', 'ml-inference-prod'],
    );
    expect(rows[1]).toHaveTextContent('ml-team');
    expect(rows[1]).toHaveTextContent('2 errors, 1 warning');
    expect(rows[0]).toHaveTextContent('Not checked');
    expect(
      within(rows[1]).getByRole('link', { name: 'ml-inference-prod' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111111111111',
    );
    expect(
      screen.getByText('1 of 2 accounts with findings'),
    ).toBeInTheDocument();

    const chain = await screen.findByRole('list', {
      name: 'Guardrails by level',
    });
    expect(within(chain).getAllByRole('listitem')).toHaveLength(2);
    expect(api.getNode).toHaveBeenCalledWith('ou-demo-prod');
    expect(
      screen.getByRole('link', { name: 'Open in AI Governance' }),
    ).toHaveAttribute('href', '/governance/nodes/ou-demo-prod');
  });

  it('says so when nothing is under the OU', async () => {
    await render(children[1]);
    expect(
      await screen.findByText('No OUs or accounts under it'),
    ).toBeInTheDocument();
  });

  it('shows the OU’s AI posture and the guardrail packs that apply to it', async () => {
    await render(ou);
    const list = await screen.findByLabelText('AI details');
    const value = (name: string) =>
      within(list).getByText(name).closest('dt')!.nextElementSibling;
    expect(value('AI posture')).toHaveTextContent(
      '1 of 2 accounts with findings',
    );
    expect(value('Guardrail packs')).toHaveTextContent(
      'ai-production, baseline',
    );
  });

  it('says None when no pack applies, and leaves the row out when the packs are unknown', async () => {
    const { unmount } = await render(
      resource({
        name: 'aws-ou-demo-dev',
        title: 'AI Development',
        type: 'aws-organizational-unit',
        id: 'ou-demo-dev',
        annotations: { 'ai-governance.io/guardrail-packs': 'none' },
      }),
    );
    const list = await screen.findByLabelText('AI details');
    expect(
      within(list).getByText('Guardrail packs').closest('dt')!
        .nextElementSibling,
    ).toHaveTextContent('None');
    unmount();
    await render(children[1]);
    expect(
      within(await screen.findByLabelText('AI details')).queryByText(
        'Guardrail packs',
      ),
    ).toBeNull();
  });
});
