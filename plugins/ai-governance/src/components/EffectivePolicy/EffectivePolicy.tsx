/*
 * An account's effective management policies as a picture: per type, the chain root → OU → account in one colour per
 * level, and the tree of effective keys with, on each value, a badge per policy that set it (its level's colour, the
 * operator, the policy's name).
 */
import { useApi } from '@backstage/core-plugin-api';
import type {
  EffectivePoliciesResponse,
  EffectivePolicyEntry,
  EffectivePolicyOfType,
  EffectiveValueOperator,
  EffectiveValueOrigin,
} from '@internal/plugin-ai-governance-common';
import { POLICY_TYPE_FACTS } from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { CSSProperties, Fragment } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { chipStyle, KindBadge } from '../chips';
import { useLinks } from '../links';
import { SectionCard } from '../SectionCard';
import { EmptyState, ErrorState, LoadingState } from '../states';

/**
 * One colour per level of the chain, root first: distinct hues that read on light and dark themes. A chain deeper
 * than the palette (AWS allows five OU levels, so seven levels at most) reuses colours from the start.
 */
export const LEVEL_COLORS = [
  '#2f6fde',
  '#8b4fd8',
  '#0f8a6a',
  '#c77700',
  '#c23b6a',
  '#138fa8',
  '#6b7a00',
];

/** What each operator does, in the legend and in each badge's label. */
export const OPERATOR_WORDS: Record<
  EffectiveValueOperator,
  { symbol: string; verb: string; legend: string }
> = {
  '@@assign': {
    symbol: '=',
    verb: 'set',
    legend: 'sets the value, replacing what a parent set',
  },
  '@@append': {
    symbol: '+',
    verb: 'added to',
    legend: 'adds to the list a parent set',
  },
  '@@remove': {
    symbol: '−',
    verb: 'removed from',
    legend: 'takes values out of what a parent set',
  },
};

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
    return value.length === 0 ? '(empty list)' : value.join(', ');
  }
  return JSON.stringify(value);
}

/** What lets a badge wrap onto further lines inside its row instead of overflowing it. */
export const WRAPPING_BADGE: CSSProperties = {
  flexWrap: 'wrap',
  whiteSpace: 'normal',
  overflowWrap: 'anywhere',
  overflow: 'visible',
  maxWidth: '100%',
  minWidth: 0,
  boxSizing: 'border-box',
};

/** One source of a value: the level's colour, the operator and the policy. */
function SourceBadge(props: {
  source: EffectiveValueOrigin;
  color: string;
  decisive: boolean;
}) {
  const links = useLinks();
  const { source, color, decisive } = props;
  const words = OPERATOR_WORDS[source.operator];
  // Policy and level names can be long, and the view often sits in a narrow column: the badge wraps within the
  // row's width rather than being cut off (chipStyle alone keeps a chip on one line and hides what overflows).
  const style: CSSProperties = {
    ...chipStyle,
    ...WRAPPING_BADGE,
    borderColor: color,
    borderLeft: `6px solid ${color}`,
    borderRadius: 4,
    opacity: decisive ? 1 : 0.75,
    fontWeight: decisive ? 600 : undefined,
  };
  return (
    <span
      style={style}
      data-source-node={source.node.id}
      data-operator={source.operator}
      aria-label={`${words.verb} by ${source.operator} in ${source.policy.name} at ${source.node.name}`}
    >
      <span aria-hidden style={{ fontFamily: 'var(--bui-font-monospace)' }}>
        {words.symbol}
      </span>
      <span aria-hidden style={{ fontFamily: 'var(--bui-font-monospace)' }}>
        {source.operator}
      </span>
      <Link href={links.policy(source.policy.id)} variant="body-x-small">
        {source.policy.name}
      </Link>
      <span aria-hidden style={{ opacity: 0.7 }}>
        · {source.node.name}
      </span>
    </span>
  );
}

/** Rows of the key tree: a heading row for each key on the way down, then the value rows under it. */
type KeyRow =
  | { kind: 'key'; key: string; depth: number; id: string }
  | { kind: 'value'; entry: EffectivePolicyEntry; depth: number; id: string };

export function keyRows(entries: EffectivePolicyEntry[]): KeyRow[] {
  const rows: KeyRow[] = [];
  const opened = new Set<string>();
  for (const entry of entries) {
    const parents = entry.path.slice(0, -1);
    parents.forEach((key, depth) => {
      const id = parents.slice(0, depth + 1).join('\u0000');
      if (!opened.has(id)) {
        opened.add(id);
        rows.push({ kind: 'key', key, depth, id });
      }
    });
    rows.push({
      kind: 'value',
      entry,
      depth: parents.length,
      id: `${entry.path.join('\u0000')}\u0001value`,
    });
  }
  return rows;
}

/** The chain of levels as the legend of colours: each level, and the policies of the type attached there. */
function ChainLegend(props: {
  chain: EffectivePolicyOfType['chain'];
  colorOf: (nodeId: string) => string;
}) {
  const links = useLinks();
  return (
    <ol
      aria-label="Levels, root first"
      style={{
        listStyle: 'none',
        margin: 0,
        padding: 0,
        display: 'flex',
        flexWrap: 'wrap',
        gap: 6,
        alignItems: 'center',
      }}
    >
      {props.chain.map((level, i) => (
        <Fragment key={level.node.id}>
          {i > 0 && (
            <span aria-hidden style={{ opacity: 0.6 }}>
              →
            </span>
          )}
          <li
            aria-label={`${level.node.name}: ${
              level.policies.length === 0
                ? 'no policy of this type'
                : level.policies.map(p => p.name).join(', ')
            }`}
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 6,
              padding: '2px 8px',
              borderRadius: 6,
              border: `1px solid var(--bui-border-1, #ddd)`,
              borderTop: `4px solid ${props.colorOf(level.node.id)}`,
              opacity: level.policies.length === 0 ? 0.6 : 1,
            }}
          >
            <KindBadge kind={level.node.kind} />
            <Link href={links.node(level.node.id)} variant="body-small">
              {level.node.name}
            </Link>
            <Text variant="body-x-small" color="secondary">
              {level.policies.length === 0
                ? 'nothing attached'
                : level.policies.map(p => p.name).join(', ')}
            </Text>
          </li>
        </Fragment>
      ))}
    </ol>
  );
}

/** How many values each level decided (the last write on a value decides it), per level of the chain. */
export function decidedPerLevel(data: EffectivePolicyOfType) {
  const counts = new Map<string, number>();
  for (const entry of data.entries) {
    const last = entry.sources[entry.sources.length - 1];
    if (last) counts.set(last.node.id, (counts.get(last.node.id) ?? 0) + 1);
  }
  return data.chain
    .map(level => ({ node: level.node, count: counts.get(level.node.id) ?? 0 }))
    .filter(l => l.count > 0);
}

/** A bar split by level, each part as wide as the number of values that level decided, in the level's colour. */
function DecidedBar(props: {
  data: EffectivePolicyOfType;
  colorOf: (nodeId: string) => string;
}) {
  const parts = decidedPerLevel(props.data);
  const total = parts.reduce((n, p) => n + p.count, 0);
  if (total === 0) return null;
  const label = `Values decided at each level: ${parts
    .map(p => `${p.node.name} ${p.count}`)
    .join(', ')}`;
  return (
    <Flex direction="column" gap="1">
      <div
        role="img"
        aria-label={label}
        style={{
          display: 'flex',
          height: 10,
          borderRadius: 5,
          overflow: 'hidden',
          maxWidth: 480,
        }}
      >
        {parts.map(p => (
          <span
            key={p.node.id}
            data-level={p.node.id}
            style={{
              flexGrow: p.count,
              flexBasis: 0,
              background: props.colorOf(p.node.id),
            }}
          />
        ))}
      </div>
      <Text variant="body-x-small" color="secondary" aria-hidden>
        {parts
          .map(
            p => `${p.node.name}: ${p.count} value${p.count === 1 ? '' : 's'}`,
          )
          .join(' · ')}
      </Text>
    </Flex>
  );
}

function OperatorLegend() {
  return (
    <Flex gap="3" style={{ flexWrap: 'wrap' }} aria-label="Operators">
      {(Object.keys(OPERATOR_WORDS) as EffectiveValueOperator[]).map(op => (
        <Text key={op} variant="body-x-small" color="secondary">
          <span style={{ fontFamily: 'var(--bui-font-monospace)' }}>
            {OPERATOR_WORDS[op].symbol} {op}
          </span>{' '}
          {OPERATOR_WORDS[op].legend}
        </Text>
      ))}
    </Flex>
  );
}

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
