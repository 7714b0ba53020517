import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi, status, tree } from '../../testing/fixtures';
import { mockLayout } from '../../testing/layout';
import { AiGovernancePage } from './AiGovernancePage';

mockLayout();

function render(api = createFakeApi(), path = '/ai-governance', allow = true) {
  return renderInTestApp(<AiGovernancePage />, {
    apis: [
      [aiGovernanceApiRef, api],
      mockApis.permission({
        authorize: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }),
    ],
    mountPath: '/ai-governance/*',
    initialRouteEntries: [path],
  });
}

describe('AiGovernancePage', () => {
  it('shows the tree with owner tags, states and policy slots', async () => {
    await render();
    const orgTree = await screen.findByRole('tree', { name: 'Organization' });
    expect(
      within(orgTree).getByRole('link', { name: 'AI Production' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/ou-demo-prod');
    expect(within(orgTree).getByText('owner: ml-team')).toBeInTheDocument();
    expect(within(orgTree).getByText('Suspended (closed)')).toHaveAttribute(
      'data-account-state',
      'SUSPENDED',
    );
    // Root has one SCP and one opt-out policy attached.
    const root = orgTree.querySelector(
      '[data-node-id="r-demo"]',
    ) as HTMLElement;
    expect(within(root).getByLabelText('SCP 1 of 10')).toBeInTheDocument();
    expect(
      within(root).getByLabelText('AI opt-out 1 of 5'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '1 account in 2 OUs (and 1 suspended or closing, not counted)',
      ),
    ).toBeInTheDocument();
  });

  it('filters by email, tag and id, and says when nothing matches', async () => {
    await render();
    await screen.findByRole('tree');
    const search = screen.getByRole('searchbox', {
      name: 'Filter the organization',
    });
    await userEvent.type(search, 'sandbox@example');
    await waitFor(() =>
      expect(screen.getByText('1 match')).toBeInTheDocument(),
    );
    const orgTree = screen.getByRole('tree');
    expect(
      within(orgTree).getByRole('link', { name: 'ml-sandbox' }),
    ).toBeInTheDocument();
    expect(
      within(orgTree).queryByRole('link', { name: 'ml-inference-prod' }),
    ).toBeNull();
    // The ancestors of a match stay visible, so its place in the tree shows.
    expect(
      within(orgTree).getByRole('link', { name: 'AI Development' }),
    ).toBeInTheDocument();

    await userEvent.clear(search);
    await userEvent.type(search, 'costCenter=cc-42');
    await waitFor(() =>
      expect(
        within(screen.getByRole('tree')).getByRole('link', {
          name: 'ml-inference-prod',
        }),
      ).toBeInTheDocument(),
    );

    await userEvent.clear(search);
    await userEvent.type(search, 'no-such-thing');
    expect(
      await screen.findByText('Nothing matches the filter'),
    ).toBeInTheDocument();
  });

  it('expands and collapses nodes', async () => {
    await render();
    const orgTree = await screen.findByRole('tree');
    // OUs under the root start open.
    expect(
      within(orgTree).getByRole('link', { name: 'ml-inference-prod' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(orgTree).getByRole('button', { name: 'Collapse AI Production' }),
    );
    expect(
      within(orgTree).queryByRole('link', { name: 'ml-inference-prod' }),
    ).toBeNull();
    await userEvent.click(
      within(orgTree).getByRole('button', { name: 'Expand AI Production' }),
    );
    expect(
      within(orgTree).getByRole('link', { name: 'ml-inference-prod' }),
    ).toBeInTheDocument();
  });

  it('shows a node at its own URL with inherited guardrails level by level', async () => {
    const api = createFakeApi();
    await render(api, '/ai-governance/nodes/111111111111');
    const chain = await screen.findByRole('list', {
      name: 'Guardrails by level',
    });
    const levels = within(chain).getAllByRole('listitem');
    expect(levels.map(l => l.getAttribute('aria-label'))).toEqual([
      'Level 1: Root',
      'Level 2: AI Production',
      'Level 3: ml-inference-prod',
    ]);
    expect(
      within(levels[1]).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toHaveAttribute('href', '/ai-governance/policies/p-approvedmodels');
    expect(
      within(levels[0]).getByRole('link', { name: 'AiOptOutAll' }),
    ).toBeInTheDocument();
    expect(
      within(levels[2]).getByText('Nothing attached here'),
    ).toBeInTheDocument();
    // Tags and path
    expect(
      screen.getByRole('navigation', { name: 'Path from the root' }),
    ).toHaveTextContent('Root/AI Production/ml-inference-prod');
    expect(screen.getByText('cc-42')).toBeInTheDocument();
    // The selected row is marked in the tree.
    const row = screen
      .getByRole('tree')
      .querySelector('[data-node-id="111111111111"]');
    expect(row).toHaveAttribute('aria-selected', 'true');
  });

  it('summarises the AI posture from the evaluator', async () => {
    const api = createFakeApi();
    await render(api, '/ai-governance/nodes/111111111111');
    const bedrock = await screen
      .findByRole('region', { name: 'Bedrock models' }, { timeout: 5000 })
      .catch(() => screen.findByLabelText('Bedrock models'));
    await waitFor(() =>
      expect(bedrock).toHaveTextContent('2 of 4 probed may be invoked'),
    );
    expect(bedrock).toHaveTextContent('deepseek.r1-v1:0');
    expect(
      within(bedrock).getAllByRole('link', {
        name: 'ApprovedBedrockModels / DenyUnapprovedModels',
      }),
    ).toHaveLength(2);
    expect(screen.getByLabelText('AI services opt-out')).toHaveTextContent(
      'AiOptOutAll',
    );
    expect(api.simulate).toHaveBeenCalledWith(
      expect.objectContaining({
        target: '111111111111',
        action: 'sagemaker:CreateModel',
        context: expect.objectContaining({
          'sagemaker:VolumeKmsKeyArn': expect.any(String),
        }),
      }),
    );
    expect(api.simulate).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'bedrock:InvokeModel',
        context: expect.objectContaining({
          'bedrock:GuardrailIdentifier': expect.any(String),
        }),
      }),
    );
  });

  it('says when a node is not in the snapshot', async () => {
    await render(createFakeApi(), '/ai-governance/nodes/999999999999');
    expect(
      await screen.findByText('No node 999999999999 in the snapshot'),
    ).toBeInTheDocument();
  });

  it('shows the loading state, then an error with a retry', async () => {
    let fail = true;
    const api = createFakeApi({
      getTree: jest.fn(async () => {
        if (fail) throw new Error('backend is down');
        return tree;
      }) as any,
    });
    await render(api);
    expect(screen.getByText('Loading the organization…')).toBeInTheDocument();
    expect(
      await screen.findByText('Could not load the organization'),
    ).toBeInTheDocument();
    expect(screen.getByText('backend is down')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('tree')).toBeInTheDocument();
  });

  it('shows an empty organization', async () => {
    const api = createFakeApi({
      getTree: jest.fn(async () => ({
        organization: { id: 'o-x', managementAccountId: '0' },
        nodes: [],
        policies: [],
        snapshotTime: new Date().toISOString(),
      })),
    });
    await render(api);
    expect(
      await screen.findByText('The organization is empty'),
    ).toBeInTheDocument();
  });

  it('shows permission denied when the backend answers 403', async () => {
    const api = createFakeApi({
      getTree: jest.fn(async () => {
        throw Object.assign(new Error('denied'), {
          name: 'NotAllowedError',
          statusCode: 403,
        });
      }),
    });
    await render(api);
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });

  it('shows the snapshot age and refreshes for those allowed', async () => {
    const api = createFakeApi();
    await render(api);
    expect(await screen.findByText(/Snapshot 5 min ago/)).toBeInTheDocument();
    const fresh = new Date().toISOString();
    (api.getStatus as jest.Mock).mockImplementation(async () => ({
      ...status,
      snapshotTime: fresh,
      snapshotAgeSeconds: 2,
    }));
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.refresh).toHaveBeenCalledTimes(1));
    // Once the status shows a new snapshot, the tree is loaded again and the age updates.
    await waitFor(() => expect(api.getTree).toHaveBeenCalledTimes(2));
    expect(await screen.findByText(/Snapshot 2 s ago/)).toBeInTheDocument();
  });

  it('says when the refresh is refused', async () => {
    const api = createFakeApi({
      refresh: jest.fn(async () => {
        throw new Error('a crawl is already running');
      }),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Refresh failed: a crawl is already running',
    );
    expect(api.getTree).toHaveBeenCalledTimes(1);
  });

  it('routes to the policy, Can it? and Who can? views', async () => {
    await render(
      createFakeApi(),
      '/ai-governance/policies/p-approvedmodels?lines=4-12',
    );
    const doc = await screen.findByRole('region', {
      name: 'Document of ApprovedBedrockModels',
    });
    expect(doc.querySelectorAll('mark')).toHaveLength(9);
  });

  it('opens Can it? with the target from the URL', async () => {
    await render(createFakeApi(), '/ai-governance/can-it?target=222222222222');
    expect(
      await screen.findByRole('combobox', { name: 'Account or OU' }),
    ).toHaveValue('222222222222');
  });

  it('opens Who can?', async () => {
    await render(createFakeApi(), '/ai-governance/who-can');
    expect(
      await screen.findByRole('form', { name: 'Who can?' }),
    ).toBeInTheDocument();
  });

  it('says when a path is unknown', async () => {
    await render(createFakeApi(), '/ai-governance/nope');
    expect(await screen.findByText(/Nothing here/)).toBeInTheDocument();
  });
});
