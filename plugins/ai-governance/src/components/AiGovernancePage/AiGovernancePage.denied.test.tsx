import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { AiGovernancePage } from './AiGovernancePage';

// Its own file: the permission hook caches answers per permission for the life of the module.
describe('AiGovernancePage without permission', () => {
  it('shows permission denied and asks the backend for nothing', async () => {
    const api = createFakeApi();
    await renderInTestApp(<AiGovernancePage />, {
      apis: [
        [aiGovernanceApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
      mountPath: '/ai-governance/*',
      initialRouteEntries: ['/ai-governance'],
    });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(
      screen.getByText(
        /not allowed to view the organization's governance tree/,
      ),
    ).toBeInTheDocument();
    expect(api.getTree).not.toHaveBeenCalled();
  });
});
