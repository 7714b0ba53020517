/*
 * The tree of an effective policy's keys: a heading row per key on the way down, value rows under them, and on each
 * value a badge per policy that set it (its level's colour, the operator, the policy's name).
 */
import type {
  EffectivePolicyEntry,
  EffectiveValueOrigin,
} from '@internal/plugin-ai-governance-common';
import { Link } from '@backstage/ui';
import { CSSProperties } from 'react';
import { chipStyle } from '../chips';
import { useLinks } from '../links';
import { OPERATOR_WORDS } from './legends';

/** A value as the key tree shows it: a string, a list of strings joined, else JSON. */
export function formatValue(value: unknown): string {
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
export function SourceBadge(props: {
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
export type KeyRow =
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
