import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { APPROVED_MODELS_CONTENT, createFakeApi } from '../../testing/fixtures';
import { PolicyView, parseLines } from './PolicyView';

function render(
  api: ReturnType<typeof createFakeApi>,
  id: string,
  highlight?: { startLine: number; endLine: number },
) {
  return renderInTestApp(<PolicyView id={id} highlight={highlight} />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

describe('PolicyView', () => {
  it('shows the document with line numbers, lint findings at their line, and targets', async () => {
    const api = createFakeApi();
    await render(api, 'p-approvedmodels');
    expect(
      await screen.findByText('ApprovedBedrockModels'),
    ).toBeInTheDocument();
    const doc = screen.getByRole('region', {
      name: 'Document of ApprovedBedrockModels',
    });
    // The finding sits right after line 7.
    const note = await within(doc).findByRole('note', {
      name: 'Line 7: NOT_RESOURCE_WITH_DENY',
    });
    expect(note.previousElementSibling).toHaveAttribute('data-line', '7');
    expect(note).toHaveTextContent('warning');
    expect(
      screen.getByText('0 errors, 1 warnings, 0 notes'),
    ).toBeInTheDocument();
    expect(api.lint).toHaveBeenCalledWith(
      expect.stringContaining('DenyUnapprovedModels'),
      'SERVICE_CONTROL_POLICY',
      expect.any(String),
    );
    const targets = screen.getByRole('list', { name: 'Targets' });
    expect(
      within(targets).getByRole('link', { name: 'AI Production' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/ou-demo-prod');
  });

  it('links to the What if? tab with the edit, an attach and each detach of the policy filled in', async () => {
    await render(createFakeApi(), 'p-approvedmodels');
    expect(
      await screen.findByRole('link', { name: 'What if I edit this?' }),
    ).toHaveAttribute(
      'href',
      '/ai-governance/what-if?op=edit&policy=p-approvedmodels',
    );
    expect(
      screen.getByRole('link', { name: 'What if I attach this elsewhere?' }),
    ).toHaveAttribute(
      'href',
      '/ai-governance/what-if?op=attach&policy=p-approvedmodels',
    );
    const targets = screen.getByRole('list', { name: 'Targets' });
    expect(
      within(targets).getByRole('link', {
        name: 'What if I detach this from AI Production?',
      }),
    ).toHaveAttribute(
      'href',
      '/ai-governance/what-if?op=detach&policy=p-approvedmodels&target=ou-demo-prod',
    );
  });

  it('offers no edit of an AWS-managed policy', async () => {
    await render(createFakeApi(), 'p-FullAWSAccess');
    expect(await screen.findByText('AWS managed')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'What if I edit this?' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'What if I attach this elsewhere?' }),
    ).toBeInTheDocument();
  });

  it('offers no what-if for a policy type it does not judge (AI opt-out)', async () => {
    await render(createFakeApi(), 'p-optout');
    expect(await screen.findByText('Customer managed')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^What if/ })).toBeNull();
  });

  it("says what the policy does in plain language, and its size against its type's quota", async () => {
    await render(createFakeApi(), 'p-approvedmodels');
    const plain = await screen.findByLabelText('In plain language');
    expect(plain).toHaveTextContent(/Restricts .*2 Deny statements/);
    expect(plain).toHaveTextContent('Bedrock');
    // SCPs: 10,240 characters since May 2026 (the one policy type table).
    expect(
      screen.getByText(
        `${APPROVED_MODELS_CONTENT.length.toLocaleString(
          'en-US',
        )} of 10,240 characters`,
      ),
    ).toBeInTheDocument();
  });

  it('describes a management policy by the settings it makes', async () => {
    const base = createFakeApi();
    const api = createFakeApi({
      getPolicy: jest.fn(async () => {
        const r = await base.getPolicy('p-optout');
        return {
          ...r,
          policy: {
            ...r.policy,
            id: 'p-tags',
            name: 'CostCenterTags',
            type: 'TAG_POLICY' as const,
            content:
              '{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["cc-42"]}}}}',
          },
        };
      }),
    });
    await render(api, 'p-tags');
    const plain = await screen.findByLabelText('In plain language');
    expect(plain).toHaveTextContent(
      'A tag policy that configures tags in the accounts it reaches',
    );
    expect(plain).toHaveTextContent(
      'Under tags: sets costcenter › tag_key, costcenter › tag_value.',
    );
    expect(screen.getByText('Type: Tag')).toBeInTheDocument();
    expect(api.lint).toHaveBeenCalledWith(
      expect.stringContaining('costcenter'),
      'TAG_POLICY',
      'CostCenterTags',
    );
  });

  it('does not send a type the linter has no checks for, and says so', async () => {
    const base = createFakeApi();
    const api = createFakeApi({
      getPolicy: jest.fn(async () => {
        const r = await base.getPolicy('p-optout');
        return {
          ...r,
          policy: {
            ...r.policy,
            id: 'p-backup',
            name: 'DailyBackups',
            type: 'BACKUP_POLICY' as const,
            content:
              '{"plans":{"daily":{"regions":{"@@assign":["us-east-1"]}}}}',
          },
        };
      }),
    });
    await render(api, 'p-backup');
    expect(
      await screen.findByText(
        'No lint checks for backup policies yet; AWS checks the syntax when the policy is saved',
      ),
    ).toBeInTheDocument();
    expect(api.lint).not.toHaveBeenCalled();
    expect(screen.getByLabelText('In plain language')).toHaveTextContent(
      'Under plans: sets daily › regions.',
    );
  });

  it('highlights the requested lines', async () => {
    await render(createFakeApi(), 'p-approvedmodels', {
      startLine: 4,
      endLine: 11,
    });
    await screen.findByText('ApprovedBedrockModels');
    const doc = screen.getByRole('region', {
      name: 'Document of ApprovedBedrockModels',
    });
    const marks = doc.querySelectorAll('mark');
    expect(marks).toHaveLength(8);
    expect(marks[1]).toHaveTextContent('"Sid": "DenyUnapprovedModels"');
  });

  it('says when the document has no findings', async () => {
    await render(createFakeApi(), 'p-FullAWSAccess');
    expect(await screen.findByText('No lint findings')).toBeInTheDocument();
  });

  it('still shows the document when the linter fails', async () => {
    const api = createFakeApi({
      lint: jest.fn(async () => {
        throw new Error('linter down');
      }),
    });
    await render(api, 'p-approvedmodels');
    expect(
      await screen.findByText('Lint unavailable: linter down'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Document of ApprovedBedrockModels' }),
    ).toBeInTheDocument();
  });

  it('says when the policy is unknown', async () => {
    await render(createFakeApi(), 'p-nope');
    expect(
      await screen.findByText('No policy p-nope in the snapshot'),
    ).toBeInTheDocument();
  });

  it('shows permission denied on 403 and an error otherwise', async () => {
    const api = createFakeApi({
      getPolicy: jest.fn(async () => {
        throw Object.assign(new Error('no'), { statusCode: 403 });
      }),
    });
    await render(api, 'p-approvedmodels');
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });

  it('shows the loading state first', async () => {
    let resolve: () => void = () => {};
    const gate = new Promise<void>(r => (resolve = r));
    const base = createFakeApi();
    const api = createFakeApi({
      getPolicy: jest.fn(async (id: string) => {
        await gate;
        return base.getPolicy(id);
      }),
    });
    await render(api, 'p-approvedmodels');
    expect(screen.getByText('Loading the policy…')).toBeInTheDocument();
    resolve();
    await waitFor(() =>
      expect(screen.getByText('ApprovedBedrockModels')).toBeInTheDocument(),
    );
  });

  it('parses line ranges from the URL', () => {
    expect(parseLines('4-11')).toEqual({ startLine: 4, endLine: 11 });
    expect(parseLines('7')).toEqual({ startLine: 7, endLine: 7 });
    expect(parseLines('x')).toBeUndefined();
    expect(parseLines(null)).toBeUndefined();
  });
});
