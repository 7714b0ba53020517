import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  previewWhatIf,
  type BaselineWhatIfResponse,
} from '@internal/plugin-ai-governance-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import {
  APPROVED_MODELS_CONTENT,
  createFakeApi,
  drift,
  SNAPSHOT_TIME,
  snapshotWithFullAccess,
} from '../../testing/fixtures';
import { DriftView } from './DriftView';

function render(api: ReturnType<typeof createFakeApi>) {
  return renderInTestApp(<DriftView />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

/**
 * The real what-if of the fixture's "policy changed" drift: the baseline's ApprovedBedrockModels approves Anthropic
 * models only, on the fixture organization with FullAWSAccess on every OU and account as AWS attaches it.
 */
function baselineAnswer(): BaselineWhatIfResponse {
  const snapshot = snapshotWithFullAccess();
  const anthropicOnly = APPROVED_MODELS_CONTENT.replace(
    /,\s*"arn:aws:bedrock:\*::foundation-model\/amazon\.\*"/,
    '',
  );
  expect(anthropicOnly).not.toEqual(APPROVED_MODELS_CONTENT);
  return {
    baseline: 'demo-baseline',
    snapshotTime: SNAPSHOT_TIME,
    changes: 1,
    whatIf: previewWhatIf(snapshot, {
      description: 'Apply baseline demo-baseline',
      changes: [
        { op: 'edit', policy: 'p-approvedmodels', document: anthropicOnly },
      ],
    }),
  };
}

describe('DriftView: the effect on access of applying the baseline', () => {
  it('shows, on demand, which accounts would lose which requests, and the edited policy in plain language', async () => {
    let answer: (r: BaselineWhatIfResponse) => void = () => {};
    const api = createFakeApi({
      getBaselineWhatIf: jest.fn(
        () =>
          new Promise<BaselineWhatIfResponse>(resolve => {
            answer = resolve;
          }),
      ),
    });
    await render(api);
    await screen.findByText('Effect on access');
    expect(api.getBaselineWhatIf).not.toHaveBeenCalled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Preview the effect on access' }),
    );
    expect(
      await screen.findByText(
        /Evaluating every account under the nodes the baseline changes/,
      ),
    ).toHaveAttribute('role', 'status');
    answer(baselineAnswer());

    expect(
      await screen.findByText('This change only removes access'),
    ).toBeInTheDocument();
    const table = screen.getByRole('grid', { name: 'Changes by OU' });
    expect(table).toHaveTextContent('Loses access');
    expect(table).toHaveTextContent('amazon');
    expect(
      within(table).getAllByRole('link', { name: 'ml-inference-prod' }).length,
    ).toBeGreaterThan(0);
    expect(
      within(table).queryByRole('link', { name: 'ml-sandbox' }),
    ).toBeNull();
    expect(
      screen.getByText(
        'Edited policy ApprovedBedrockModels, in plain language',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('ApprovedBedrockModels as proposed'),
    ).not.toHaveTextContent(/amazon/i);
    expect(
      screen.getByLabelText('ApprovedBedrockModels now'),
    ).toHaveTextContent(/amazon/i);
    expect(
      screen.getByRole('button', { name: 'Evaluate again' }),
    ).toBeInTheDocument();
  });

  it('says so when applying the baseline changes nobody’s access', async () => {
    const api = createFakeApi();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Preview the effect on access',
      }),
    );
    expect(
      await screen.findByText("Applying the baseline changes nobody's access"),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid', { name: 'Changes by OU' })).toBeNull();
  });

  it('shows the backend message when it cannot evaluate, with a retry', async () => {
    const api = createFakeApi({
      getBaselineWhatIf: jest
        .fn()
        .mockRejectedValueOnce(
          Object.assign(new Error('Request failed with 404'), {
            cause: { message: 'No governance baseline is installed' },
          }),
        )
        .mockResolvedValueOnce(baselineAnswer()),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Preview the effect on access',
      }),
    );
    expect(
      await screen.findByText('No governance baseline is installed'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('This change only removes access'),
    ).toBeInTheDocument();
  });

  it('is not offered when the organization matches the baseline', async () => {
    const api = createFakeApi({
      getDrift: jest.fn(async () => ({ ...drift, inSync: true, items: [] })),
    });
    await render(api);
    await screen.findByText(/matches the baseline/);
    expect(screen.queryByText('Effect on access')).toBeNull();
  });
});
