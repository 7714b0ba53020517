/* The policies attached directly to a node, grouped by type: the slots used of the type's limit, and what each does. */
import { useApi } from '@backstage/core-plugin-api';
import {
  POLICY_TYPES,
  type PolicySummary,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import useAsync from 'react-use/esm/useAsync';
import { aiGovernanceApiRef } from '../../api';
import { ATTACHMENT_LIMITS } from '../../lib/tree';
import { PolicyChip, SlotChip } from '../chips';
import { plainSummary, pluralLabel } from '../PolicyView/plainSummary';
import { useLinks } from '../links';
import { errorMessage } from '../states';

/** The policies grouped by type, in the product's order of types. */
export function groupByType(
  policies: PolicySummary[],
): Array<[PolicyType, PolicySummary[]]> {
  const byType = new Map<PolicyType, PolicySummary[]>();
  for (const p of policies) {
    byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
  }
  return [...byType.entries()].sort(
    ([a], [b]) => POLICY_TYPES.indexOf(a) - POLICY_TYPES.indexOf(b),
  );
}

/** The policy types the what-if judges (SCPs and RCPs). */
const WHAT_IF_TYPES = new Set<PolicyType>([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
]);

/**
 * Each attached policy with its plain-language headline, read from its document (loaded once per node); with the
 * node's id, an SCP or RCP also links to the What if? tab with its detach from the node filled in.
 */
export function AttachedPolicies(props: {
  attached: PolicySummary[];
  nodeId?: string;
}) {
  const api = useApi(aiGovernanceApiRef);
  const links = useLinks();
  const { attached } = props;
  const ids = attached.map(p => p.id).join(',');
  const documents = useAsync(async () => {
    const read = await Promise.all(attached.map(p => api.getPolicy(p.id)));
    return new Map(read.map(r => [r.policy.id, r.policy]));
    // `ids` stands for `attached`: the same policies, whatever the array's identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, ids]);

  if (attached.length === 0) {
    return (
      <Text color="secondary" variant="body-small">
        No policies attached directly
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="3" aria-label="Attached policies">
      {documents.error && (
        <Text variant="body-small" color="danger">
          Could not read the policies' documents to say what they do:{' '}
          {errorMessage(documents.error)}
        </Text>
      )}
      {groupByType(attached).map(([type, policies]) => (
        <section key={type} aria-label={`${pluralLabel(type)} attached here`}>
          <Flex align="center" gap="2">
            <Text as="h4" variant="title-x-small">
              {pluralLabel(type)}
            </Text>
            <SlotChip
              type={type}
              used={policies.length}
              limit={ATTACHMENT_LIMITS[type]}
            />
          </Flex>
          <ul style={{ listStyle: 'none', margin: '4px 0 0', padding: 0 }}>
            {policies.map(p => {
              const doc = documents.value?.get(p.id);
              const summary = doc ? plainSummary(doc) : undefined;
              return (
                <li key={p.id} style={{ marginTop: 4 }}>
                  <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
                    <PolicyChip policy={p} />
                    {summary && (
                      <Text
                        variant="body-small"
                        color={summary.doesNothing ? 'warning' : 'secondary'}
                      >
                        {summary.headline}
                      </Text>
                    )}
                    {props.nodeId && WHAT_IF_TYPES.has(p.type) && (
                      <Link
                        href={links.whatIf({
                          op: 'detach',
                          policy: p.id,
                          target: props.nodeId,
                        })}
                        variant="body-x-small"
                        aria-label={`What if I detach ${p.name}?`}
                      >
                        What if I detach this?
                      </Link>
                    )}
                  </Flex>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </Flex>
  );
}
