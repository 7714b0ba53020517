/*
 * An account's effective management policies as a picture: per type, the chain root → OU → account in one colour per
 * level, and the tree of effective keys with, on each value, a badge per policy that set it (its level's colour, the
 * operator, the policy's name). The legends are in legends.tsx, the key tree's rows and badges in keyTree.tsx.
 */
import { useApi } from '@backstage/core-plugin-api';
import type {
  EffectivePoliciesResponse,
  EffectivePolicyOfType,
} from '@internal/plugin-ai-governance-common';
import { POLICY_TYPE_FACTS } from '@internal/plugin-ai-governance-common';
import { Flex, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { SectionCard } from '../SectionCard';
import { EmptyState, ErrorState, LoadingState } from '../states';
import {
  ChainLegend,
  DecidedBar,
  LEVEL_COLORS,
  OperatorLegend,
} from './legends';
import { formatValue, keyRows, SourceBadge } from './keyTree';

/** The effective policy of one type: chain legend, operator legend, the key tree, and the document. */
export function EffectivePolicyOfTypeView(props: {
  data: EffectivePolicyOfType;
}) {
  const { data } = props;
  const facts = POLICY_TYPE_FACTS[data.type];
  const colors = new Map(
    data.chain.map((level, i) => [
      level.node.id,
      LEVEL_COLORS[i % LEVEL_COLORS.length],
    ]),
  );
  const colorOf = (id: string) => colors.get(id) ?? 'var(--bui-border-2, #ccc)';
  const rows = keyRows(data.entries);
  const label = facts?.label ?? data.type;
  return (
    <section
      aria-label={`Effective ${label}`}
      data-policy-type={data.type}
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap: 8,
        // Never wider than the column it is placed in: long values and badges wrap instead.
        minWidth: 0,
        maxWidth: '100%',
        paddingBottom: 12,
        borderBottom: '1px solid var(--bui-border-1, #eee)',
      }}
    >
      <Text as="h4" variant="title-x-small">
        {label}
      </Text>
      <ChainLegend chain={data.chain} colorOf={colorOf} />
      {data.warnings.map((w, i) => (
        <Text key={i} variant="body-small" color="warning" role="note">
          {w}
        </Text>
      ))}
      {data.document === undefined || data.entries.length === 0 ? (
        <Text variant="body-small" color="secondary">
          No {label.toLowerCase()} applies to this account: nothing is set.
        </Text>
      ) : (
        <>
          <DecidedBar data={data} colorOf={colorOf} />
          <OperatorLegend />
          <ul
            aria-label={`Effective keys of the ${label.toLowerCase()}`}
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
          >
            {rows.map(row =>
              row.kind === 'key' ? (
                <li
                  key={row.id}
                  style={{
                    paddingLeft: row.depth * 18,
                    fontFamily: 'var(--bui-font-monospace)',
                    fontSize: 13,
                    fontWeight: 600,
                    marginTop: row.depth === 0 ? 6 : 2,
                  }}
                >
                  {row.key}
                </li>
              ) : (
                <li
                  key={row.id}
                  aria-label={`${row.entry.path.join(' › ')} = ${formatValue(
                    row.entry.value,
                  )}`}
                  style={{
                    paddingLeft: row.depth * 18,
                    display: 'flex',
                    flexWrap: 'wrap',
                    gap: 6,
                    alignItems: 'center',
                    marginTop: 2,
                  }}
                >
                  <span
                    style={{
                      fontFamily: 'var(--bui-font-monospace)',
                      fontSize: 13,
                    }}
                  >
                    {row.entry.path[row.entry.path.length - 1]}:
                  </span>
                  <span
                    style={{
                      fontFamily: 'var(--bui-font-monospace)',
                      fontSize: 13,
                      padding: '0 6px',
                      borderRadius: 4,
                      background: 'var(--bui-bg-neutral-2, #f2f2f2)',
                      overflowWrap: 'anywhere',
                    }}
                  >
                    {formatValue(row.entry.value)}
                  </span>
                  {row.entry.sources.map((source, i) => (
                    <SourceBadge
                      key={`${source.policy.id}-${source.node.id}-${i}`}
                      source={source}
                      color={colorOf(source.node.id)}
                      decisive={i === row.entry.sources.length - 1}
                    />
                  ))}
                </li>
              ),
            )}
          </ul>
          <details>
            <summary>
              <Text variant="body-x-small" color="secondary">
                The effective document, as DescribeEffectivePolicy returns it
              </Text>
            </summary>
            <pre
              style={{
                fontFamily: 'var(--bui-font-monospace)',
                fontSize: 12,
                overflow: 'auto',
                maxHeight: 320,
              }}
            >
              {JSON.stringify(data.document, null, 2)}
            </pre>
          </details>
        </>
      )}
    </section>
  );
}

/** Every effective management policy of one account. */
export function EffectivePoliciesView(props: {
  data: EffectivePoliciesResponse;
}) {
  const { types } = props.data;
  if (types.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        No management policy type (tag, backup, Bedrock, AI opt-out, …) is
        enabled on the root, so no effective policy applies.
      </Text>
    );
  }
  const applying = types.filter(t => t.entries.length > 0);
  const empty = types.filter(t => t.entries.length === 0);
  return (
    <Flex direction="column" gap="3">
      {applying.map(t => (
        <EffectivePolicyOfTypeView key={t.type} data={t} />
      ))}
      {empty.length > 0 && (
        <Text variant="body-small" color="secondary">
          Enabled, nothing applies:{' '}
          {empty
            .map(t => POLICY_TYPE_FACTS[t.type]?.label ?? t.type)
            .join(', ')}
        </Text>
      )}
    </Flex>
  );
}

/** Loads an account's effective management policies and draws them, with loading and error states. */
export function EffectivePolicies(props: { accountId: string }) {
  const api = useApi(aiGovernanceApiRef);
  const state = useAsyncRetry(
    () => api.getEffectivePolicies(props.accountId),
    [api, props.accountId],
  );
  let body;
  if (state.loading) {
    body = <LoadingState what="the effective policies" />;
  } else if (state.error) {
    body = (
      <ErrorState
        what="read the effective policies"
        error={state.error}
        onRetry={state.retry}
      />
    );
  } else if (!state.value) {
    body = (
      <EmptyState
        title="No effective policies"
        description="The backend answered without data; refresh the snapshot."
      />
    );
  } else {
    body = <EffectivePoliciesView data={state.value} />;
  }
  return (
    <SectionCard
      title="Effective management policies"
      titleVariant="title-small"
      description="What AWS applies to this account for each management policy type, and which level's policy set each value."
    >
      {body}
    </SectionCard>
  );
}
