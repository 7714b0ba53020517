/* The organization as a virtualized, filterable tree: custom (BUI has no tree), drawn with the theme's tokens. */
import { ButtonIcon, Flex, Link, SearchField, Text } from '@backstage/ui';
import { RiArrowDownSLine, RiArrowRightSLine } from '@remixicon/react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  countByType,
  flattenTree,
  matchQuery,
  ownerOf,
  pathTo,
  TreeIndex,
  TreeRow,
} from '../../lib/tree';
import { AccountStateChip, KindBadge, SlotChip } from '../chips';
import { useLinks } from '../links';
import { EmptyState } from '../states';

/** Height of one row in pixels: fixed, so the virtualizer never has to measure. */
export const ROW_HEIGHT = 40;

function initialExpansion(index: TreeIndex, selectedId?: string): Set<string> {
  const open = new Set<string>();
  // Roots and their direct OUs start open, so the first view shows the top of the organization.
  for (const root of index.roots) {
    open.add(root.id);
    for (const child of index.children.get(root.id) ?? []) {
      if (child.kind === 'ou') open.add(child.id);
    }
  }
  if (selectedId) {
    const path = pathTo(index, selectedId);
    path.slice(0, -1).forEach(id => open.add(id));
  }
  return open;
}

/** "12 accounts in 4 OUs", counting vended accounts only and saying how many suspended or closing ones are left out. */
export function accountsSummary(index: TreeIndex): string {
  const vended = `${index.vendedAccountCount} account${
    index.vendedAccountCount === 1 ? '' : 's'
  } in ${index.ouCount} OU${index.ouCount === 1 ? '' : 's'}`;
  return index.closingAccountCount > 0
    ? `${vended} (and ${index.closingAccountCount} suspended or closing, not counted)`
    : vended;
}

function rowBackground(selected: boolean, matched: boolean) {
  if (selected) return 'var(--bui-bg-neutral-2, #eef)';
  if (matched) return 'var(--bui-warning-bg-subdued, #fffbe6)';
  return undefined;
}

function TreeRowViewInner(props: {
  row: TreeRow;
  index: TreeIndex;
  selected: boolean;
  onToggle(id: string): void;
  top: number;
}) {
  const { row, index, selected, onToggle, top } = props;
  const links = useLinks();
  const { node } = row;
  const owner = ownerOf(node);
  const slots = countByType(node, index.policies);
  return (
    <div
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      aria-selected={selected}
      data-node-id={node.id}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${top}px)`,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        paddingLeft: 8 + row.depth * 20,
        paddingRight: 8,
        boxSizing: 'border-box',
        borderBottom: '1px solid var(--bui-border-1, #eee)',
        background: rowBackground(selected, row.matched),
      }}
    >
      {row.hasChildren ? (
        <ButtonIcon
          size="small"
          variant="tertiary"
          onPress={() => onToggle(node.id)}
          aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${node.name}`}
          icon={
            row.expanded ? (
              <RiArrowDownSLine size={18} />
            ) : (
              <RiArrowRightSLine size={18} />
            )
          }
        />
      ) : (
        <span style={{ width: 32, flexShrink: 0 }} />
      )}
      <KindBadge kind={node.kind} />
      <span
        style={{
          minWidth: 0,
          flexShrink: 0,
          maxWidth: '55%',
          overflow: 'hidden',
          whiteSpace: 'nowrap',
          textOverflow: 'ellipsis',
        }}
      >
        <Link href={links.node(node.id)} weight="bold" variant="body-small">
          {node.name}
        </Link>
      </span>
      <Text
        variant="body-x-small"
        color="secondary"
        truncate
        style={{ flexShrink: 1, minWidth: 0 }}
      >
        {node.id}
      </Text>
      {node.kind === 'account' && <AccountStateChip state={node.state} />}
      {owner && (
        <Text
          variant="body-x-small"
          color="secondary"
          truncate
          style={{ flexShrink: 1, minWidth: 0 }}
        >
          owner: {owner}
        </Text>
      )}
      <span
        style={{ marginLeft: 'auto', display: 'flex', gap: 4, flexShrink: 0 }}
      >
        {slots.map(s => (
          <SlotChip key={s.type} {...s} />
        ))}
      </span>
    </div>
  );
}

const TreeRowView = memo(TreeRowViewInner);

/**
 * The organization as an expandable, filterable tree. Only the rows in view (plus a few) are in the DOM, so an
 * organization of thousands of accounts costs the same to draw as one of ten.
 */
export function OrgTree(props: {
  index: TreeIndex;
  selectedId?: string;
  height?: number | string;
}) {
  const { index, selectedId } = props;
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState(() =>
    initialExpansion(index, selectedId),
  );
  useEffect(() => {
    if (!selectedId) return;
    setExpanded(prev => {
      const path = pathTo(index, selectedId).slice(0, -1);
      if (path.every(id => prev.has(id))) return prev;
      const next = new Set(prev);
      path.forEach(id => next.add(id));
      return next;
    });
  }, [index, selectedId]);

  const filter = useMemo(
    () => (query.trim() ? matchQuery(index, query) : undefined),
    [index, query],
  );
  const rows = useMemo(
    () => flattenTree(index, expanded, filter),
    [index, expanded, filter],
  );
  const onToggle = useCallback((id: string) => {
    setExpanded(prev => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: i => rows[i].node.id,
  });

  // Bring the selected node into view when it changes (a deep link, or a click in the breadcrumb).
  const lastScrolled = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!selectedId || lastScrolled.current === selectedId) return;
    const i = rows.findIndex(r => r.node.id === selectedId);
    if (i >= 0) {
      lastScrolled.current = selectedId;
      virtualizer.scrollToIndex(i, { align: 'auto' });
    }
  }, [rows, selectedId, virtualizer]);

  const matchCount = filter?.matched.size ?? 0;
  return (
    <Flex direction="column" gap="2">
      <Flex align="center" gap="3">
        <div style={{ flex: 1 }}>
          <SearchField
            aria-label="Filter the organization"
            placeholder="Filter by name, id, email or tag"
            value={query}
            onChange={setQuery}
            size="small"
          />
        </div>
        <Text variant="body-small" color="secondary" aria-live="polite">
          {filter
            ? `${matchCount} match${matchCount === 1 ? '' : 'es'}`
            : accountsSummary(index)}
        </Text>
      </Flex>
      {rows.length === 0 ? (
        <EmptyState
          title={
            filter ? 'Nothing matches the filter' : 'The organization is empty'
          }
          description={
            filter
              ? 'Try part of a name, a 12-digit account id, an email, or a tag as key=value.'
              : 'No roots, OUs or accounts in the snapshot yet. Refresh once the backend can reach AWS Organizations.'
          }
        />
      ) : (
        <div
          ref={scrollRef}
          data-testid="org-tree-scroll"
          style={{
            height: props.height ?? 'calc(100vh - 240px)',
            minHeight: 320,
            overflow: 'auto',
            border: '1px solid var(--bui-border-1, #ddd)',
            borderRadius: 6,
          }}
        >
          <div
            role="tree"
            aria-label="Organization"
            style={{
              height: virtualizer.getTotalSize(),
              position: 'relative',
              width: '100%',
            }}
          >
            {virtualizer.getVirtualItems().map(item => {
              const row = rows[item.index];
              return (
                <TreeRowView
                  key={item.key}
                  row={row}
                  index={index}
                  selected={row.node.id === selectedId}
                  onToggle={onToggle}
                  top={item.start}
                />
              );
            })}
          </div>
        </div>
      )}
    </Flex>
  );
}
