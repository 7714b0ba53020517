import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { NodeDetail } from './NodeDetail';

function render(api: ReturnType<typeof createFakeApi>, id: string) {
  return renderInTestApp(<NodeDetail id={id} showPosture={false} />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

describe('NodeDetail', () => {
  it('groups the policies attached here by type, with the slots used of each type and what each policy does', async () => {
    const api = createFakeApi();
    await render(api, 'r-demo');
    const attached = await screen.findByLabelText('Attached policies');
    const scps = within(attached).getByRole('region', {
      name: 'Service control policies attached here',
    });
    expect(within(scps).getByLabelText('SCP 1 of 10')).toBeInTheDocument();
    expect(
      await within(scps).findByText(/Allows every action/),
    ).toBeInTheDocument();
    const optOut = within(attached).getByRole('region', {
      name: 'AI services opt-out policies attached here',
    });
    // AWS allows 5 AI services opt-out policies per target, not 10.
    expect(
      within(optOut).getByLabelText('AI opt-out 1 of 5'),
    ).toBeInTheDocument();
    expect(
      within(optOut).getByRole('link', { name: 'AiOptOutAll' }),
    ).toBeInTheDocument();
    // An OU or root has no effective-policy section: AWS computes it for accounts.
    expect(api.getEffectivePolicies).not.toHaveBeenCalled();
    expect(
      screen.getByText(
        /computed per account, as AWS does: open an account below this root/,
      ),
    ).toBeInTheDocument();
  });

  it('links each attached SCP or RCP to the What if? tab with its detach from the node filled in, and offers an attach here', async () => {
    await render(createFakeApi(), 'r-demo');
    const attached = await screen.findByLabelText('Attached policies');
    expect(
      within(attached).getByRole('link', {
        name: 'What if I detach FullAWSAccess?',
      }),
    ).toHaveAttribute(
      'href',
      '/ai-governance/what-if?op=detach&policy=p-FullAWSAccess&target=r-demo',
    );
    // The AI opt-out policy changes no request's verdict: no what-if for it.
    expect(
      within(attached).queryByRole('link', {
        name: 'What if I detach AiOptOutAll?',
      }),
    ).toBeNull();
    expect(
      screen.getByRole('link', { name: 'What if I attach a policy here?' }),
    ).toHaveAttribute('href', '/ai-governance/what-if?op=attach&target=r-demo');
  });

  it('offers to move an account in the What if? tab', async () => {
    await render(createFakeApi(), '111111111111');
    expect(
      await screen.findByRole('link', { name: 'What if I move it?' }),
    ).toHaveAttribute(
      'href',
      '/ai-governance/what-if?op=move&account=111111111111',
    );
  });

  it('shows a suspended account as such, not counted as vended', async () => {
    await render(createFakeApi(), '222222222222');
    expect(await screen.findByText('Suspended (closed)')).toHaveAttribute(
      'data-account-state',
      'SUSPENDED',
    );
    expect(
      screen.getByText('State: SUSPENDED (not counted as a vended account)'),
    ).toBeInTheDocument();
  });

  it("shows an account's effective management policies", async () => {
    const api = createFakeApi();
    await render(api, '111111111111');
    expect(
      await screen.findByText('Effective management policies'),
    ).toBeInTheDocument();
    expect(api.getEffectivePolicies).toHaveBeenCalledWith('111111111111');
    expect(screen.queryByText('Suspended (closed)')).toBeNull();
  });

  it('still lists the attached policies when their documents cannot be read', async () => {
    const api = createFakeApi({
      getPolicy: jest.fn(async () => {
        throw new Error('backend down');
      }),
    });
    await render(api, 'r-demo');
    expect(
      await screen.findByText(/Could not read the policies' documents/),
    ).toHaveTextContent('backend down');
    expect(
      within(screen.getByLabelText('Attached policies')).getByRole('link', {
        name: 'AiOptOutAll',
      }),
    ).toBeInTheDocument();
  });
});
