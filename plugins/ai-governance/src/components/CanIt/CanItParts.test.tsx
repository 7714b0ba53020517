import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  SimulationRequest,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { TreeDataProvider } from '../../hooks/useTreeData';
import { createFakeApi } from '../../testing/fixtures';
import { CanItPanel } from './CanItPanel';
import { buildRequestParts, emptyParts, OUTSIDE_ORGANIZATION } from './request';

const IDENTITY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeClaude",
      "Effect": "Allow",
      "Action": "bedrock:InvokeModel",
      "Resource": "*"
    }
  ]
}`;

const BOUNDARY = `{
  "Version": "2012-10-17",
  "Statement": [{ "Sid": "NoBedrock", "Effect": "Deny", "Action": "bedrock:*", "Resource": "*" }]
}`;

/** What the backend answers when the identity policy allows across accounts. */
function allowedByIdentity(req: SimulationRequest): SimulationResult {
  return {
    decision: 'Allowed',
    byType: { SERVICE_CONTROL_POLICY: 'Allowed' },
    levels: [
      {
        node: { id: 'r-demo', kind: 'root', name: 'Root' },
        policyType: 'SERVICE_CONTROL_POLICY',
        decision: 'Allowed',
        deciding: [
          {
            policyId: 'p-FullAWSAccess',
            policyName: 'FullAWSAccess',
            statementIndex: 0,
            effect: 'Allow',
          },
        ],
      },
    ],
    explanation: 'bedrock:InvokeModel is allowed.',
    steps: [
      {
        kind: 'SERVICE_CONTROL_POLICY',
        decision: 'Allowed',
        deciding: [],
        counted: true,
      },
      {
        kind: 'IDENTITY_POLICY',
        decision: 'Allowed',
        deciding: [
          {
            policyId: req.identityPolicies![0].id!,
            policyName: req.identityPolicies![0].name,
            statementIndex: 0,
            sid: 'InvokeClaude',
            effect: 'Allow',
            line: 4,
            column: 5,
            endLine: 9,
            endColumn: 6,
          },
        ],
        counted: true,
      },
      {
        kind: 'PERMISSIONS_BOUNDARY',
        decision: 'NotApplicable',
        deciding: [],
        counted: false,
        note: 'No permissions boundary was given.',
      },
    ],
    decidedBy: {
      kind: 'IDENTITY_POLICY',
      statement: {
        policyId: req.identityPolicies![0].id!,
        policyName: req.identityPolicies![0].name,
        statementIndex: 0,
        sid: 'InvokeClaude',
        effect: 'Allow',
        line: 4,
        column: 5,
        endLine: 9,
        endColumn: 6,
      },
    },
    accounts: {
      principal: {
        id: '111111111111',
        name: 'ml-inference-prod',
        inOrganization: true,
      },
      resource: { id: '999999999999', inOrganization: false },
      crossAccount: true,
    },
  };
}

async function render(api: ReturnType<typeof createFakeApi>) {
  await renderInTestApp(
    <TreeDataProvider>
      <CanItPanel initialTarget="111111111111" />
    </TreeDataProvider>,
    { apis: [[aiGovernanceApiRef, api], mockApis.permission()] },
  );
  await waitFor(() => expect(api.getTree).toHaveBeenCalled());
  await userEvent.click(
    screen.getByRole('button', {
      name: 'Add the principal’s own policies and accounts',
    }),
  );
}

async function paste(label: string, text: string) {
  await userEvent.click(screen.getByRole('textbox', { name: label }));
  await userEvent.paste(text);
}

/** Opens a BUI select by its label and picks the option with that name. */
async function pick(label: string, option: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: new RegExp(`${label}$`) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('CanItPanel with the principal’s own policies', () => {
  it('sends the pasted identity policy, the principal and an account outside the organization, and shows what decided', async () => {
    const api = createFakeApi({
      simulate: jest.fn(async (req: SimulationRequest) =>
        allowedByIdentity(req),
      ),
    });
    await render(api);
    await paste('Principal ARN', 'arn:aws:iam::111111111111:role/ml-engineer');
    await paste('Identity policy 1', IDENTITY);
    await pick('Resource account', 'Outside the organization');
    await paste('Account id outside the organization', '999999999999');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));

    await waitFor(() => expect(api.simulate).toHaveBeenCalledTimes(1));
    expect(api.simulate).toHaveBeenCalledWith({
      target: '111111111111',
      action: 'bedrock:InvokeModel',
      resource: '*',
      principal: { arn: 'arn:aws:iam::111111111111:role/ml-engineer' },
      resourceOwner: { accountId: '999999999999' },
      identityPolicies: [
        { id: 'identity-1', name: 'Identity policy 1', content: IDENTITY },
      ],
    });
    const verdict = await screen.findByRole('region', { name: 'Verdict' });
    expect(within(verdict).getByLabelText('Decided by')).toHaveTextContent(
      'Decided by: Identity policies — Allow InvokeClaude in Identity policy 1',
    );
    expect(within(verdict).getByLabelText('Accounts')).toHaveTextContent(
      '999999999999, outside the organization · cross-account',
    );
    const steps = within(verdict).getByRole('grid', {
      name: 'Result by policy kind',
    });
    const rows = within(steps).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringMatching(/^Service control policies.*Allowed/),
      expect.stringMatching(/^Identity policies.*Allowed.*Allow InvokeClaude/),
      expect.stringMatching(
        /^Permissions boundary.*Not evaluated.*No permissions boundary/,
      ),
    ]);
    // The deciding statement is shown in the document the user pasted (no org policy to fetch).
    const deciding = within(verdict).getByRole('region', {
      name: 'Deciding statement',
    });
    expect(deciding).toHaveTextContent(
      'InvokeClaude (Allow) in Identity policy 1 (identity policies)',
    );
    const doc = within(deciding).getByRole('region', {
      name: 'Deciding statement in Identity policy 1',
    });
    expect(doc.querySelectorAll('mark').length).toBe(6);
    expect(api.getPolicy).not.toHaveBeenCalled();
  });

  it('reads an uploaded boundary and sends it by its file name; picks the resource account from the organization', async () => {
    const api = createFakeApi();
    await render(api);
    const upload = screen.getByLabelText('Upload permissions boundary');
    await userEvent.upload(
      upload,
      new File([BOUNDARY], 'boundary.json', { type: 'application/json' }),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('textbox', { name: 'Permissions boundary' }),
      ).toHaveValue(BOUNDARY),
    );
    expect(
      screen.getByText('From boundary.json; edit it here if needed.'),
    ).toBeInTheDocument();
    await pick('Resource account', 'ml-sandbox (222222222222)');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    await waitFor(() =>
      expect(api.simulate).toHaveBeenCalledWith(
        expect.objectContaining({
          permissionsBoundary: {
            id: 'boundary',
            name: 'boundary.json',
            content: BOUNDARY,
          },
          resourceOwner: { accountId: '222222222222' },
        }),
      ),
    );
    expect((api.simulate as jest.Mock).mock.calls[0][0]).not.toHaveProperty(
      'identityPolicies',
    );
  });

  it('refuses a policy it cannot evaluate, naming it with the line and column, and sends nothing', async () => {
    const api = createFakeApi();
    await render(api);
    await paste(
      'Identity policy 1',
      '{\n  "Statement": [\n    {"Effect": "Permit", "Action": "s3:*", "Resource": "*"}\n  ]\n}',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Add identity policy' }),
    );
    await paste(
      'Identity policy 2',
      '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Identity policy 1:3:16: Effect must be "Allow" or "Deny"',
    );
    expect(alert).toHaveTextContent(
      'Identity policy 2:1:49: An identity policy names no principal',
    );
    expect(api.simulate).not.toHaveBeenCalled();
  });

  it('refuses an oversized upload without reading it', async () => {
    const api = createFakeApi();
    await render(api);
    const file = new File(['x'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: 70_000 });
    fireEvent.change(screen.getByLabelText('Upload session policy'), {
      target: { files: [file] },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'huge.json is 70000 bytes; a policy may be at most 65536',
    );
    expect(screen.getByRole('textbox', { name: 'Session policy' })).toHaveValue(
      '',
    );
  });

  it('says when nothing in the identity policies allows, and goes back to organization policies only', async () => {
    const api = createFakeApi({
      simulate: jest.fn(async (req: SimulationRequest) => ({
        ...allowedByIdentity(req),
        decision: 'ImplicitDeny' as const,
        explanation: 'denied',
        decidedBy: { kind: 'IDENTITY_POLICY' as const },
      })),
    });
    await render(api);
    await paste('Identity policy 1', IDENTITY);
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(
      await screen.findByText(
        'Nothing in the identity policies allows this request, so it is denied implicitly.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Organization policies only' }),
    );
    expect(
      screen.queryByRole('textbox', { name: 'Identity policy 1' }),
    ).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    await waitFor(() => expect(api.simulate).toHaveBeenCalledTimes(2));
    expect((api.simulate as jest.Mock).mock.calls[1][0]).toEqual({
      target: '111111111111',
      action: 'bedrock:InvokeModel',
      resource: '*',
    });
  });

  it('shows the accounts and what decided for a principal of another account, even without policies', async () => {
    const rcpDeny = {
      policyId: 'p-approvedmodels',
      policyName: 'ApprovedBedrockModels',
      statementIndex: 0,
      sid: 'DenyUnapprovedModels',
      effect: 'Deny' as const,
      line: 4,
      endLine: 12,
    };
    const api = createFakeApi({
      simulate: jest.fn(
        async (): Promise<SimulationResult> => ({
          decision: 'ExplicitDeny',
          byType: { RESOURCE_CONTROL_POLICY: 'ExplicitDeny' },
          levels: [
            {
              node: { id: 'ou-demo-prod', kind: 'ou', name: 'AI Production' },
              policyType: 'RESOURCE_CONTROL_POLICY',
              decision: 'ExplicitDeny',
              deciding: [rcpDeny],
            },
          ],
          explanation: 'denied',
          decidedBy: {
            kind: 'RESOURCE_CONTROL_POLICY',
            node: { id: 'ou-demo-prod', kind: 'ou', name: 'AI Production' },
            statement: rcpDeny,
          },
          accounts: {
            principal: { id: '999999999999', inOrganization: false },
            resource: {
              id: '111111111111',
              name: 'ml-inference-prod',
              inOrganization: true,
            },
            crossAccount: true,
          },
        }),
      ),
    });
    await render(api);
    await paste('Principal account', '999999999999');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    await waitFor(() =>
      expect(api.simulate).toHaveBeenCalledWith(
        expect.objectContaining({ principal: { accountId: '999999999999' } }),
      ),
    );
    const verdict = await screen.findByRole('region', { name: 'Verdict' });
    expect(within(verdict).getByLabelText('Decided by')).toHaveTextContent(
      'Decided by: Resource control policies at AI Production — Deny DenyUnapprovedModels in ApprovedBedrockModels',
    );
    expect(within(verdict).getByLabelText('Accounts')).toHaveTextContent(
      'Principal’s account: 999999999999, outside the organization · Resource’s account: ml-inference-prod (111111111111) · cross-account',
    );
    // An organization policy decided: its statement is shown from the organization's copy.
    expect(
      await within(verdict).findByRole('region', {
        name: 'Deciding statement in ApprovedBedrockModels',
      }),
    ).toBeInTheDocument();
  });

  it('builds the parts: empty drafts left out, the principal’s account, a malformed outside id refused', () => {
    expect(buildRequestParts(emptyParts())).toEqual({ parts: {} });
    expect(
      buildRequestParts({
        ...emptyParts(),
        principalAccount: ' 222222222222 ',
        identityPolicies: [
          { name: '', content: ' ' },
          { name: 'role.json', content: IDENTITY },
        ],
        sessionPolicy: { name: '', content: IDENTITY },
      }).parts,
    ).toEqual({
      principal: { accountId: '222222222222' },
      identityPolicies: [
        { id: 'identity-2', name: 'role.json', content: IDENTITY },
      ],
      sessionPolicies: [
        { id: 'session-policy', name: 'Session policy', content: IDENTITY },
      ],
    });
    expect(
      buildRequestParts({
        ...emptyParts(),
        resourceAccount: OUTSIDE_ORGANIZATION,
        outsideAccount: 'acme',
      }).problem,
    ).toMatch(/12-digit id/);
  });
});
