/*
 * The frame of one AI posture finding in a list: its severity (and an optional badge), what is inconsistent, how to
 * fix it and its Regions, models or services; the caller adds the policies and accounts below.
 */
import type { PostureFinding } from '@internal/plugin-ai-governance-common';
import { Flex, Text } from '@backstage/ui';
import { ReactNode } from 'react';
import { SeverityChip } from './chips';

/** The Regions, models and services of a finding, one line each, each list written by `list`. */
function detailLines(
  finding: PostureFinding,
  list: (items: string[]) => string,
): string[] {
  return [
    finding.regions?.length ? `Regions: ${list(finding.regions)}` : '',
    finding.models?.length ? `Models: ${list(finding.models)}` : '',
    finding.services?.length ? `Services: ${list(finding.services)}` : '',
  ].filter(Boolean);
}

export function PostureFindingItem(props: {
  finding: PostureFinding;
  /** Shown after the severity, e.g. "New with the baseline". */
  badge?: ReactNode;
  /** How a list of Regions, models or services is written; default: all, comma-separated. */
  list?: (items: string[]) => string;
  /** The policies and accounts of the finding. */
  children?: ReactNode;
}) {
  const { finding } = props;
  const details = detailLines(finding, props.list ?? (i => i.join(', ')));
  return (
    <li
      aria-label={finding.message}
      data-code={finding.code}
      style={{
        padding: '8px 0',
        borderBottom: '1px solid var(--bui-border-1, #eee)',
      }}
    >
      <Flex direction="column" gap="1">
        <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
          <SeverityChip severity={finding.severity} />
          {props.badge}
          <Text variant="body-small" weight="bold">
            {finding.message}
          </Text>
        </Flex>
        <Text variant="body-small">Fix: {finding.fix}</Text>
        {details.map(d => (
          <Text key={d} variant="body-x-small" color="secondary">
            {d}
          </Text>
        ))}
        {props.children}
      </Flex>
    </li>
  );
}
