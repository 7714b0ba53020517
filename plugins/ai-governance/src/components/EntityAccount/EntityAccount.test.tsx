import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { isAwsAccountEntity } from '../../lib/entity';
import { createFakeApi } from '../../testing/fixtures';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rootRouteRef } from '../../routes';
import { AlphaEntityAccountCard } from './alpha';
import { EntityAccountCard, EntityAccountContent } from './EntityAccount';
import { LegacyEntityAccountCard } from './legacy';
import { parseCappedList, readAiDetails } from './aiDetails';

function entity(
  accountId?: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'ml-inference-prod',
      annotations: {
        ...(accountId ? { 'amazonaws.com/account-id': accountId } : {}),
        ...annotations,
      },
    },
    spec: { type: 'aws-account', owner: 'ml-team' },
  };
}

/** The AI details the catalog module writes on a checked account with findings (docs/catalog.md). */
const AI_ANNOTATIONS = {
  'ai-governance.io/ai-posture': 'findings',
  'ai-governance.io/ai-posture-errors': '1',
  'ai-governance.io/ai-posture-warnings': '1',
  'ai-governance.io/ai-posture-codes':
    'POSTURE_AI_OPT_OUT_NOT_SET,POSTURE_GUARDRAIL_REGION_GAP',
  'ai-governance.io/guardrail-packs': 'ai-production,baseline',
  'ai-governance.io/bedrock-model-allow-list':
    'anthropic.claude-3-5-haiku-20241022-v1:0,anthropic.claude-3-5-sonnet-20240620-v1:0,anthropic.claude-3-5-sonnet-20241022-v2:0,anthropic.claude-3-7-sonnet-20250219-v1:0,anthropic.claude-3-haiku-20240307-v1:0 +7 more',
  'ai-governance.io/region-lock': 'eu-west-1,us-east-1,us-west-2',
  'ai-governance.io/bedrock-guardrails':
    'us-east-1=demoguard001:1,us-west-2=demoguard002:3',
  'ai-governance.io/ai-opt-out': 'partial:lex,polly',
};

/** A details list's value for a name, as users read it. */
function detail(list: HTMLElement, name: string): HTMLElement {
  const term = within(list).getByText(name).closest('dt')!;
  return term.nextElementSibling as HTMLElement;
}

function render(el: JSX.Element, e: Entity, api = createFakeApi()) {
  return renderInTestApp(<EntityProvider entity={e}>{el}</EntityProvider>, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

describe('entity card and tab', () => {
  it('applies only to entities with a 12-digit account id annotation', () => {
    expect(isAwsAccountEntity(entity('111111111111'))).toBe(true);
    expect(isAwsAccountEntity(entity())).toBe(false);
    expect(isAwsAccountEntity(entity('not-an-id'))).toBe(false);
  });

  it('shows the account in the tree and its effective guardrails', async () => {
    const api = createFakeApi();
    await render(
      <EntityAccountCard dashboardPath="/governance" />,
      entity('111111111111'),
      api,
    );
    const chain = await screen.findByRole('list', {
      name: 'Guardrails by level',
    });
    expect(within(chain).getAllByRole('listitem')).toHaveLength(3);
    expect(
      within(chain).getByRole('link', { name: 'ApprovedBedrockModels' }),
    ).toHaveAttribute('href', '/governance/policies/p-approvedmodels');
    expect(
      screen.getByRole('navigation', { name: 'Path from the root' }),
    ).toHaveTextContent('Root/AI Production/ml-inference-prod');
    expect(
      screen.getByRole('link', { name: 'Open in AI Governance' }),
    ).toHaveAttribute('href', '/governance/nodes/111111111111');
    expect(api.getNode).toHaveBeenCalledWith('111111111111');
  });

  it('says what to add when the annotation is missing', async () => {
    const api = createFakeApi();
    await render(<EntityAccountCard />, entity(), api);
    await act(async () => {});
    expect(
      screen.getByText('No AWS account id on this entity'),
    ).toBeInTheDocument();
    expect(screen.getByText(/amazonaws.com\/account-id/)).toBeInTheDocument();
    expect(api.getNode).not.toHaveBeenCalled();
  });

  it('says when the account is not in the organization', async () => {
    await render(<EntityAccountCard />, entity('999999999999'));
    expect(
      await screen.findByText(
        'Account 999999999999 is not in the organization',
      ),
    ).toBeInTheDocument();
  });

  it('shows errors and permission denial', async () => {
    const api = createFakeApi({
      getNode: jest.fn(async () => {
        throw Object.assign(new Error('no'), { statusCode: 403 });
      }),
    });
    await render(<EntityAccountCard />, entity('111111111111'), api);
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });

  it('shows the full account view with its AI posture in the tab', async () => {
    await render(<EntityAccountContent />, entity('111111111111'));
    expect(
      await screen.findByRole('heading', { name: 'ml-inference-prod' }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('Bedrock models')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Can it?' })).toHaveAttribute(
      'href',
      '/ai-governance/can-it?target=111111111111',
    );
  });

  it('shows the AI details of the account from its annotations, with links to the dashboard', async () => {
    await render(
      <EntityAccountCard dashboardPath="/governance" />,
      entity('111111111111', AI_ANNOTATIONS),
    );
    const section = await screen.findByRole('region', {
      name: 'AI guardrails of the account',
    });
    const list = within(section).getByLabelText('AI details');
    expect(detail(list, 'AI posture')).toHaveTextContent(
      '1 error, 1 warning: AI services not opted out; models allowed where no guardrail is enforced (findings)',
    );
    expect(
      within(detail(list, 'AI posture')).getByRole('link', {
        name: 'findings',
      }),
    ).toHaveAttribute('href', '/governance/nodes/111111111111');
    expect(detail(list, 'Guardrail packs')).toHaveTextContent(
      'ai-production, baseline',
    );
    expect(detail(list, 'Bedrock models allowed')).toHaveTextContent(
      /^anthropic\.claude-3-5-haiku-20241022-v1:0, .*anthropic\.claude-3-haiku-20240307-v1:0 and 7 more \(all of them\)$/,
    );
    expect(
      within(detail(list, 'Bedrock models allowed')).getByRole('link', {
        name: 'all of them',
      }),
    ).toHaveAttribute('href', '/governance/nodes/111111111111');
    expect(detail(list, 'Region lock')).toHaveTextContent(
      'Only eu-west-1, us-east-1, us-west-2',
    );
    const guardrails = within(section).getByRole('list', {
      name: 'Enforced guardrails by Region',
    });
    expect(
      within(guardrails)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['us-east-1: demoguard001:1', 'us-west-2: demoguard002:3']);
    expect(detail(list, 'AI opt-out')).toHaveTextContent(
      'Partly: still opted in to lex, polly',
    );
    expect(
      within(section).getByRole('link', {
        name: 'Check a request for this account',
      }),
    ).toHaveAttribute('href', '/governance/can-it?target=111111111111');
  });

  it('says what the all, none and no-lock values mean', async () => {
    await render(
      <EntityAccountCard />,
      entity('111111111111', {
        'ai-governance.io/ai-posture': 'ok',
        'ai-governance.io/guardrail-packs': 'none',
        'ai-governance.io/bedrock-model-allow-list': 'all',
        'ai-governance.io/region-lock': 'none',
        'ai-governance.io/bedrock-guardrails': 'none',
        'ai-governance.io/ai-opt-out': 'all',
      }),
    );
    const list = await screen.findByLabelText('AI details');
    expect(detail(list, 'AI posture')).toHaveTextContent('OK (details)');
    expect(detail(list, 'Guardrail packs')).toHaveTextContent('None');
    expect(detail(list, 'Bedrock models allowed')).toHaveTextContent(
      'Every model in the shipped list',
    );
    expect(detail(list, 'Region lock')).toHaveTextContent(
      'None: models may be invoked in every Bedrock Region',
    );
    expect(detail(list, 'Enforced guardrails')).toHaveTextContent(
      'None: no Bedrock policy enforces a guardrail',
    );
    expect(detail(list, 'AI opt-out')).toHaveTextContent(
      'Opted out of every AI service',
    );
  });

  it('says when Bedrock is denied everywhere and nothing is opted out', async () => {
    await render(
      <EntityAccountCard />,
      entity('111111111111', {
        'ai-governance.io/bedrock-model-allow-list': 'none',
        'ai-governance.io/region-lock': 'bedrock-denied',
        'ai-governance.io/ai-opt-out': 'none',
      }),
    );
    const list = await screen.findByLabelText('AI details');
    expect(detail(list, 'AI posture')).toHaveTextContent('Not checked');
    expect(detail(list, 'Bedrock models allowed')).toHaveTextContent('None');
    expect(detail(list, 'Region lock')).toHaveTextContent(
      'Bedrock is denied in every Region',
    );
    expect(detail(list, 'AI opt-out')).toHaveTextContent(
      'Not opted out of any AI service',
    );
    // Rows without an annotation are left out rather than guessed.
    expect(within(list).queryByText('Guardrail packs')).toBeNull();
    expect(within(list).queryByText('Enforced guardrails')).toBeNull();
  });

  it('shows no AI section on an entity the catalog module did not check', async () => {
    await render(<EntityAccountCard />, entity('111111111111'));
    await screen.findByRole('list', { name: 'Guardrails by level' });
    expect(
      screen.queryByRole('region', { name: 'AI guardrails of the account' }),
    ).toBeNull();
  });

  it('shows the AI details even when the account cannot be loaded', async () => {
    const api = createFakeApi({
      getNode: jest.fn(async () => {
        throw new Error('backend down');
      }),
    });
    await render(
      <EntityAccountCard />,
      entity('111111111111', AI_ANNOTATIONS),
      api,
    );
    expect(await screen.findByText('backend down')).toBeInTheDocument();
    expect(screen.getByLabelText('AI details')).toHaveTextContent(
      'ai-production, baseline',
    );
  });

  it('links to where the dashboard is mounted, in both frontend systems', async () => {
    for (const Card of [AlphaEntityAccountCard, LegacyEntityAccountCard]) {
      const { unmount } = await renderInTestApp(
        <EntityProvider entity={entity('111111111111', AI_ANNOTATIONS)}>
          <Card />
        </EntityProvider>,
        {
          apis: [[aiGovernanceApiRef, createFakeApi()], mockApis.permission()],
          mountedRoutes: { '/gov': convertLegacyRouteRef(rootRouteRef) },
        },
      );
      const section = await screen.findByRole('region', {
        name: 'AI guardrails of the account',
      });
      expect(
        within(section).getByRole('link', { name: 'findings' }),
      ).toHaveAttribute('href', '/gov/nodes/111111111111');
      unmount();
    }
  });
});

describe('reading the AI detail annotations', () => {
  it('reads capped lists and leaves out values it does not know', () => {
    expect(parseCappedList('a,b,c +4 more')).toEqual({
      items: ['a', 'b', 'c'],
      more: 4,
    });
    expect(parseCappedList('us-east-1')).toEqual({
      items: ['us-east-1'],
      more: 0,
    });
    const d = readAiDetails(
      entity('111111111111', {
        'ai-governance.io/ai-opt-out': 'partial:lex,polly,rekognition +2 more',
        'ai-governance.io/bedrock-guardrails':
          'us-east-1=gr1:1,us-west-2=(none)',
        'ai-governance.io/region-lock': '   ',
        'ai-governance.io/bedrock-model-allow-list': 'none',
      }),
    );
    expect(d.optOut).toEqual({
      kind: 'partial',
      items: ['lex', 'polly', 'rekognition'],
      more: 2,
    });
    expect(d.guardrails).toEqual([
      { region: 'us-east-1', guardrail: 'gr1:1' },
      { region: 'us-west-2', guardrail: '(none)' },
    ]);
    expect(d.regionLock).toBeUndefined();
    expect(d.models).toEqual({ kind: 'none' });
  });
});
