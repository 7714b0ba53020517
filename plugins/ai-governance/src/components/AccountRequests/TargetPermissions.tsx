/* What a requested account would be allowed and denied where it lands: the key AI and safety requests, per region. */
import { useApi } from '@backstage/core-plugin-api';
import {
  computeEffectivePolicy,
  isNumberedVersion,
  readBedrockEnforcements,
  type InheritedLevel,
  type SimulationRequest,
  type SimulationResult,
} from '@internal/plugin-ai-governance-common';
import type { AiGovernanceApi } from '../../api';
import { Flex, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { DecisionBadge } from '../chips';
import { SimpleTable } from '../SimpleTable';
import { ErrorState, LoadingState } from '../states';

/** The regions each request is asked in. */
export const TARGET_REGIONS = ['us-east-1', 'eu-west-1'];

/** One request an approver wants answered for a new AI account. */
export interface TargetProbe {
  label: string;
  action: string;
  /** `{region}` is filled in. */
  resource?: string;
  /**
   * For model invocations: `with` asks with the guardrail the organization enforces or provides in the Region (see
   * `probeGuardrails`), as a real caller would invoke; `without` asks with no guardrail at all.
   */
  guardrail?: 'with' | 'without';
}

const CLAUDE =
  'arn:aws:bedrock:{region}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0';

/** The requests an approver wants answered for a new AI account, each in words. */
export const TARGET_PROBES: TargetProbe[] = [
  {
    label: 'Invoke Anthropic Claude 3.5 Sonnet',
    action: 'bedrock:InvokeModel',
    resource: CLAUDE,
    guardrail: 'with',
  },
  {
    label: 'Invoke Amazon Titan Text Express',
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:{region}::foundation-model/amazon.titan-text-express-v1',
    guardrail: 'with',
  },
  {
    label: 'Invoke Meta Llama 3 70B',
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:{region}::foundation-model/meta.llama3-70b-instruct-v1:0',
    guardrail: 'with',
  },
  {
    // Organizations often deny invocations without a guardrail (e.g. the ai-development pack's RequireBedrockGuardrail).
    label: 'Invoke Anthropic Claude 3.5 Sonnet without a guardrail',
    action: 'bedrock:InvokeModel',
    resource: CLAUDE,
    guardrail: 'without',
  },
  {
    label: 'Start a model fine-tuning job',
    action: 'bedrock:CreateModelCustomizationJob',
  },
  {
    label: 'Create a SageMaker notebook',
    action: 'sagemaker:CreateNotebookInstance',
  },
  { label: 'Stop CloudTrail logging', action: 'cloudtrail:StopLogging' },
  {
    label: 'Leave the organization',
    action: 'organizations:LeaveOrganization',
  },
];

/** The guardrail a probe invokes with in a Region, and whether the organization's Bedrock policy enforces it. */
export interface ProbeGuardrail {
  arn: string;
  enforced: boolean;
}

/**
 * The guardrail a model invocation is asked with in each Region, chosen as the AI posture check chooses it
 * (common's checkAiPosture): the guardrail the effective Amazon Bedrock policy of the target OU enforces there, when
 * it is usable (a numbered version, in that Region, owned by the management account); otherwise a guardrail of the
 * management account in that Region, which is what a member account is provided with.
 */
export function probeGuardrails(
  bedrockDocument: unknown,
  managementAccountId: string,
  regions: readonly string[] = TARGET_REGIONS,
): Record<string, ProbeGuardrail> {
  const usable = readBedrockEnforcements(bedrockDocument).filter(
    e =>
      e.guardrail &&
      isNumberedVersion(e.guardrail.version) &&
      e.guardrail.region === e.region &&
      e.guardrail.accountId === managementAccountId,
  );
  return Object.fromEntries(
    regions.map(region => {
      const enforced = usable.find(e => e.region === region)?.guardrail?.arn;
      return [
        region,
        enforced
          ? { arn: enforced, enforced: true }
          : {
              arn: `arn:aws:bedrock:${region}:${managementAccountId}:guardrail/any:1`,
              enforced: false,
            },
      ];
    }),
  );
}

/** The simulate requests for a target, one per probe and region, in table order. */
export function targetRequests(
  target: string,
  guardrails: Record<string, ProbeGuardrail>,
): SimulationRequest[] {
  return TARGET_PROBES.flatMap(p =>
    TARGET_REGIONS.map(region => ({
      target,
      action: p.action,
      resource: p.resource?.replace('{region}', region),
      context: {
        'aws:RequestedRegion': region,
        ...(p.guardrail === 'with'
          ? { 'bedrock:GuardrailIdentifier': guardrails[region].arn }
          : {}),
      },
    })),
  );
}

/** The effective Amazon Bedrock policy a new account in the OU gets: the chain's Bedrock policies, merged. */
async function effectiveBedrockPolicy(
  api: Pick<AiGovernanceApi, 'getPolicy'>,
  inherited: readonly InheritedLevel[],
): Promise<unknown> {
  const chain = await Promise.all(
    inherited.map(async level => ({
      nodeId: level.node.id,
      nodeName: level.node.name,
      policies: await Promise.all(
        level.policies
          .filter(p => p.type === 'BEDROCK_POLICY')
          .map(async p => (await api.getPolicy(p.id)).policy),
      ),
    })),
  );
  return computeEffectivePolicy(chain, 'BEDROCK_POLICY').effective;
}

function Verdict(props: { result: SimulationResult }) {
  return (
    <Flex direction="column" gap="1">
      <DecisionBadge decision={props.result.decision} />
      {props.result.decision !== 'Allowed' && (
        <Text variant="body-x-small" color="secondary">
          {props.result.explanation}
        </Text>
      )}
    </Flex>
  );
}

/**
 * What an account created in the OU would be allowed and denied by the organization's SCPs and RCPs, for the key AI
 * requests (Bedrock models, fine-tuning, notebooks) and two safety ones, in each region; each denial says why.
 * Model invocations are asked as a real caller makes them, with the guardrail the organization enforces or provides
 * (`probeGuardrails`), plus once without any guardrail.
 */
export function TargetPermissions(props: {
  ouId: string;
  ouName: string;
  /** The OU's chain, root first (NodeResponse.inherited): its Bedrock policies decide the guardrail asked with. */
  inherited: readonly InheritedLevel[];
  managementAccountId: string;
}) {
  const api = useApi(aiGovernanceApiRef);
  const { ouId, inherited, managementAccountId } = props;
  const state = useAsyncRetry(async () => {
    const guardrails = probeGuardrails(
      await effectiveBedrockPolicy(api, inherited),
      managementAccountId,
    );
    const results = await Promise.all(
      targetRequests(ouId, guardrails).map(r => api.simulate(r)),
    );
    return { guardrails, results };
  }, [api, ouId, inherited, managementAccountId]);
  if (state.loading && !state.value) {
    return <LoadingState what="what the account would be allowed" />;
  }
  if (state.error) {
    return (
      <ErrorState
        what="evaluate what the account would be allowed"
        error={state.error}
        onRetry={state.retry}
      />
    );
  }
  const results = state.value?.results ?? [];
  const guardrails = state.value?.guardrails ?? {};
  const at = (probe: number, region: number) =>
    results[probe * TARGET_REGIONS.length + region];
  const allowed = results.filter(r => r.decision === 'Allowed').length;
  return (
    <Flex direction="column" gap="2">
      <Text as="p" variant="body-small" color="secondary">
        What a new account in <strong>{props.ouName}</strong> would be allowed
        by the organization&apos;s SCPs and RCPs ({allowed} of {results.length}{' '}
        requests below), assuming its own IAM policies allow them. Models are
        invoked as a real caller would invoke them, with the guardrail{' '}
        {TARGET_REGIONS.map((region, i) => (
          <span key={region}>
            {i > 0 && (i === TARGET_REGIONS.length - 1 ? ' and ' : ', ')}
            <code>{guardrails[region]?.arn}</code> in {region} (
            {guardrails[region]?.enforced
              ? 'enforced by the Bedrock policy'
              : "none is enforced there: any of the management account's"}
            )
          </span>
        ))}
        ; one row asks without a guardrail.
      </Text>
      <SimpleTable
        aria-label="What the account would be allowed"
        columns={['Request', ...TARGET_REGIONS]}
        rows={TARGET_PROBES.map((p, i) => ({
          id: `${i}`,
          cells: [
            <Flex direction="column" gap="0.5">
              <Text variant="body-small">{p.label}</Text>
              <Text variant="body-x-small" color="secondary">
                <code>{p.action}</code>
              </Text>
            </Flex>,
            ...TARGET_REGIONS.map((_, r) => <Verdict result={at(i, r)} />),
          ],
        }))}
      />
    </Flex>
  );
}
