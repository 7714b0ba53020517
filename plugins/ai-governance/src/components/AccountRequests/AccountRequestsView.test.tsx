import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AccountRequestRecord } from '@internal/plugin-ai-governance-common';
import { accountRequest, ADMIN, ME } from '../../testing/fixtures';
import { mockLayout } from '../../testing/layout';
import { fakeApi, renderPage } from './__testUtils__/renderPage';

mockLayout();

/** A refusal as the client throws it: a ResponseError whose cause carries the backend's message. */
function refusal(statusCode: number, name: string, message: string) {
  return Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    cause: { name, message },
    body: { error: { name, message }, response: { statusCode } },
  });
}

/** Renders the tab for `user`, who may approve, and opens the dialog of the queue's first request's `decision`. */
async function openDecision(
  api: ReturnType<typeof fakeApi>,
  user: string,
  decision: 'Approve' | 'Reject',
) {
  await renderPage(api, {
    path: '/ai-governance/requests',
    user,
    canApprove: true,
  });
  const queue = await screen.findByRole('region', { name: 'Approval queue' });
  await userEvent.click(
    within(queue).getByRole('button', { name: `${decision}…` }),
  );
  return { queue, dialog: await screen.findByRole('dialog') };
}

/** An API whose `mine` list and waiting list are given; `requested` items of others form the queue. */
function apiWith(
  mine: AccountRequestRecord[],
  waiting: AccountRequestRecord[] = [],
) {
  const api = fakeApi();
  api.listAccountRequests.mockImplementation(async query => ({
    items: query?.mine ? mine : waiting,
  }));
  return api;
}

const waitingForAdmin = accountRequest('car-prod0001', 'requested', {
  requestedBy: ME,
  fields: {
    name: 'Fraud Scoring',
    environment: 'production',
    owner: 'group:default/ml-platform',
    costCenter: 'CC-9',
    dataClassification: 'restricted',
    purpose: 'Score card payments',
  },
});

describe('the Account requests tab', () => {
  it('is a tab of the page and lists my requests with their state', async () => {
    const api = apiWith([
      accountRequest('car-a', 'requested'),
      accountRequest('car-b', 'ready'),
      accountRequest('car-c', 'failed'),
    ]);
    await renderPage(api, { path: '/ai-governance/requests' });
    expect(
      await screen.findByRole('tab', { name: 'Account requests' }),
    ).toBeInTheDocument();
    const mine = await screen.findByRole('region', { name: 'My requests' });
    expect(await within(mine).findByText('ML car-a')).toBeInTheDocument();
    expect(within(mine).getByText('Waiting for approval')).toBeInTheDocument();
    expect(within(mine).getByText('Ready')).toBeInTheDocument();
    expect(within(mine).getByText('Failed')).toBeInTheDocument();
    // The ready one links to its account in the tree; each request to its detail view.
    expect(
      within(mine).getByRole('link', { name: '333333333333' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/333333333333');
    expect(
      within(mine).getByRole('link', { name: 'ML car-a' }),
    ).toHaveAttribute('href', '/ai-governance/requests/car-a');
    expect(api.listAccountRequests).toHaveBeenCalledWith({ mine: true });
    // A requester has no approval queue.
    expect(screen.queryByRole('region', { name: 'Approval queue' })).toBeNull();
  });

  it('says how to ask for an account when there is none', async () => {
    await renderPage(apiWith([]), { path: '/ai-governance/requests' });
    expect(
      await screen.findByText('You have not asked for an account yet'),
    ).toBeInTheDocument();
  });

  it('shows loading until the list arrives', async () => {
    const api = fakeApi();
    api.listAccountRequests.mockImplementation(() => new Promise(() => {}));
    await renderPage(api, { path: '/ai-governance/requests' });
    expect(
      await screen.findByText('Loading your account requests…'),
    ).toBeInTheDocument();
  });

  it("shows the server's message when the list fails", async () => {
    const api = fakeApi();
    api.listAccountRequests.mockRejectedValue(
      refusal(
        503,
        'ServiceUnavailableError',
        'The request store is not ready yet; try again in a minute.',
      ),
    );
    await renderPage(api, { path: '/ai-governance/requests' });
    expect(
      await screen.findByText(
        'The request store is not ready yet; try again in a minute.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not load your account requests'),
    ).toBeInTheDocument();
  });

  it('shows permission denied on a 403', async () => {
    const api = fakeApi();
    api.listAccountRequests.mockRejectedValue(
      refusal(403, 'NotAllowedError', 'no'),
    );
    await renderPage(api, { path: '/ai-governance/requests' });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(
      screen.getByText(/not allowed to load your account requests/),
    ).toBeInTheDocument();
  });

  it('shows an approver the queue with the form fields and the guardrails the account will get', async () => {
    const api = apiWith([], [waitingForAdmin]);
    await renderPage(api, {
      path: '/ai-governance/requests',
      user: ADMIN,
      canApprove: true,
    });
    const queue = await screen.findByRole('region', { name: 'Approval queue' });
    expect(within(queue).getByText('Approval queue (1)')).toBeInTheDocument();
    for (const text of [
      'Fraud Scoring',
      'group:default/ml-platform',
      'CC-9',
      'Restricted',
      'Score card payments',
      'aws+ml-car-prod0001@example.com',
    ]) {
      expect(within(queue).getAllByText(text).length).toBeGreaterThan(0);
    }
    // The target OU's inherited policies, level by level: Root's then AI Production's.
    const chain = await within(queue).findByRole('list', {
      name: 'Guardrails by level',
    });
    expect(
      within(chain).getByRole('listitem', { name: 'Level 1: Root' }),
    ).toHaveTextContent('FullAWSAccess');
    expect(
      within(chain).getByRole('listitem', { name: 'Level 2: AI Production' }),
    ).toHaveTextContent('ApprovedBedrockModels');
    expect(
      within(chain).getByRole('listitem', { name: 'Level 2: AI Production' }),
    ).toHaveTextContent('(where the account lands)');
    expect(api.getNode).toHaveBeenCalledWith('ou-demo-prod');
    expect(api.listAccountRequests).toHaveBeenCalledWith({
      state: 'requested',
    });
  });

  it('points out a root email the requester chose, and only that one', async () => {
    const given = accountRequest('car-prod0002', 'requested', {
      requestedBy: ME,
      email: 'someone@corp.example',
      emailGivenByRequester: true,
    });
    const api = apiWith([], [waitingForAdmin, given]);
    await renderPage(api, {
      path: '/ai-governance/requests',
      user: ADMIN,
      canApprove: true,
    });
    const queue = await screen.findByRole('region', { name: 'Approval queue' });
    await within(queue).findByText('Approval queue (2)');
    const chips = within(queue).getAllByRole('note', {
      name: 'Root email given by the requester',
    });
    expect(chips).toHaveLength(1);
    expect(chips[0]).toHaveTextContent('Given by the requester');
    expect(chips[0].closest('dd')).toHaveTextContent('someone@corp.example');
  });

  it("shows the guardrails of the OU each record names, not the environment's usual one", async () => {
    // A customised aiGovernance.vending.organizationalUnits, as the backend serves it: production accounts land in
    // the OU with id ou-demo-dev, development ones in the OU at path "AI Production".
    const prodToDev = accountRequest('car-prod0002', 'requested', {
      requestedBy: 'user:default/bob',
      targetOrganizationalUnit: 'ou-demo-dev',
    });
    const devToProd = accountRequest('car-dev00001', 'requested', {
      requestedBy: 'user:default/bob',
      fields: {
        ...prodToDev.fields,
        name: 'Dev In Prod',
        environment: 'development',
      },
      targetOrganizationalUnit: 'AI Production',
    });
    const api = apiWith([], [prodToDev, devToProd]);
    await renderPage(api, {
      path: '/ai-governance/requests',
      user: ADMIN,
      canApprove: true,
    });
    const queue = await screen.findByRole('region', { name: 'Approval queue' });
    const guardrailsOf = async (name: string) =>
      within(
        within(queue).getByRole('article', { name: `Request ${name}` }),
      ).findByRole('list', { name: 'Guardrails by level' });

    const prodChain = await guardrailsOf('ML car-prod0002');
    expect(
      within(prodChain).getByRole('listitem', {
        name: 'Level 2: AI Development',
      }),
    ).toHaveTextContent('(where the account lands)');
    expect(prodChain).not.toHaveTextContent('ApprovedBedrockModels');

    const devChain = await guardrailsOf('Dev In Prod');
    expect(
      within(devChain).getByRole('listitem', {
        name: 'Level 2: AI Production',
      }),
    ).toHaveTextContent('ApprovedBedrockModels');
    expect(api.getNode).toHaveBeenCalledWith('ou-demo-dev');
    expect(api.getNode).toHaveBeenCalledWith('ou-demo-prod');
  });

  it('leaves out of the queue the requests the user may not approve', async () => {
    const other = accountRequest('car-other', 'requested', {
      requestedBy: 'user:default/bob',
    });
    const api = apiWith([], [waitingForAdmin, other]);
    await renderPage(api, {
      path: '/ai-governance/requests',
      user: ADMIN,
      canApprove: ref => ref === 'car-other',
    });
    const queue = await screen.findByRole('region', { name: 'Approval queue' });
    expect(
      within(queue).getByRole('heading', { name: 'ML car-other' }),
    ).toBeInTheDocument();
    expect(within(queue).queryByText('Fraud Scoring')).toBeNull();
  });

  it('approves with a comment after confirmation, then reloads', async () => {
    const api = apiWith([], [waitingForAdmin]);
    const { dialog } = await openDecision(api, ADMIN, 'Approve');
    expect(
      within(dialog).getByText(
        /Approving creates the production account "Fraud Scoring"/,
      ),
    ).toBeInTheDocument();
    // Nothing happens until the admin confirms.
    expect(api.approveAccountRequest).not.toHaveBeenCalled();
    const calls = api.listAccountRequests.mock.calls.length;
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Budget ok',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() =>
      expect(api.approveAccountRequest).toHaveBeenCalledWith(
        'car-prod0001',
        'Budget ok',
      ),
    );
    expect(
      await screen.findByText(
        'Request for Fraud Scoring approved: provisioning starts now',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() =>
      expect(api.listAccountRequests.mock.calls.length).toBeGreaterThan(calls),
    );
  });

  it('refuses to reject without a comment, then rejects with one', async () => {
    const api = apiWith([], [waitingForAdmin]);
    const { dialog } = await openDecision(api, ADMIN, 'Reject');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject' }),
    );
    expect(
      await within(dialog).findByText(
        'Say why: the requester sees this comment.',
      ),
    ).toBeInTheDocument();
    // Spaces are not a reason either.
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      '   ',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject' }),
    );
    expect(api.rejectAccountRequest).not.toHaveBeenCalled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Use the shared account',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject' }),
    );
    await waitFor(() =>
      expect(api.rejectAccountRequest).toHaveBeenCalledWith(
        'car-prod0001',
        'Use the shared account',
      ),
    );
    expect(
      await screen.findByText('Request for Fraud Scoring rejected'),
    ).toBeInTheDocument();
  });

  it('tells an admin approving their own request why the server refuses it (four eyes)', async () => {
    const api = apiWith([waitingForAdmin], [waitingForAdmin]);
    api.approveAccountRequest.mockRejectedValue(
      refusal(
        403,
        'NotAllowedError',
        'You asked for request car-prod0001 yourself: another governance admin must approve it (four eyes).',
      ),
    );
    // The requester is an admin too: the permission says yes, the four-eyes rule says no.
    const { queue, dialog } = await openDecision(api, ME, 'Approve');
    expect(
      await within(queue).findByText(
        /You asked for this account: another governance admin must decide/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(
      await within(dialog).findByText(
        'You asked for request car-prod0001 yourself: another governance admin must approve it (four eyes).',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Could not approve the request'),
    ).toBeInTheDocument();
    // The dialog stays open and nothing claims success.
    expect(screen.queryByText(/approved: provisioning starts now/)).toBeNull();
  });

  it('shows a 409 "already decided" and the request\'s new state', async () => {
    const api = apiWith([], [waitingForAdmin]);
    api.approveAccountRequest.mockImplementation(async () => {
      // Another admin was faster: from now on the queue no longer lists it.
      api.listAccountRequests.mockImplementation(async () => ({ items: [] }));
      throw refusal(
        409,
        'ConflictError',
        'Request car-prod0001 was already rejected by user:default/alice; nothing changed.',
      );
    });
    const { dialog } = await openDecision(api, ADMIN, 'Approve');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(
      await within(dialog).findByText(
        'Request car-prod0001 was already rejected by user:default/alice; nothing changed.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Approval queue' }),
      ).toBeNull(),
    );
  });
});
