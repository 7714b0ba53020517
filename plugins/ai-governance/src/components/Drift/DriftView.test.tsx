import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi, drift, SNAPSHOT_TIME } from '../../testing/fixtures';
import { DriftView } from './DriftView';

function render(api: ReturnType<typeof createFakeApi>) {
  return renderInTestApp(<DriftView />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

const httpError = (status: number, message: string) =>
  Object.assign(new Error(message), {
    name: status === 403 ? 'NotAllowedError' : 'Error',
    statusCode: status,
  });

describe('DriftView', () => {
  it('says it is loading until the comparison arrives', async () => {
    const api = createFakeApi({
      getDrift: jest.fn(() => new Promise(() => {})),
    });
    await render(api);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Loading the baseline comparison…',
    );
    expect(screen.queryByText(/matches the baseline/)).not.toBeInTheDocument();
  });

  it('groups the differences by kind and links what exists in the live organization', async () => {
    const api = createFakeApi();
    await render(api);
    expect(await screen.findByText(/differences from/)).toHaveTextContent(
      '4 differences from the baseline demo-baseline.',
    );
    expect(screen.getByText('demo-baseline')).toBeInTheDocument();
    expect(screen.getByText((_, el) => el?.tagName === 'TIME')).toHaveAttribute(
      'datetime',
      SNAPSHOT_TIME,
    );

    const changed = screen.getByRole('list', { name: 'Changed policies' });
    expect(
      within(changed).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toHaveAttribute('href', '/ai-governance/policies/p-approvedmodels');
    expect(changed).toHaveTextContent("differs from the baseline's document");

    const missingOus = screen.getByRole('list', { name: 'Missing OUs' });
    expect(within(missingOus).getByText('Root/AI/Staging').tagName).toBe(
      'CODE',
    );
    expect(within(missingOus).queryByRole('link')).not.toBeInTheDocument();

    const missing = screen.getByRole('list', { name: 'Missing attachments' });
    expect(
      within(missing).getByRole('link', { name: 'Root/AI Production' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/ou-demo-prod');
    expect(missing).toHaveTextContent(
      'DenyLeaveOrganization at Root/AI Production',
    );

    const extra = screen.getByRole('list', {
      name: 'Attachments not in the baseline',
    });
    expect(
      within(extra).getByRole('link', { name: 'AiOptOutAll' }),
    ).toHaveAttribute('href', '/ai-governance/policies/p-optout');

    // Headings in the kind order, each with its count, then the baseline's effect on access.
    expect(
      screen.getAllByRole('heading', { level: 3 }).map(h => h.textContent),
    ).toEqual([
      'Changed policies (1)',
      'Missing OUs (1)',
      'Missing attachments (1)',
      'Attachments not in the baseline (1)',
      'Effect on access',
    ]);
    expect(screen.queryByText(/matches the baseline/)).not.toBeInTheDocument();
  });

  it('says the organization matches the baseline when nothing differs', async () => {
    const api = createFakeApi({
      getDrift: jest.fn(async () => ({
        inSync: true,
        items: [],
        baseline: 'demo-baseline',
        snapshotTime: SNAPSHOT_TIME,
      })),
    });
    await render(api);
    expect(
      await screen.findByText(
        'The organization matches the baseline demo-baseline',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('shows the error and compares again on retry', async () => {
    const getDrift = jest
      .fn()
      .mockRejectedValueOnce(
        httpError(404, 'No governance baseline is installed'),
      )
      .mockResolvedValueOnce(drift);
    const api = createFakeApi({ getDrift });
    await render(api);
    expect(
      await screen.findByText(
        'Could not compare the organization with its baseline',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No governance baseline is installed'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('list', { name: 'Changed policies' }),
    ).toBeInTheDocument();
    expect(getDrift).toHaveBeenCalledTimes(2);
  });

  it('says permission denied on a 403, without a retry', async () => {
    const api = createFakeApi({
      getDrift: jest.fn(async () => {
        throw httpError(403, 'Missing permission ai-governance.tree.read');
      }),
    });
    await render(api);
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(
      screen.getByText(
        /not allowed to compare the organization with its baseline/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });
});
