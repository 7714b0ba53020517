import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { mockLayout } from '../../testing/layout';
import { AiGovernancePage } from '../AiGovernancePage';

mockLayout();

describe('the Drift tab of the AI Governance page', () => {
  it('is a tab of the page and shows the drift at drift/', async () => {
    const api = createFakeApi();
    await renderInTestApp(<AiGovernancePage />, {
      apis: [
        [aiGovernanceApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
      mountPath: '/ai-governance/*',
      initialRouteEntries: ['/ai-governance/drift'],
    });
    expect(
      await screen.findByRole('list', { name: 'Changed policies' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Drift' })).toBeInTheDocument();
    expect(api.getDrift).toHaveBeenCalled();
  });
});
