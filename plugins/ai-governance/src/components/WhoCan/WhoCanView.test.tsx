import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { WHO_CAN_LIST_LIMIT, WhoCanView } from './WhoCanView';

function render(api: ReturnType<typeof createFakeApi>) {
  return renderInTestApp(<WhoCanView />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

describe('WhoCanView', () => {
  it('lists allowed and denied accounts with what denies them', async () => {
    const api = createFakeApi();
    await render(api);
    await userEvent.click(screen.getByRole('textbox', { name: 'Resource' }));
    await userEvent.paste(
      'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    const denied = await screen.findByRole('grid', {
      name: 'Denied accounts',
    });
    expect(
      within(denied).getByRole('link', { name: 'ml-inference-prod' }),
    ).toBeInTheDocument();
    expect(
      within(denied).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toBeInTheDocument();
    expect(denied).toHaveTextContent('DenyUnapprovedModels at AI Production');
    const allowed = screen.getByRole('grid', { name: 'Allowed accounts' });
    expect(
      within(allowed).getByRole('link', { name: 'ml-sandbox' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/accounts may call/)).toHaveTextContent(
      '1 accounts may call bedrock:InvokeModel on arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0; 1 may not',
    );
    expect(api.whoCan).toHaveBeenCalledWith({
      action: 'bedrock:InvokeModel',
      resource: 'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0',
    });
  });

  it('caps long lists', async () => {
    const many = Array.from({ length: 105 }, (_, i) => ({
      id: String(100000000000 + i),
      name: `acct-${i}`,
      decision: 'Allowed' as const,
    }));
    const api = createFakeApi({
      whoCan: jest.fn(async () => ({
        action: 'bedrock:InvokeModel',
        resource: '*',
        allowed: many,
        denied: [],
        distinctChains: 1,
      })),
    });
    await render(api);
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    const allowed = await screen.findByRole('grid', {
      name: 'Allowed accounts',
    });
    expect(within(allowed).getAllByRole('link')).toHaveLength(
      WHO_CAN_LIST_LIMIT,
    );
    expect(screen.getByText('and 5 more')).toBeInTheDocument();
  });

  it('refuses a malformed action', async () => {
    const api = createFakeApi();
    await render(api);
    const action = screen.getByRole('combobox', { name: 'Action' });
    await userEvent.clear(action);
    await userEvent.type(action, 'bedrock');
    // Escape closes the suggestions (which hide the rest of the page from assistive technology) and keeps the text.
    await userEvent.keyboard('{Escape}');
    expect(action).toHaveValue('bedrock');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(screen.getByRole('alert')).toHaveTextContent('service:Action');
    expect(api.whoCan).not.toHaveBeenCalled();
  });

  it('shows permission denied from the backend', async () => {
    const api = createFakeApi({
      whoCan: jest.fn(async () => {
        throw Object.assign(new Error('no'), { statusCode: 403 });
      }),
    });
    await render(api);
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });
});
