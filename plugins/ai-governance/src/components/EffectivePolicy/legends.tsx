/*
 * The legends of an effective policy: one colour per level of the chain (root first) with the policies attached at
 * each level, what each operator does, and a bar of how many values each level decided.
 */
import type {
  EffectivePolicyOfType,
  EffectiveValueOperator,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { Fragment } from 'react';
import { KindBadge } from '../chips';
import { useLinks } from '../links';

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

/** The chain of levels as the legend of colours: each level, and the policies of the type attached there. */
export function ChainLegend(props: {
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
export function DecidedBar(props: {
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

/** What each operator symbol means. */
export function OperatorLegend() {
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
