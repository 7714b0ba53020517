import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { TreeDataProvider } from '../../hooks/useTreeData';
import {
  previewWhatIf,
  type WhatIfChangeSet,
} from '@internal/plugin-ai-governance-common';
import {
  APPROVED_MODELS_CONTENT,
  createFakeApi,
  tree,
  snapshotWithFullAccess,
} from '../../testing/fixtures';
import type { WhatIfFormState } from './changeForm';
import { WhatIfView } from './WhatIfView';

function render(
  api: ReturnType<typeof createFakeApi>,
  initial?: Partial<WhatIfFormState>,
) {
  return renderInTestApp(
    <TreeDataProvider>
      <WhatIfView initial={initial} />
    </TreeDataProvider>,
    { apis: [[aiGovernanceApiRef, api], mockApis.permission()] },
  );
}

/**
 * The fixture organization with FullAWSAccess attached to every OU and account as well, as AWS attaches it by default
 * (without it, an SCP layer allows nothing and no guardrail can change a verdict), answered by the real what-if engine.
 */
function apiWithFullAccessOus() {
  const snapshot = snapshotWithFullAccess();
  return createFakeApi({
    getTree: jest.fn(async () => ({ ...tree, nodes: snapshot.nodes })),
    whatIf: jest.fn(async (changeSet: WhatIfChangeSet) =>
      previewWhatIf(snapshot, changeSet),
    ),
  });
}

/** Opens a BUI select by its label and picks the option with that name. */
async function pick(label: string, option: string) {
  const trigger = await screen.findByRole('button', {
    name: new RegExp(`${label}$`),
  });
  await userEvent.click(trigger);
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('WhatIfView', () => {
  it('shows who gains access when a guardrail is detached, with the deciding statement, and changes nothing', async () => {
    const api = apiWithFullAccessOus();
    await render(api);
    await pick('Policy', 'ApprovedBedrockModels (SCP)');
    await pick('Detach from', 'Root / AI Production');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    expect(
      await screen.findByText('This change opens access'),
    ).toBeInTheDocument();
    expect(api.whatIf).toHaveBeenCalledWith({
      changes: [
        { op: 'detach', policy: 'p-approvedmodels', target: 'ou-demo-prod' },
      ],
    });
    expect(
      within(screen.getByRole('list', { name: 'Changes' })).getByText(
        'Detach ApprovedBedrockModels from AI Production.',
      ),
    ).toBeInTheDocument();
    const table = screen.getByRole('grid', { name: 'Changes by OU' });
    expect(
      within(table).getAllByRole('link', { name: 'ml-inference-prod' }).length,
    ).toBeGreaterThan(0);
    expect(table).toHaveTextContent('Gains access');
    expect(table).toHaveTextContent('bedrock:InvokeModel');
    // Before the change, the statement that denied it is named.
    expect(
      within(table).getAllByRole('link', { name: 'ApprovedBedrockModels' })
        .length,
    ).toBeGreaterThan(0);
    expect(table).toHaveTextContent('DenyUnapprovedModels');
    expect(screen.getByRole('list', { name: 'By request' })).toHaveTextContent(
      /ml-inference-prod|1 account/,
    );
    // Only the fake's what-if was asked: no write of any kind.
    expect(api.refresh).not.toHaveBeenCalled();
  });

  it('reads an edited policy in plain language as it is typed, and previews the edit', async () => {
    const api = apiWithFullAccessOus();
    await render(api, { op: 'edit', policyId: 'p-approvedmodels' });
    const editor = await screen.findByRole('textbox', {
      name: 'Proposed document',
    });
    await waitFor(() => expect(editor).toHaveValue(APPROVED_MODELS_CONTENT));
    expect(screen.getByLabelText('Proposed document reads')).toHaveTextContent(
      /Bedrock/,
    );

    const onlyLeave = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyLeaveOrg',
          Effect: 'Deny',
          Action: 'organizations:LeaveOrganization',
          Resource: '*',
        },
      ],
    });
    await userEvent.clear(editor);
    await userEvent.click(editor);
    await userEvent.paste(onlyLeave);
    const reads = screen.getByLabelText('Proposed document reads');
    expect(reads).not.toHaveTextContent(/Bedrock/);
    expect(reads).toHaveTextContent(/leav/i);

    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      await screen.findByText(
        'Edited policy ApprovedBedrockModels, in plain language',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('ApprovedBedrockModels now'),
    ).toHaveTextContent(/Bedrock/);
    expect(
      screen.getByLabelText('ApprovedBedrockModels as proposed'),
    ).toHaveTextContent(/leav/i);
    // Dropping the model allow-list lets AI Production invoke every model.
    expect(screen.getByText('This change opens access')).toBeInTheDocument();
    expect(api.whatIf).toHaveBeenCalledWith({
      changes: [
        { op: 'edit', policy: 'p-approvedmodels', document: onlyLeave },
      ],
    });
  });

  it('says what is missing instead of asking the backend', async () => {
    const api = createFakeApi();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Pick the policy to detach.',
    );
    await pick('Policy', 'ApprovedBedrockModels (SCP)');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Pick where to detach it from.',
    );
    expect(api.whatIf).not.toHaveBeenCalled();
  });

  it('shows that it is evaluating, then the backend message of a refused change', async () => {
    let fail: (e: Error) => void = () => {};
    const api = createFakeApi({
      whatIf: jest.fn(
        () =>
          new Promise((_, reject) => {
            fail = reject;
          }),
      ),
    });
    await render(api, {
      op: 'move',
      accountId: '222222222222',
      targetId: 'ou-demo-prod',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Evaluating every account under the changed nodes',
    );
    expect(api.whatIf).toHaveBeenCalledWith({
      changes: [{ op: 'move', account: '222222222222', to: 'ou-demo-prod' }],
    });
    fail(
      Object.assign(new Error('Request failed with 400'), {
        cause: { message: 'Change 1 (move): ml-sandbox is already there.' },
      }),
    );
    expect(
      await screen.findByText('Could not preview the change'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Change 1 (move): ml-sandbox is already there.'),
    ).toBeInTheDocument();
  });

  it('says when the change only removes access', async () => {
    const api = apiWithFullAccessOus();
    await render(api, { op: 'attach', policyId: 'p-approvedmodels' });
    await pick('Attach to', 'Root');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      await screen.findByText('This change only removes access'),
    ).toBeInTheDocument();
    expect(api.whatIf).toHaveBeenCalledWith({
      changes: [{ op: 'attach', policy: 'p-approvedmodels', target: 'r-demo' }],
    });
    // AI Development's account loses the models the guardrail does not approve; AI Production had it already.
    const table = screen.getByRole('grid', { name: 'Changes by OU' });
    expect(table).toHaveTextContent('Loses access');
    expect(
      within(table).getAllByRole('link', { name: 'ml-sandbox' }).length,
    ).toBeGreaterThan(0);
    expect(
      within(table).queryByRole('link', { name: 'ml-inference-prod' }),
    ).toBeNull();
  });

  it("says so when no account changes (the fixture's accounts have no FullAWSAccess: no SCP allows them anything either way)", async () => {
    const api = createFakeApi();
    await render(api, {
      op: 'detach',
      policyId: 'p-approvedmodels',
      targetId: 'ou-demo-prod',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    expect(
      await screen.findByText("No account's access changes"),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid', { name: 'Changes by OU' })).toBeNull();
    expect(screen.getByRole('list', { name: 'Warnings' })).toHaveTextContent(
      'Only SCPs and RCPs are evaluated',
    );
  });
});
