import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { isAwsAccountEntity } from '../../lib/entity';
import { createFakeApi } from '../../testing/fixtures';
import { EntityAccountCard, EntityAccountContent } from './EntityAccount';

function entity(accountId?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'ml-inference-prod',
      annotations: accountId ? { 'amazonaws.com/account-id': accountId } : {},
    },
    spec: { type: 'aws-account', owner: 'ml-team' },
  };
}

function render(el: JSX.Element, e: Entity, api = createFakeApi()) {
  return renderInTestApp(<EntityProvider entity={e}>{el}</EntityProvider>, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

describe('entity card and tab', () => {
  it('applies only to entities with a 12-digit account id annotation', () => {
    expect(isAwsAccountEntity(entity('111111111111'))).toBe(true);
    expect(isAwsAccountEntity(entity())).toBe(false);
    expect(isAwsAccountEntity(entity('not-an-id'))).toBe(false);
  });

  it('shows the account in the tree and its effective guardrails', async () => {
    const api = createFakeApi();
    await render(
      <EntityAccountCard dashboardPath="/governance" />,
      entity('111111111111'),
      api,
    );
    const chain = await screen.findByRole('list', {
      name: 'Guardrails by level',
    });
    expect(within(chain).getAllByRole('listitem')).toHaveLength(3);
    expect(
      within(chain).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toHaveAttribute('href', '/governance/policies/p-approvedmodels');
    expect(
      screen.getByRole('navigation', { name: 'Path from the root' }),
    ).toHaveTextContent('Root/AI Production/ml-inference-prod');
    expect(
      screen.getByRole('link', { name: 'Open in AI Governance' }),
    ).toHaveAttribute('href', '/governance/nodes/111111111111');
    expect(api.getNode).toHaveBeenCalledWith('111111111111');
  });

  it('says what to add when the annotation is missing', async () => {
    const api = createFakeApi();
    await render(<EntityAccountCard />, entity(), api);
    await act(async () => {});
    expect(
      screen.getByText('No AWS account id on this entity'),
    ).toBeInTheDocument();
    expect(screen.getByText(/amazonaws.com\/account-id/)).toBeInTheDocument();
    expect(api.getNode).not.toHaveBeenCalled();
  });

  it('says when the account is not in the organization', async () => {
    await render(<EntityAccountCard />, entity('999999999999'));
    expect(
      await screen.findByText(
        'Account 999999999999 is not in the organization',
      ),
    ).toBeInTheDocument();
  });

  it('shows errors and permission denial', async () => {
    const api = createFakeApi({
      getNode: jest.fn(async () => {
        throw Object.assign(new Error('no'), { statusCode: 403 });
      }),
    });
    await render(<EntityAccountCard />, entity('111111111111'), api);
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });

  it('shows the full account view with its AI posture in the tab', async () => {
    await render(<EntityAccountContent />, entity('111111111111'));
    expect(
      await screen.findByRole('heading', { name: 'ml-inference-prod' }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('Bedrock models')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Can it?' })).toHaveAttribute(
      'href',
      '/ai-governance/can-it?target=111111111111',
    );
  });
});
