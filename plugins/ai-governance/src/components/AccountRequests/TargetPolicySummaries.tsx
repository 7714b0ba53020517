/* The guardrails a requested account will inherit, each in plain language, for approvers who are not IAM experts. */
import { useApi } from '@backstage/core-plugin-api';
import {
  summarizePolicy,
  type NodeResponse,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { useLinks } from '../links';
import { ErrorState, LoadingState } from '../states';
import { PlainSummary } from '../WhatIf';

/** The policy types the summarizer reads; FullAWSAccess and RCPFullAWSAccess say nothing worth reading here. */
const SUMMARIZED = new Set<PolicyType>([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
]);

/** Each policy above the target OU, once, with the names of the levels it is attached at. */
export function inheritedPolicies(node: NodeResponse) {
  const byId = new Map<
    string,
    { id: string; name: string; type: PolicyType; at: string[] }
  >();
  for (const level of node.inherited) {
    for (const p of level.policies) {
      if (!SUMMARIZED.has(p.type) || p.awsManaged) continue;
      const entry = byId.get(p.id) ?? {
        id: p.id,
        name: p.name,
        type: p.type,
        at: [],
      };
      entry.at.push(level.node.name);
      byId.set(p.id, entry);
    }
  }
  return [...byId.values()];
}

/**
 * The customer-managed SCPs, RCPs and AI opt-out policies the account will inherit, each summarized in plain sentences
 * (deterministic, in the browser) from its document.
 */
export function TargetPolicySummaries(props: { node: NodeResponse }) {
  const api = useApi(aiGovernanceApiRef);
  const links = useLinks();
  const policies = inheritedPolicies(props.node);
  const state = useAsyncRetry(
    () =>
      Promise.all(
        policies.map(async p => {
          const { policy } = await api.getPolicy(p.id);
          return {
            ...p,
            summary: summarizePolicy(policy.content, {
              type: p.type,
              attachedTo: p.at,
            }),
          };
        }),
      ),
    [api, props.node],
  );
  if (!policies.length) return null;
  if (state.loading && !state.value) {
    return <LoadingState what="the guardrails in plain language" />;
  }
  if (state.error) {
    return (
      <ErrorState
        what="read the guardrails in plain language"
        error={state.error}
        onRetry={state.retry}
      />
    );
  }
  return (
    <Flex direction="column" gap="3" aria-label="Guardrails in plain language">
      <Text as="p" variant="body-small" color="secondary">
        In plain language:
      </Text>
      {(state.value ?? []).map(p => (
        <Flex key={p.id} direction="column" gap="1">
          <Text variant="body-small">
            <Link href={links.policy(p.id)}>{p.name}</Link> (attached to{' '}
            {p.at.join(', ')})
          </Text>
          <PlainSummary summary={p.summary} aria-label={`${p.name} reads`} />
        </Flex>
      ))}
    </Flex>
  );
}
