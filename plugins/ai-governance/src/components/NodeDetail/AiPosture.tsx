/*
 * A node's AI posture: the consistency findings of the posture check for the accounts here, then which Bedrock models
 * and SageMaker settings its guardrails allow.
 */
import { useApi } from '@backstage/core-plugin-api';
import type {
  InheritedLevel,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { aiGovernanceApiRef } from '../../api';
import { optOutPolicies, postureProbes } from '../../lib/posture';
import { DecisionBadge, PolicyChip } from '../chips';
import { useLinks } from '../links';
import { ErrorState, LoadingState } from '../states';
import { PostureFindings } from './PostureFindings';

/** One group of probes under its heading, labelled for assistive technology. */
function PostureSection(props: {
  label: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section aria-label={props.label}>
      <Text as="h4" variant="title-x-small">
        {props.title}
      </Text>
      <Flex direction="column" gap="1">
        {props.children}
      </Flex>
    </section>
  );
}

function denyingStatement(result: SimulationResult) {
  const level = result.levels.find(l => l.decision !== 'Allowed');
  const stmt = level?.deciding.find(d => d.effect === 'Deny');
  return { level, stmt };
}

/**
 * What the evaluator says about a handful of representative AI requests at this node: which Bedrock models may be
 * invoked, whether SageMaker network and encryption guardrails apply, and whether the AI services opt-out is in force.
 */
export function AiPosture(props: {
  target: string;
  inherited: InheritedLevel[];
}) {
  const api = useApi(aiGovernanceApiRef);
  const links = useLinks();
  const probes = postureProbes(props.target);
  const state = useAsync(
    () => Promise.all(probes.map(p => api.simulate(p.request))),
    [api, props.target],
  );
  const optOut = optOutPolicies(props.inherited);
  const self = props.inherited[props.inherited.length - 1]?.node;
  const findingsBlock = (
    <PostureFindings
      node={self ?? { id: props.target, kind: 'account', name: props.target }}
    />
  );

  const optOutBlock = (
    <section aria-label="AI services opt-out">
      <Text as="h4" variant="title-x-small">
        AI services opt-out
      </Text>
      {optOut.length === 0 ? (
        <Text variant="body-small" color="warning">
          No AI services opt-out policy applies: AWS AI services may use this
          account's content to improve their models.
        </Text>
      ) : (
        <Flex direction="column" gap="1">
          {optOut.map(({ policy, level }) => (
            <Flex key={`${level.id}-${policy.id}`} gap="2" align="center">
              <PolicyChip policy={policy} />
              <Text variant="body-small" color="secondary">
                from <Link href={links.node(level.id)}>{level.name}</Link>
              </Text>
            </Flex>
          ))}
        </Flex>
      )}
    </section>
  );

  if (state.loading) {
    return (
      <Flex direction="column" gap="3">
        {findingsBlock}
        <LoadingState what="the AI posture" />
        {optOutBlock}
      </Flex>
    );
  }
  if (state.error) {
    return (
      <Flex direction="column" gap="3">
        {findingsBlock}
        <ErrorState what="evaluate the AI posture" error={state.error} />
        {optOutBlock}
      </Flex>
    );
  }
  const results = state.value ?? [];
  const rows = probes.map((probe, i) => ({ probe, result: results[i] }));
  const group = (g: string) => rows.filter(r => r.probe.group === g);
  const bedrock = group('bedrock');
  const allowedModels = bedrock.filter(r => r.result?.decision === 'Allowed');

  const renderRow = ({ probe, result }: (typeof rows)[number]) => {
    if (!result) return null;
    const { level, stmt } = denyingStatement(result);
    return (
      <Flex key={probe.key} gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <DecisionBadge decision={result.decision} />
        <Text
          variant="body-small"
          style={{ fontFamily: 'var(--bui-font-monospace)' }}
        >
          {probe.label}
        </Text>
        {stmt && level && (
          <Text variant="body-x-small" color="secondary">
            by{' '}
            <Link href={links.policy(stmt.policyId)}>
              {stmt.policyName}
              {stmt.sid ? ` / ${stmt.sid}` : ''}
            </Link>{' '}
            at {level.node.name}
          </Text>
        )}
      </Flex>
    );
  };

  return (
    <Flex direction="column" gap="3">
      {findingsBlock}
      <PostureSection
        label="Bedrock models"
        title={`Bedrock models (${allowedModels.length} of ${bedrock.length} probed may be invoked)`}
      >
        {bedrock.map(renderRow)}
      </PostureSection>
      <PostureSection
        label="SageMaker network guardrails"
        title="SageMaker network"
      >
        {group('network').map(renderRow)}
      </PostureSection>
      <PostureSection
        label="SageMaker encryption guardrails"
        title="SageMaker encryption"
      >
        {group('encryption').map(renderRow)}
      </PostureSection>
      {optOutBlock}
    </Flex>
  );
}
