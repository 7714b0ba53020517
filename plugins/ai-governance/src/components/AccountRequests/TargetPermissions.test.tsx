import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { accountRequest, createFakeApi } from '../../testing/fixtures';
import { TargetGuardrails } from './TargetGuardrails';
import { TARGET_PROBES, TARGET_REGIONS } from './TargetPermissions';

function render(api: ReturnType<typeof createFakeApi>, environment: string) {
  const request = accountRequest('car-00000001', 'requested');
  return renderInTestApp(
    <TargetGuardrails
      request={{
        ...request,
        fields: { ...request.fields, environment } as typeof request.fields,
        targetOrganizationalUnit:
          environment === 'production' ? 'AI Production' : 'AI Development',
      }}
    />,
    { apis: [[aiGovernanceApiRef, api], mockApis.permission()] },
  );
}

describe('TargetPermissions on the approval page', () => {
  it('says which key requests a new production account would be allowed and denied, per region, and why', async () => {
    const api = createFakeApi();
    await render(api, 'production');
    const table = await screen.findByRole('grid', {
      name: 'What the account would be allowed',
    });
    expect(api.simulate).toHaveBeenCalledTimes(
      TARGET_PROBES.length * TARGET_REGIONS.length,
    );
    expect(api.simulate).toHaveBeenCalledWith({
      target: 'ou-demo-prod',
      action: 'bedrock:InvokeModel',
      resource:
        'arn:aws:bedrock:eu-west-1::foundation-model/meta.llama3-70b-instruct-v1:0',
      context: {
        'aws:RequestedRegion': 'eu-west-1',
        // No Bedrock policy in the fixture enforces one: any guardrail of the management account.
        'bedrock:GuardrailIdentifier':
          'arn:aws:bedrock:eu-west-1:000000000000:guardrail/any:1',
      },
    });
    expect(api.simulate).toHaveBeenCalledWith({
      target: 'ou-demo-prod',
      action: 'bedrock:InvokeModel',
      resource:
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    });
    const row = (label: string) =>
      within(table).getByText(label).closest('[role="row"]') as HTMLElement;
    // The fixture's guardrail on AI Production approves Anthropic and Amazon models only.
    const llama = row('Invoke Meta Llama 3 70B');
    expect(within(llama).getAllByText('Denied (explicit deny)')).toHaveLength(
      2,
    );
    expect(llama).toHaveTextContent(
      'DenyUnapprovedModels in ApprovedBedrockModels at AI Production denies it.',
    );
    expect(
      within(row('Invoke Anthropic Claude 3.5 Sonnet')).getAllByText('Allowed'),
    ).toHaveLength(2);
    expect(screen.getByText(/What a new account in/)).toHaveTextContent(
      `What a new account in Root / AI Production would be allowed by the organization's SCPs and RCPs (${
        TARGET_PROBES.length * TARGET_REGIONS.length - 2
      } of ${TARGET_PROBES.length * TARGET_REGIONS.length} requests below)`,
    );
  });

  it('allows the same models in development, where the guardrail is not attached', async () => {
    const api = createFakeApi();
    await render(api, 'development');
    const table = await screen.findByRole('grid', {
      name: 'What the account would be allowed',
    });
    expect(within(table).queryByText('Denied (explicit deny)')).toBeNull();
    expect(api.simulate).toHaveBeenCalledWith(
      expect.objectContaining({ target: 'ou-demo-dev' }),
    );
  });

  it('shows the error and a retry when the evaluation fails', async () => {
    const api = createFakeApi({
      simulate: jest.fn(async () => {
        throw new Error(
          'The first crawl of the organization has not finished yet',
        );
      }),
    });
    await render(api, 'production');
    expect(
      await screen.findByText(
        'Could not evaluate what the account would be allowed',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The first crawl of the organization has not finished yet',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('reads the inherited guardrails in plain language', async () => {
    const api = createFakeApi();
    await render(api, 'production');
    const plain = await screen.findByLabelText('Guardrails in plain language');
    // The customer-managed ones, once each, with where they are attached; FullAWSAccess says nothing worth reading.
    expect(
      within(plain).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toBeInTheDocument();
    expect(
      within(plain).getByRole('link', { name: 'AiOptOutAll' }),
    ).toBeInTheDocument();
    expect(
      within(plain).queryByRole('link', { name: 'FullAWSAccess' }),
    ).toBeNull();
    expect(
      within(plain).getByLabelText('ApprovedBedrockModels reads'),
    ).toHaveTextContent(
      'Statement "DenyUnapprovedModels": Denies bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on every resource except model anthropic.* and model amazon.*, in every account at or below AI Production.',
    );
    expect(
      within(plain).getByLabelText('ApprovedBedrockModels reads'),
    ).toHaveTextContent(
      'Statement "DenyLeaveOrg": Denies organizations:LeaveOrganization, in every account at or below AI Production.',
    );
    expect(within(plain).getByLabelText('AiOptOutAll reads')).toHaveTextContent(
      'Opts the accounts out of AI service data use for every AI service.',
    );
    expect(api.getPolicy).toHaveBeenCalledWith('p-approvedmodels');
  });
});
