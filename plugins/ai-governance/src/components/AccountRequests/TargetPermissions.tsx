/* What a requested account would be allowed and denied where it lands: the key AI and safety requests, per region. */
import { useApi } from '@backstage/core-plugin-api';
import type {
  SimulationRequest,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { Flex, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { DecisionBadge } from '../chips';
import { SimpleTable } from '../SimpleTable';
import { ErrorState, LoadingState } from '../states';

/** The regions each request is asked in. */
export const TARGET_REGIONS = ['us-east-1', 'eu-west-1'];

/** The requests an approver wants answered for a new AI account, each in words; `{region}` is filled in. */
export const TARGET_PROBES: Array<{
  label: string;
  action: string;
  resource?: string;
}> = [
  {
    label: 'Invoke Anthropic Claude 3.5 Sonnet',
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:{region}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
  },
  {
    label: 'Invoke Amazon Titan Text Express',
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:{region}::foundation-model/amazon.titan-text-express-v1',
  },
  {
    label: 'Invoke Meta Llama 3 70B',
    action: 'bedrock:InvokeModel',
    resource:
      'arn:aws:bedrock:{region}::foundation-model/meta.llama3-70b-instruct-v1:0',
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

/** The simulate requests for a target, one per probe and region, in table order. */
export function targetRequests(target: string): SimulationRequest[] {
  return TARGET_PROBES.flatMap(p =>
    TARGET_REGIONS.map(region => ({
      target,
      action: p.action,
      resource: p.resource?.replace('{region}', region),
      context: { 'aws:RequestedRegion': region },
    })),
  );
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
 */
export function TargetPermissions(props: { ouId: string; ouName: string }) {
  const api = useApi(aiGovernanceApiRef);
  const state = useAsyncRetry(
    () => Promise.all(targetRequests(props.ouId).map(r => api.simulate(r))),
    [api, props.ouId],
  );
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
  const results = state.value ?? [];
  const at = (probe: number, region: number) =>
    results[probe * TARGET_REGIONS.length + region];
  const allowed = results.filter(r => r.decision === 'Allowed').length;
  return (
    <Flex direction="column" gap="2">
      <Text as="p" variant="body-small" color="secondary">
        What a new account in <strong>{props.ouName}</strong> would be allowed
        by the organization&apos;s SCPs and RCPs ({allowed} of {results.length}{' '}
        requests below), assuming its own IAM policies allow them:
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
