import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AccountRequestRecord } from '@internal/plugin-ai-governance-common';
import { accountRequest, ADMIN } from '../../testing/fixtures';
import { mockLayout } from '../../testing/layout';
import { ACCOUNT_REQUESTS_CHANNEL } from '../../hooks/useLiveRequests';
import { fakeApi, fakeSignals, renderPage } from './__testUtils__/renderPage';

mockLayout();

// Ids differ between tests: the permission hook caches its answers per resource for the life of the module.
function apiServing(record: AccountRequestRecord) {
  const api = fakeApi();
  api.getAccountRequest.mockImplementation(async () => record);
  return api;
}

describe('an account request', () => {
  it('shows the fields and the full history, oldest first, with comments', async () => {
    const api = apiServing(accountRequest('car-hist0001', 'provisioning'));
    await renderPage(api, { path: '/ai-governance/requests/car-hist0001' });
    const history = await screen.findByRole('list', { name: 'History' });
    const items = within(history).getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('data-state'))).toEqual([
      'requested',
      'approved',
      'provisioning',
    ]);
    expect(items[0]).toHaveTextContent('Requested by guest');
    expect(items[0]).toHaveTextContent('2026-12-01 09:00 UTC');
    expect(items[1]).toHaveTextContent('Approved by demo-admin');
    expect(items[1]).toHaveTextContent('“Budget confirmed”');
    expect(
      screen.getByText('The account is being created'),
    ).toBeInTheDocument();
    expect(screen.getByText('CC-1234')).toBeInTheDocument();
    expect(api.getAccountRequest).toHaveBeenCalledWith('car-hist0001');
    // Provisioning has started: no cancel any more.
    expect(
      screen.queryByRole('button', { name: 'Cancel request…' }),
    ).toBeNull();
  });

  it('links to the account once it is ready', async () => {
    await renderPage(apiServing(accountRequest('car-ready001', 'ready')), {
      path: '/ai-governance/requests/car-ready001',
    });
    expect(
      await screen.findByText('Account 333333333333 is ready'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the account' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/333333333333');
  });

  it('says why provisioning failed', async () => {
    await renderPage(apiServing(accountRequest('car-fail0001', 'failed')), {
      path: '/ai-governance/requests/car-fail0001',
    });
    expect(await screen.findAllByText('Provisioning failed')).not.toHaveLength(
      0,
    );
    expect(
      screen.getByText(
        'AWS refused the account: the email is already in use by another account.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the rejection comment', async () => {
    await renderPage(apiServing(accountRequest('car-rej00001', 'rejected')), {
      path: '/ai-governance/requests/car-rej00001',
    });
    // In the outcome and in the history.
    expect(await screen.findAllByText('Rejected by demo-admin')).toHaveLength(
      2,
    );
    expect(
      screen.getAllByText(/Use the shared inference account/).length,
    ).toBeGreaterThan(0);
  });

  it('lets the requester cancel while it waits, after confirmation', async () => {
    const api = apiServing(accountRequest('car-canc0001', 'requested'));
    await renderPage(api, { path: '/ai-governance/requests/car-canc0001' });
    expect(
      await screen.findByText("Waiting for a governance admin's approval"),
    ).toBeInTheDocument();
    // The target OU's guardrails are shown while it waits.
    expect(
      await screen.findByRole('list', { name: 'Guardrails by level' }),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel request…' }),
    );
    const dialog = await screen.findByRole('dialog');
    api.getAccountRequest.mockImplementation(async () =>
      accountRequest('car-canc0001', 'cancelled'),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel the request' }),
    );
    await waitFor(() =>
      expect(api.cancelAccountRequest).toHaveBeenCalledWith(
        'car-canc0001',
        undefined,
      ),
    );
    expect(
      await screen.findByText('Cancelled; nothing was created'),
    ).toBeInTheDocument();
    // A requester may not approve: no approve or reject buttons.
    expect(screen.queryByRole('button', { name: 'Approve…' })).toBeNull();
  });

  it('lets an approver approve from the detail view', async () => {
    const api = apiServing(
      accountRequest('car-appr0001', 'requested', {
        requestedBy: 'user:default/bob',
      }),
    );
    await renderPage(api, {
      path: '/ai-governance/requests/car-appr0001',
      user: ADMIN,
      canApprove: true,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve…' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() =>
      expect(api.approveAccountRequest).toHaveBeenCalledWith(
        'car-appr0001',
        undefined,
      ),
    );
  });

  it('says so when there is no such request', async () => {
    const api = fakeApi();
    api.getAccountRequest.mockRejectedValue(
      Object.assign(new Error('Request failed with 404'), {
        statusCode: 404,
      }),
    );
    await renderPage(api, { path: '/ai-governance/requests/car-missing1' });
    expect(
      await screen.findByText('No account request car-missing1'),
    ).toBeInTheDocument();
  });

  it("shows permission denied when the request is not the user's to see", async () => {
    const api = fakeApi();
    api.getAccountRequest.mockRejectedValue(
      Object.assign(new Error('Request failed with 403'), {
        statusCode: 403,
      }),
    );
    await renderPage(api, { path: '/ai-governance/requests/car-denied01' });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });

  it('reloads when a signal says a request changed', async () => {
    const signals = fakeSignals();
    const api = apiServing(accountRequest('car-sig00001', 'requested'));
    await renderPage(api, {
      path: '/ai-governance/requests/car-sig00001',
      signals: signals.api,
    });
    expect(
      await screen.findByText("Waiting for a governance admin's approval"),
    ).toBeInTheDocument();
    expect(signals.count(ACCOUNT_REQUESTS_CHANNEL)).toBeGreaterThan(0);
    api.getAccountRequest.mockImplementation(async () =>
      accountRequest('car-sig00001', 'ready'),
    );
    act(() =>
      signals.emit(ACCOUNT_REQUESTS_CHANNEL, {
        id: 'car-sig00001',
        state: 'ready',
      }),
    );
    expect(
      await screen.findByText('Account 333333333333 is ready'),
    ).toBeInTheDocument();
  });
});

describe('polling without signals', () => {
  afterEach(() => jest.useRealTimers());

  it('asks again every 10 s while the request may still change, and stops once it is final', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const api = apiServing(accountRequest('car-poll0001', 'approved'));
    await renderPage(api, { path: '/ai-governance/requests/car-poll0001' });
    expect(
      await screen.findByText('Approved; provisioning starts shortly'),
    ).toBeInTheDocument();
    const before = api.getAccountRequest.mock.calls.length;
    api.getAccountRequest.mockImplementation(async () =>
      accountRequest('car-poll0001', 'ready'),
    );
    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    expect(
      await screen.findByText('Account 333333333333 is ready'),
    ).toBeInTheDocument();
    const after = api.getAccountRequest.mock.calls.length;
    expect(after).toBe(before + 1);
    // Ready is final: no more questions.
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    expect(api.getAccountRequest.mock.calls.length).toBe(after);
  });
});
