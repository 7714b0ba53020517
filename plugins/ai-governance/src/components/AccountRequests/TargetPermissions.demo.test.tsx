import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  simulate,
  type InheritedLevel,
  type OrgNode,
  type OrgPolicy,
  type OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { TargetPermissions, probeGuardrails } from './TargetPermissions';

/*
 * A demo-like organization, evaluated by the real policy engine: the ai-development pack's approved-models SCP
 * (with its RequireBedrockGuardrail statement) on AI, and on AI/Production a Bedrock policy enforcing the management
 * account's guardrail in us-east-1 only, as the demo organization has them.
 */
const MANAGEMENT = '111111111111';
const GUARDRAIL = `arn:aws:bedrock:us-east-1:${MANAGEMENT}:guardrail/demoguard001:1`;

const APPROVED_MODELS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInvokingUnapprovedFoundationModels',
      Effect: 'Deny',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      NotResource: [
        'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
        'arn:aws:bedrock:*::foundation-model/amazon.titan-text-express-v1',
      ],
    },
    {
      Sid: 'RequireBedrockGuardrail',
      Effect: 'Deny',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      Resource: '*',
      Condition: {
        StringNotLike: {
          'bedrock:GuardrailIdentifier': 'arn:aws:bedrock:*:*:guardrail/*',
        },
      },
    },
  ],
});

const BEDROCK = JSON.stringify({
  bedrock: {
    guardrail_inference: {
      'us-east-1': {
        config_1: {
          identifier: { '@@assign': GUARDRAIL },
          model_enforcement: { included_models: { '@@assign': ['ALL'] } },
        },
      },
    },
  },
});

const policies: OrgPolicy[] = [
  {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: true,
    content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
  },
  {
    id: 'p-approved',
    name: 'guardrail-ai-approved-bedrock-models',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    content: APPROVED_MODELS,
  },
  {
    id: 'p-bedrock',
    name: 'demo-bedrock-guardrail-us-east-1',
    type: 'BEDROCK_POLICY',
    awsManaged: false,
    content: BEDROCK,
  },
];

const nodes: OrgNode[] = [
  {
    id: 'r-demo',
    kind: 'root',
    name: 'Root',
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'BEDROCK_POLICY'],
    tags: {},
    policyIds: ['p-FullAWSAccess'],
  },
  {
    id: 'ou-ai',
    kind: 'ou',
    name: 'AI',
    parentId: 'r-demo',
    tags: {},
    policyIds: ['p-FullAWSAccess', 'p-approved'],
  },
  {
    id: 'ou-prod',
    kind: 'ou',
    name: 'Production',
    parentId: 'ou-ai',
    tags: {},
    policyIds: ['p-FullAWSAccess', 'p-bedrock'],
  },
];

const snapshot: OrgSnapshot = {
  organization: { id: 'o-demo', managementAccountId: MANAGEMENT },
  nodes,
  policies,
  capturedAt: '2026-12-07T00:00:00Z',
};

const summary = (id: string) => {
  const { content: _content, ...rest } = policies.find(p => p.id === id)!;
  return { ...rest, targetCount: 1, size: 100 };
};

const inherited: InheritedLevel[] = nodes.map(n => ({
  node: { id: n.id, kind: n.kind, name: n.name },
  policies: n.policyIds.map(summary),
}));

function fakeApi() {
  return createFakeApi({
    getPolicy: jest.fn(async (id: string) => ({
      policy: policies.find(p => p.id === id)!,
      targets: [],
      snapshotTime: snapshot.capturedAt,
    })),
    simulate: jest.fn(async req => simulate(snapshot, req)),
  });
}

describe('TargetPermissions on a demo-like organization', () => {
  it('shows the approved models as allowed when invoked with the guardrail the organization enforces or provides, and invocation without one as denied', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TargetPermissions
        ouId="ou-prod"
        ouName="Root / AI / Production"
        inherited={inherited}
        managementAccountId={MANAGEMENT}
      />,
      { apis: [[aiGovernanceApiRef, api], mockApis.permission()] },
    );
    const table = await screen.findByRole('grid', {
      name: 'What the account would be allowed',
    });
    const row = (label: string) =>
      within(table).getByText(label).closest('[role="row"]') as HTMLElement;

    for (const model of [
      'Invoke Anthropic Claude 3.5 Sonnet',
      'Invoke Amazon Titan Text Express',
    ]) {
      expect(within(row(model)).getAllByText('Allowed')).toHaveLength(2);
    }
    const llama = row('Invoke Meta Llama 3 70B');
    expect(within(llama).getAllByText('Denied (explicit deny)')).toHaveLength(
      2,
    );
    expect(llama).toHaveTextContent('DenyInvokingUnapprovedFoundationModels');
    expect(llama).not.toHaveTextContent('RequireBedrockGuardrail');
    const bare = row('Invoke Anthropic Claude 3.5 Sonnet without a guardrail');
    expect(within(bare).getAllByText('Denied (explicit deny)')).toHaveLength(2);
    expect(bare).toHaveTextContent('RequireBedrockGuardrail');

    // us-east-1 asks with the enforced guardrail; eu-west-1, where none is enforced, with one of the management account's.
    expect(api.simulate).toHaveBeenCalledWith(
      expect.objectContaining({
        resource:
          'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
        context: {
          'aws:RequestedRegion': 'us-east-1',
          'bedrock:GuardrailIdentifier': GUARDRAIL,
        },
      }),
    );
    const caption = screen.getByText(/What a new account in/);
    expect(caption).toHaveTextContent(
      `${GUARDRAIL} in us-east-1 (enforced by the Bedrock policy)`,
    );
    expect(caption).toHaveTextContent(
      `arn:aws:bedrock:eu-west-1:${MANAGEMENT}:guardrail/any:1 in eu-west-1 (none is enforced there`,
    );
    expect(caption).toHaveTextContent('one row asks without a guardrail');
  });
});

describe('probeGuardrails', () => {
  it("ignores an enforced guardrail that cannot work (a draft, another Region, another account's)", () => {
    const doc = (identifier: string) => ({
      bedrock: {
        guardrail_inference: { 'us-east-1': { config_1: { identifier } } },
      },
    });
    const fallback = `arn:aws:bedrock:us-east-1:${MANAGEMENT}:guardrail/any:1`;
    for (const bad of [
      `arn:aws:bedrock:us-east-1:${MANAGEMENT}:guardrail/g1:DRAFT`,
      `arn:aws:bedrock:eu-west-1:${MANAGEMENT}:guardrail/g1:1`,
      'arn:aws:bedrock:us-east-1:999999999999:guardrail/g1:1',
    ]) {
      expect(probeGuardrails(doc(bad), MANAGEMENT)['us-east-1']).toEqual({
        arn: fallback,
        enforced: false,
      });
    }
    expect(probeGuardrails(doc(GUARDRAIL), MANAGEMENT)['us-east-1']).toEqual({
      arn: GUARDRAIL,
      enforced: true,
    });
    expect(probeGuardrails(undefined, MANAGEMENT)['eu-west-1'].enforced).toBe(
      false,
    );
  });
});
