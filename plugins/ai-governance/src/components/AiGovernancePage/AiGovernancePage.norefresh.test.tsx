import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { mockLayout } from '../../testing/layout';
import { AiGovernancePage } from './AiGovernancePage';

mockLayout();

// Its own file: the permission hook caches answers per permission for the life of the module.
describe('AiGovernancePage for readers who may not refresh', () => {
  it('shows the snapshot age but no refresh button', async () => {
    const api = createFakeApi();
    await renderInTestApp(<AiGovernancePage />, {
      apis: [
        [aiGovernanceApiRef, api],
        mockApis.permission({
          authorize: req =>
            req.permission.name === 'ai-governance.refresh'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ],
      mountPath: '/ai-governance/*',
      initialRouteEntries: ['/ai-governance'],
    });
    expect(await screen.findByRole('tree')).toBeInTheDocument();
    expect(await screen.findByText(/Snapshot 5 min ago/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();
    expect(api.refresh).not.toHaveBeenCalled();
  });
});
