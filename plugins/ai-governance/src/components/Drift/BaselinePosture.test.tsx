import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  createFakeApi,
  drift,
  SNAPSHOT_TIME,
  tree,
  snapshotWithFullAccess,
} from '../../testing/fixtures';
import {
  baselinePosture,
  checkAiPosture,
  comparePosture,
  type BaselinePostureResponse,
  type OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aiGovernanceApiRef } from '../../api';
import { DriftView } from './DriftView';

function render(api: ReturnType<typeof createFakeApi>) {
  return renderInTestApp(<DriftView />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

/** The fixture organization with its documents, FullAWSAccess on every OU and account as AWS attaches it. */
function snapshot(): OrgSnapshot {
  return snapshotWithFullAccess();
}

/** A Bedrock policy that enforces a guardrail in us-east-1 only (the management account's, version 1). */
const GUARDRAIL_EAST_ONLY = JSON.stringify({
  bedrock: {
    guardrail_inference: {
      'us-east-1': {
        config_1: {
          identifier: {
            '@@assign': `arn:aws:bedrock:us-east-1:${tree.organization.managementAccountId}:guardrail/abc123def456:1`,
          },
          selective_content_guarding: {
            system: { '@@assign': 'selective' },
            messages: { '@@assign': 'comprehensive' },
          },
          model_enforcement: {
            included_models: { '@@assign': ['ALL'] },
            excluded_models: { '@@assign': [] },
          },
        },
      },
    },
  },
});

/**
 * The real posture check after a baseline that attaches that Bedrock policy to AI Production (the approved models stay
 * allowed in every Region: a guardrail gap) and edits AiOptOutAll to leave Rekognition opted in.
 */
function postureAnswer(): BaselinePostureResponse {
  const optInRekognition = JSON.stringify({
    services: {
      default: { opt_out_policy: { '@@assign': 'optOut' } },
      rekognition: { opt_out_policy: { '@@assign': 'optIn' } },
    },
  });
  const posture = baselinePosture(
    snapshot(),
    [
      {
        action: 'enable-policy-type',
        drift: 'policy-type-disabled',
        policyType: 'BEDROCK_POLICY',
        message: 'Enable Bedrock policies',
      },
      {
        action: 'create-policy',
        drift: 'policy-missing',
        policyName: 'enforce-guardrail',
        policyType: 'BEDROCK_POLICY',
        content: GUARDRAIL_EAST_ONLY,
        message: 'Create enforce-guardrail',
      },
      {
        action: 'update-policy',
        drift: 'policy-changed',
        policyName: 'AiOptOutAll',
        content: optInRekognition,
        message: 'Update AiOptOutAll',
      },
      {
        action: 'attach-policy',
        drift: 'attachment-missing',
        path: 'Root/AI Production',
        nodeId: 'ou-demo-prod',
        policyName: 'enforce-guardrail',
        message: 'Attach enforce-guardrail to AI Production',
      },
    ],
    { baselineName: 'demo-baseline' },
  );
  const now = checkAiPosture(snapshot());
  return {
    baseline: 'demo-baseline',
    snapshotTime: SNAPSHOT_TIME,
    changes: 4,
    posture,
    findingsNow: now.findings.length,
    ...comparePosture(now, posture),
  };
}

describe('DriftView: the AI posture after the baseline', () => {
  it('lists, with the effect on access, each finding the baseline would leave: severity, message, fix and accounts', async () => {
    const answer = postureAnswer();
    expect(answer.posture.findings.map(f => f.code)).toEqual([
      'POSTURE_GUARDRAIL_REGION_GAP',
      'POSTURE_AI_OPT_OUT_NOT_SET',
    ]);
    const api = createFakeApi({
      getBaselinePosture: jest.fn(async () => answer),
    });
    await render(api);
    await screen.findByText('Effect on access');
    expect(screen.queryByText('AI posture after the baseline')).toBeNull();
    expect(api.getBaselinePosture).not.toHaveBeenCalled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Preview the effect on access' }),
    );

    const list = await screen.findByRole('list', {
      name: 'AI posture findings after the baseline',
    });
    expect(api.getBaselinePosture).toHaveBeenCalledTimes(1);
    expect(api.getBaselineWhatIf).toHaveBeenCalledTimes(1);
    expect(
      screen.getByText(/1 error, 1 warning would remain once the baseline/),
    ).toHaveTextContent(
      `1 member account checked; Bedrock models as of ${answer.posture.modelsAsOf}). Today: 0 findings; the baseline brings 2 and clears 0.`,
    );
    // Both come with the baseline: the organization has none today.
    expect(answer.findingsNow).toBe(0);
    expect(screen.getAllByText('New with the baseline')).toHaveLength(2);
    expect(
      screen.queryByRole('region', { name: 'Findings the baseline clears' }),
    ).toBeNull();
    const [gap, optOut] = within(list).getAllByRole('listitem');
    expect(within(gap).getByText('Error')).toBeInTheDocument();
    expect(gap).toHaveTextContent(
      'but the enforced guardrail covers only us-east-1',
    );
    expect(gap).toHaveTextContent(
      /Fix: Add a guardrail configuration for .* to enforce-guardrail/,
    );
    // Cut to a readable length: the message has the gist, the list names the first ones.
    expect(gap).toHaveTextContent(/Models: .* and 23 more/);
    // The Bedrock policy exists only once the baseline creates it: named, not linked.
    expect(gap).toHaveTextContent(
      'Bedrock enforce-guardrail (created by the baseline) at AI Production',
    );
    expect(
      within(gap).queryByRole('link', { name: 'enforce-guardrail' }),
    ).toBeNull();
    expect(
      within(gap).getByRole('link', { name: 'AI Production' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/ou-demo-prod');
    expect(
      within(gap).getByRole('link', { name: 'ml-inference-prod' }),
    ).toHaveAttribute('href', '/ai-governance/nodes/111111111111');
    expect(gap).toHaveTextContent('1 account: ml-inference-prod');

    expect(within(optOut).getByText('Warning')).toBeInTheDocument();
    expect(optOut).toHaveTextContent('AI opt-out not set for rekognition');
    expect(optOut).toHaveTextContent('Services: rekognition');
    expect(
      within(optOut).getByRole('link', { name: 'AiOptOutAll' }),
    ).toHaveAttribute('href', '/ai-governance/policies/p-optout');
  });

  it('lists the findings of today the baseline clears, and marks only the new ones', async () => {
    // The other way round: today the organization has the two findings; the baseline leaves one of them (the
    // opt-out) and clears the other.
    const withBoth = postureAnswer().posture;
    const leftOnly = {
      ...withBoth,
      findings: withBoth.findings.filter(
        f => f.code === 'POSTURE_AI_OPT_OUT_NOT_SET',
      ),
    };
    const api = createFakeApi({
      getBaselinePosture: jest.fn(async () => ({
        baseline: 'demo-baseline',
        snapshotTime: SNAPSHOT_TIME,
        changes: 1,
        posture: leftOnly,
        findingsNow: withBoth.findings.length,
        ...comparePosture(withBoth, leftOnly),
      })),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Preview the effect on access',
      }),
    );
    const list = await screen.findByRole('list', {
      name: 'AI posture findings after the baseline',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).queryByText('New with the baseline')).toBeNull();
    expect(
      screen.getByText(
        /Today: 2 findings; the baseline brings 0 and clears 1\./,
      ),
    ).toBeInTheDocument();
    const cleared = screen.getByRole('region', {
      name: 'Findings the baseline clears',
    });
    expect(cleared).toHaveTextContent('Cleared by the baseline (1)');
    expect(cleared).toHaveTextContent(
      /but the enforced guardrail covers only us-east-1\. \(1 account\)/,
    );
  });

  it('says so when the baseline leaves no inconsistency', async () => {
    const api = createFakeApi();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Preview the effect on access',
      }),
    );
    expect(
      await screen.findByText('No AI posture inconsistency after the baseline'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', {
        name: 'AI posture findings after the baseline',
      }),
    ).toBeNull();
  });

  it('shows its own error with a retry, and the effect on access still', async () => {
    const api = createFakeApi({
      getBaselinePosture: jest
        .fn()
        .mockRejectedValueOnce(
          new Error('The governance baseline cannot be read: bad YAML'),
        )
        .mockResolvedValueOnce(postureAnswer()),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Preview the effect on access',
      }),
    );
    expect(
      await screen.findByText(
        'Could not check the AI posture after the baseline',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Applying the baseline changes nobody's access"),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('list', {
        name: 'AI posture findings after the baseline',
      }),
    ).toBeInTheDocument();
    expect(api.getBaselinePosture).toHaveBeenCalledTimes(2);
    expect(api.getBaselineWhatIf).toHaveBeenCalledTimes(1);
  });

  it('is not offered when the organization matches the baseline', async () => {
    const api = createFakeApi({
      getDrift: jest.fn(async () => ({ ...drift, inSync: true, items: [] })),
    });
    await render(api);
    await screen.findByText(/matches the baseline/);
    expect(screen.queryByText('AI posture after the baseline')).toBeNull();
    expect(api.getBaselinePosture).not.toHaveBeenCalled();
  });
});
