/* A policy document drawn with line numbers, lint findings under their lines, and a highlighted range. */
import type { LintFinding } from '@internal/plugin-ai-governance-common';
import { useEffect, useMemo, useRef } from 'react';

const SEVERITY_COLORS: Record<LintFinding['severity'], string> = {
  error: 'var(--bui-fg-negative, #b42318)',
  warning: 'var(--bui-warning-fg, #9a6700)',
  info: 'var(--bui-fg-announcement, #0969da)',
};

function lineBackground(lit: boolean, hasFindings: boolean) {
  if (lit) return 'var(--bui-warning-bg-subdued, #fff4cc)';
  if (hasFindings) return 'var(--bui-bg-neutral-2, #f6f6f6)';
  return undefined;
}

/**
 * A policy document with line numbers. Lint findings are drawn under the line they point at; a highlighted range
 * (the deciding statement of an evaluation) is marked and scrolled into view.
 */
export function PolicyDocument(props: {
  content: string;
  findings?: LintFinding[];
  highlight?: { startLine: number; endLine: number };
  /** Shows only the highlighted lines and a few around them. */
  excerpt?: boolean;
  title?: string;
}) {
  const { content, findings = [], highlight, excerpt } = props;
  const lines = useMemo(() => content.split('\n'), [content]);
  const byLine = useMemo(() => {
    const map = new Map<number, LintFinding[]>();
    for (const f of findings) {
      const line = Math.min(Math.max(1, f.line || 1), lines.length);
      map.set(line, [...(map.get(line) ?? []), f]);
    }
    return map;
  }, [findings, lines.length]);

  let first = 1;
  let last = lines.length;
  if (excerpt && highlight) {
    first = Math.max(1, highlight.startLine - 2);
    last = Math.min(lines.length, highlight.endLine + 2);
  }
  const markRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!excerpt) markRef.current?.scrollIntoView?.({ block: 'center' });
  }, [highlight?.startLine, excerpt]);

  const numberWidth = `${String(last).length + 1}ch`;
  const rows = [];
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1];
    const lit =
      !!highlight && n >= highlight.startLine && n <= highlight.endLine;
    const lineFindings = byLine.get(n);
    rows.push(
      <div
        key={n}
        data-line={n}
        style={{
          display: 'flex',
          background: lineBackground(lit, !!lineFindings),
        }}
      >
        <span
          aria-hidden
          style={{
            width: numberWidth,
            flexShrink: 0,
            textAlign: 'right',
            paddingRight: 12,
            color: 'var(--bui-fg-secondary, #888)',
            userSelect: 'none',
          }}
        >
          {n}
        </span>
        {lit ? (
          <mark
            ref={
              n === highlight!.startLine
                ? el => (markRef.current = el)
                : undefined
            }
            style={{
              background: 'transparent',
              color: 'inherit',
              whiteSpace: 'pre',
            }}
          >
            {text}
          </mark>
        ) : (
          <span style={{ whiteSpace: 'pre' }}>{text}</span>
        )}
      </div>,
    );
    for (const f of lineFindings ?? []) {
      rows.push(
        <div
          key={`${n}-${f.code}-${f.column}-${f.message}`}
          role="note"
          aria-label={`Line ${n}: ${f.code}`}
          style={{
            display: 'flex',
            gap: 8,
            padding: `2px 0 2px calc(${numberWidth} + 12px)`,
            color: SEVERITY_COLORS[f.severity],
            fontFamily: 'var(--bui-font-regular, sans-serif)',
            whiteSpace: 'normal',
          }}
        >
          <strong>
            {'^'.padStart(Math.max(1, f.column), ' ')} {f.severity}
          </strong>
          <span>
            {f.code}: {f.message}
          </span>
        </div>,
      );
    }
  }
  return (
    <div
      role="region"
      aria-label={props.title ?? 'Policy document'}
      style={{
        fontFamily: 'var(--bui-font-monospace, monospace)',
        fontSize: 13,
        lineHeight: '20px',
        border: '1px solid var(--bui-border-1, #ddd)',
        borderRadius: 6,
        padding: '8px 0',
        overflowX: 'auto',
        maxHeight: excerpt ? undefined : '70vh',
        overflowY: excerpt ? undefined : 'auto',
      }}
    >
      {rows}
    </div>
  );
}
