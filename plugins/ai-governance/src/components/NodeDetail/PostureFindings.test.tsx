import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { PostureFinding } from '@internal/plugin-ai-governance-common';
import { screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi, nodes, SNAPSHOT_TIME } from '../../testing/fixtures';
import { accountsUnder, PostureFindings } from './PostureFindings';

const regionGap: PostureFinding = {
  code: 'POSTURE_GUARDRAIL_REGION_GAP',
  severity: 'error',
  message:
    'Models may be invoked in us-west-2 but the enforced guardrail covers only us-east-1',
  fix: 'Add a us-west-2 guardrail to the Bedrock policy, or deny us-west-2 in the region lock.',
  accountIds: ['111111111111'],
  accountNames: ['ml-inference-prod'],
  policies: [
    {
      id: 'p-approvedmodels',
      name: 'ApprovedBedrockModels',
      type: 'SERVICE_CONTROL_POLICY',
      node: { id: 'ou-demo-prod', kind: 'ou', name: 'AI Production' },
    },
  ],
  regions: ['us-west-2'],
};

const optOut: PostureFinding = {
  code: 'POSTURE_AI_OPT_OUT_NOT_SET',
  severity: 'warning',
  message: 'AI opt-out not set for service Q Developer',
  fix: 'Add q to the AI services opt-out policy.',
  accountIds: ['222222222222'],
  accountNames: ['ml-sandbox'],
  policies: [],
  services: ['q'],
};

function api() {
  return createFakeApi({
    getPosture: jest.fn(async () => ({
      findings: [optOut, regionGap],
      accountsChecked: 2,
      chainsChecked: 2,
      modelsAsOf: '2026-12-01',
      snapshotTime: SNAPSHOT_TIME,
    })),
  });
}

function render(
  fake: ReturnType<typeof createFakeApi>,
  node: { id: string; kind: 'root' | 'ou' | 'account'; name: string },
) {
  return renderInTestApp(<PostureFindings node={node} />, {
    apis: [[aiGovernanceApiRef, fake], mockApis.permission()],
  });
}

describe('PostureFindings', () => {
  it("shows an account's findings with the fix and the policies involved", async () => {
    await render(api(), {
      id: '111111111111',
      kind: 'account',
      name: 'ml-inference-prod',
    });
    const list = await screen.findByRole('list', { name: 'Posture findings' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveAccessibleName(regionGap.message);
    expect(within(items[0]).getByText('Error')).toBeInTheDocument();
    expect(items[0]).toHaveTextContent(`Fix: ${regionGap.fix}`);
    expect(items[0]).toHaveTextContent('Regions: us-west-2');
    expect(
      within(items[0]).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toHaveAttribute('href', expect.stringContaining('p-approvedmodels'));
    expect(
      within(items[0]).getByRole('link', { name: 'AI Production' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Consistency of the AI guardrails (1 finding)'),
    ).toBeInTheDocument();
  });

  it('shows every finding under the root, errors first, with the accounts affected', async () => {
    const fake = api();
    await render(fake, { id: 'r-demo', kind: 'root', name: 'Root' });
    const list = await screen.findByRole('list', { name: 'Posture findings' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('data-code'))).toEqual([
      'POSTURE_GUARDRAIL_REGION_GAP',
      'POSTURE_AI_OPT_OUT_NOT_SET',
    ]);
    expect(items[1]).toHaveTextContent('Affects 1 account here: ml-sandbox');
    expect(fake.getTree).toHaveBeenCalled();
  });

  it('says when the accounts here have no finding', async () => {
    await render(api(), {
      id: 'ou-demo-dev',
      kind: 'ou',
      name: 'AI Development',
    });
    // ml-sandbox is under AI Development: its opt-out finding shows; the prod one does not.
    const list = await screen.findByRole('list', { name: 'Posture findings' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);

    await render(createFakeApi(), {
      id: '111111111111',
      kind: 'account',
      name: 'ml-inference-prod',
    });
    expect(
      await screen.findByText(/No inconsistency: .* for this account/),
    ).toBeInTheDocument();
  });

  it('shows the error when the check cannot run', async () => {
    await render(
      createFakeApi({
        getPosture: jest.fn(async () => {
          throw new Error('the first crawl has not finished');
        }),
      }),
      { id: '111111111111', kind: 'account', name: 'ml-inference-prod' },
    );
    expect(
      await screen.findByText('Could not run the AI posture check'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/the first crawl has not finished/),
    ).toBeInTheDocument();
  });

  it('finds the accounts under a node', () => {
    expect([...accountsUnder(nodes, 'r-demo')].sort()).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect([...accountsUnder(nodes, 'ou-demo-prod')]).toEqual(['111111111111']);
  });
});
