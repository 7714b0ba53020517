import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { TreeDataProvider } from '../../hooks/useTreeData';
import { createFakeApi, simulate } from '../../testing/fixtures';
import { CanItPanel } from './CanItPanel';
import { buildRequest, decidingOf } from './request';

function render(api: ReturnType<typeof createFakeApi>, initialTarget?: string) {
  return renderInTestApp(<CanItPanel initialTarget={initialTarget} />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

/** Replaces the action's text by typing `text`; returns the field. */
async function typeAction(text: string) {
  const action = screen.getByRole('combobox', { name: 'Action' });
  await userEvent.clear(action);
  await userEvent.type(action, text);
  return action;
}

/** The actions the open suggestion list offers. */
function suggestions() {
  return within(screen.getByRole('listbox'))
    .getAllByRole('option')
    .map(o => o.textContent);
}

describe('CanItPanel', () => {
  it('shows the deny, each level, and the deciding statement highlighted in its policy', async () => {
    const api = createFakeApi();
    await render(api, '111111111111');
    const resource = screen.getByRole('textbox', { name: 'Resource' });
    await userEvent.click(resource);
    await userEvent.paste(
      'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Add context key' }),
    );
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Context key 1' }),
    );
    await userEvent.paste('aws:RequestedRegion');
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Context value 1' }),
    );
    await userEvent.paste('us-east-1');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));

    await waitFor(() => expect(api.simulate).toHaveBeenCalledTimes(1));
    expect(api.simulate).toHaveBeenCalledWith({
      target: '111111111111',
      action: 'bedrock:InvokeModel',
      resource: 'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    });
    const verdict = await screen.findByRole('region', { name: 'Verdict' });
    expect(
      within(verdict).getAllByText('Denied (explicit deny)').length,
    ).toBeGreaterThan(0);
    const table = within(verdict).getByRole('grid', {
      name: 'Result at each level',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('rowheader').textContent)).toEqual(
      ['RootRoot', 'OUAI Production', 'Accountml-inference-prod'],
    );
    expect(rows[1]).toHaveTextContent('Denied (explicit deny)');
    expect(rows[1]).toHaveTextContent('Deny DenyUnapprovedModels');

    const deciding = await screen.findByRole('region', {
      name: 'Deciding statement',
    });
    expect(deciding).toHaveTextContent(
      'DenyUnapprovedModels (Deny) in ApprovedBedrockModels attached at AI Production',
    );
    const doc = await within(deciding).findByRole('region', {
      name: 'Deciding statement in ApprovedBedrockModels',
    });
    const marks = doc.querySelectorAll('mark');
    expect(marks.length).toBe(9);
    expect(doc).toHaveTextContent('"Sid": "DenyUnapprovedModels"');
    // The excerpt shows the statement and two lines around it, not the whole document.
    expect(doc.querySelector('[data-line="1"]')).toBeNull();
    expect(doc.querySelector('[data-line="2"]')).not.toBeNull();
    expect(doc.querySelector('[data-line="14"]')).not.toBeNull();
    expect(doc.querySelector('[data-line="15"]')).toBeNull();
    expect(
      within(deciding).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toHaveAttribute(
      'href',
      '/ai-governance/policies/p-approvedmodels?lines=4-12',
    );
  });

  it('shows an allow', async () => {
    const api = createFakeApi();
    await render(api, '222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    const verdict = await screen.findByRole('region', { name: 'Verdict' });
    expect(verdict).toHaveTextContent('Every level allows it');
    // Suggestions are fetched only once the user edits the action.
    expect(api.listActions).not.toHaveBeenCalled();
  });

  it('refuses a malformed action and changes nothing', async () => {
    const api = createFakeApi();
    await render(api, '111111111111');
    const action = await typeAction('InvokeModel');
    // Escape closes the suggestions (which hide the rest of the page from assistive technology) and keeps the text.
    await userEvent.keyboard('{Escape}');
    expect(action).toHaveValue('InvokeModel');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(screen.getByRole('alert')).toHaveTextContent('service:Action');
    expect(api.simulate).not.toHaveBeenCalled();
  });

  it("suggests the organization's accounts by name and takes the id of the one picked", async () => {
    const api = createFakeApi();
    await renderInTestApp(
      <TreeDataProvider>
        <CanItPanel />
      </TreeDataProvider>,
      { apis: [[aiGovernanceApiRef, api], mockApis.permission()] },
    );
    await waitFor(() => expect(api.getTree).toHaveBeenCalled());
    const target = screen.getByRole('combobox', { name: 'Account or OU' });
    await userEvent.type(target, 'inference');
    // Each suggestion is a node's id (what the field takes), with its name beside it.
    const option = await screen.findByRole('option', { name: '111111111111' });
    expect(option).toHaveTextContent('ml-inference-prod');
    await userEvent.click(option);
    expect(target).toHaveValue('111111111111');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    await waitFor(() =>
      expect(api.simulate).toHaveBeenCalledWith(
        expect.objectContaining({ target: '111111111111' }),
      ),
    );
  });

  it('asks for a target', async () => {
    const api = createFakeApi();
    await render(api);
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Pick an account or OU',
    );
    expect(api.simulate).not.toHaveBeenCalled();
  });

  it('suggests actions from the backend catalog', async () => {
    const api = createFakeApi();
    await render(api, '111111111111');
    await typeAction('bedrock:Con');
    await waitFor(() =>
      expect(api.listActions).toHaveBeenCalledWith('bedrock:Con'),
    );
    await waitFor(() => expect(suggestions()).toEqual(['bedrock:Converse']));
  });

  it('falls back to built-in suggestions when the catalog is unavailable', async () => {
    const api = createFakeApi({
      listActions: jest.fn(async () => {
        throw new Error('404');
      }),
    });
    await render(api, '111111111111');
    await typeAction('sagemaker:CreateE');
    await waitFor(() => expect(api.listActions).toHaveBeenCalled());
    await waitFor(() =>
      expect(suggestions()).toEqual([
        'sagemaker:CreateEndpoint',
        'sagemaker:CreateEndpointConfig',
      ]),
    );
  });

  it('stops asking a backend that has no action catalog', async () => {
    const api = createFakeApi({
      listActions: jest.fn(async () => {
        throw Object.assign(new Error('Not Found'), { statusCode: 404 });
      }),
    });
    await render(api, '111111111111');
    const action = await typeAction('sagemaker:Cr');
    await waitFor(() => expect(api.listActions).toHaveBeenCalledTimes(1));
    await userEvent.type(action, 'eateE');
    await waitFor(() =>
      expect(suggestions()).toEqual([
        'sagemaker:CreateEndpoint',
        'sagemaker:CreateEndpointConfig',
      ]),
    );
    // Longer than the suggestion debounce, so a second request would have gone out by now.
    await new Promise(r => setTimeout(r, 400));
    expect(api.listActions).toHaveBeenCalledTimes(1);
  });

  it('shows an evaluation error', async () => {
    const api = createFakeApi({
      simulate: jest.fn(async () => {
        throw new Error('engine exploded');
      }),
    });
    await render(api, '111111111111');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(await screen.findByText('engine exploded')).toBeInTheDocument();
  });

  it('builds requests with multi-valued context and a default resource', () => {
    expect(
      buildRequest({
        target: ' 111111111111 ',
        action: 'bedrock:InvokeModel',
        resource: '',
        context: [
          { key: 'aws:SourceVpc', value: 'vpc-1, vpc-2' },
          { key: '', value: 'ignored' },
        ],
      }),
    ).toEqual({
      target: '111111111111',
      action: 'bedrock:InvokeModel',
      resource: '*',
      context: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] },
    });
  });

  it('finds the deciding statement of each kind of answer', () => {
    const deny = simulate({
      target: '111111111111',
      action: 'bedrock:InvokeModel',
      resource: 'x',
    });
    expect(decidingOf(deny).statement?.sid).toBe('DenyUnapprovedModels');
    const allow = simulate({ target: '111111111111', action: 's3:GetObject' });
    expect(decidingOf(allow).statement?.policyName).toBe('FullAWSAccess');
    expect(
      decidingOf({
        decision: 'ImplicitDeny',
        byType: {},
        explanation: '',
        levels: [
          {
            node: { id: 'r', kind: 'root', name: 'Root' },
            policyType: 'SERVICE_CONTROL_POLICY',
            decision: 'ImplicitDeny',
            deciding: [],
          },
        ],
      }),
    ).toEqual({ levelName: 'Root' });
  });
});
