import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi, status, tree } from '../../testing/fixtures';
import { mockLayout } from '../../testing/layout';
import { AiGovernancePage } from '../AiGovernancePage';

mockLayout();

function render(api: ReturnType<typeof createFakeApi>) {
  return renderInTestApp(<AiGovernancePage />, {
    apis: [
      [aiGovernanceApiRef, api],
      mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
    ],
    mountPath: '/ai-governance/*',
    initialRouteEntries: ['/ai-governance/drift'],
  });
}

describe('the Drift tab of the AI Governance page', () => {
  it('is a tab of the page and shows the drift at drift/', async () => {
    const api = createFakeApi();
    await render(api);
    expect(
      await screen.findByRole('list', { name: 'Changed policies' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Drift' })).toBeInTheDocument();
    await waitFor(() => expect(api.getTree).toHaveBeenCalled());
    // The tree's first load does not ask for a second comparison.
    expect(api.getDrift).toHaveBeenCalledTimes(1);
  });

  it('compares again once a refresh brings a new snapshot', async () => {
    const api = createFakeApi();
    await render(api);
    await screen.findByRole('list', { name: 'Changed policies' });
    await screen.findByText(/Snapshot 5 min ago/);
    const fresh = new Date().toISOString();
    (api.getStatus as jest.Mock).mockImplementation(async () => ({
      ...status,
      snapshotTime: fresh,
      snapshotAgeSeconds: 2,
    }));
    (api.getTree as jest.Mock).mockImplementation(async () => ({
      ...tree,
      snapshotTime: fresh,
    }));
    (api.getDrift as jest.Mock).mockImplementation(async () => ({
      inSync: true,
      items: [],
      baseline: 'demo-baseline',
      snapshotTime: fresh,
    }));
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText(
        'The organization matches the baseline demo-baseline',
      ),
    ).toBeInTheDocument();
    expect(api.getDrift).toHaveBeenCalledTimes(2);
  });
});
