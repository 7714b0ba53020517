/* One entry of a vertical chain (a request's history, the levels of inherited guardrails): a dot, a line to the next. */
import { ReactNode } from 'react';

export function StepListItem(props: {
  /** The last entry: its dot is drawn in the primary colour and no line leaves it. */
  last: boolean;
  /** Space below the entry's content, in pixels, before the next entry. */
  spacing: number;
  'aria-label'?: string;
  'data-state'?: string;
  children: ReactNode;
}) {
  const { last } = props;
  return (
    <li
      aria-label={props['aria-label']}
      data-state={props['data-state']}
      style={{ display: 'flex', gap: 12 }}
    >
      <div
        aria-hidden
        style={{
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          width: 16,
          flexShrink: 0,
        }}
      >
        <span
          style={{
            width: 12,
            height: 12,
            marginTop: 4,
            borderRadius: 'var(--bui-radius-full)',
            background: last
              ? 'var(--bui-fg-primary, #333)'
              : 'var(--bui-accent-bg, #5b6ee1)',
            flexShrink: 0,
          }}
        />
        {!last && (
          <span
            style={{
              flex: 1,
              width: 2,
              minHeight: 16,
              background: 'var(--bui-border-2, #ccc)',
            }}
          />
        )}
      </div>
      <div style={{ paddingBottom: last ? 0 : props.spacing, minWidth: 0 }}>
        {props.children}
      </div>
    </li>
  );
}
