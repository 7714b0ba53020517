/*
 * The baseline preview's AI posture: the findings of the posture check on the organization as the baseline would
 * leave it (GET /drift/posture), each with its severity, what is inconsistent, how to fix it and the accounts it
 * concerns; the same check as the AI posture panel and `aigov baseline preview`.
 */
import type {
  BaselinePostureResponse,
  PostureFinding,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { POLICY_TYPE_LABELS } from '../../lib/tree';
import { statusChipStyle } from '../chips';
import { useLinks } from '../links';
import { EmptyState } from '../states';

/** Accounts named per finding before "and N more". */
const MAX_ACCOUNTS = 5;
/** Regions, models or services named per finding before "and N more" (the message says the gist). */
const MAX_LISTED = 8;

function listed(items: string[]): string {
  if (items.length <= MAX_LISTED) return items.join(', ');
  return `${items.slice(0, MAX_LISTED).join(', ')} and ${
    items.length - MAX_LISTED
  } more`;
}

/**
 * Policies and OUs the baseline would create exist only in the preview (the what-if gives them `…whatif…` ids):
 * named, not linked, since the dashboard has no page for them yet.
 */
function proposed(id: string): boolean {
  return id.includes('whatif');
}

function SeverityChip(props: { severity: PostureFinding['severity'] }) {
  const error = props.severity === 'error';
  return (
    <span
      style={{
        ...statusChipStyle,
        color: error
          ? 'var(--bui-fg-negative, #b42318)'
          : 'var(--bui-fg-warning, #8a5a00)',
        background: error
          ? 'var(--bui-negative-bg-subdued, #fde8e8)'
          : 'var(--bui-warning-bg-subdued, #fff4e0)',
      }}
      data-severity={props.severity}
    >
      {error ? 'Error' : 'Warning'}
    </span>
  );
}

function Finding(props: { finding: PostureFinding }) {
  const links = useLinks();
  const { finding } = props;
  const details = [
    finding.regions?.length ? `Regions: ${listed(finding.regions)}` : '',
    finding.models?.length ? `Models: ${listed(finding.models)}` : '',
    finding.services?.length ? `Services: ${listed(finding.services)}` : '',
  ].filter(Boolean);
  const count = finding.accountIds.length;
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
        {finding.policies.length > 0 && (
          <Text variant="body-x-small" color="secondary">
            Policies involved:{' '}
            {finding.policies.map((p, i) => (
              <span key={`${p.id}-${p.node.id}-${i}`}>
                {i > 0 && '; '}
                {POLICY_TYPE_LABELS[p.type] ?? p.type}{' '}
                {proposed(p.id) ? (
                  `${p.name} (created by the baseline)`
                ) : (
                  <Link href={links.policy(p.id)} variant="body-x-small">
                    {p.name}
                  </Link>
                )}{' '}
                at{' '}
                {proposed(p.node.id) ? (
                  p.node.name
                ) : (
                  <Link href={links.node(p.node.id)} variant="body-x-small">
                    {p.node.name}
                  </Link>
                )}
              </span>
            ))}
          </Text>
        )}
        <Text variant="body-x-small" color="secondary">
          {count === 1 ? '1 account' : `${count} accounts`}
          {': '}
          {finding.accountIds.slice(0, MAX_ACCOUNTS).map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link href={links.node(id)} variant="body-x-small">
                {finding.accountNames[i] ?? id}
              </Link>
            </span>
          ))}
          {count > MAX_ACCOUNTS && ` and ${count - MAX_ACCOUNTS} more`}
        </Text>
      </Flex>
    </li>
  );
}

/** The findings the baseline would leave, errors first, or a line saying there is none. */
export function BaselinePostureView(props: {
  answer: BaselinePostureResponse;
}) {
  const { posture } = props.answer;
  const findings = [...posture.findings].sort(
    (a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error'),
  );
  const checked = `${posture.accountsChecked} member account${
    posture.accountsChecked === 1 ? '' : 's'
  } checked; Bedrock models as of ${posture.modelsAsOf}`;
  if (!findings.length) {
    return (
      <EmptyState
        title="No AI posture inconsistency after the baseline"
        description={`The models allowed, the guardrails enforced, the region lock and the AI opt-out agree in every account (${checked}).`}
      />
    );
  }
  const errors = findings.filter(f => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const part = (n: number, word: string) =>
    n ? [`${n} ${word}${n === 1 ? '' : 's'}`] : [];
  return (
    <Flex direction="column" gap="2">
      <Text variant="body-small">
        {[...part(errors, 'error'), ...part(warnings, 'warning')].join(', ')}{' '}
        would remain once the baseline is applied ({checked}).
      </Text>
      <ul
        aria-label="AI posture findings after the baseline"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {findings.map((f, i) => (
          <Finding key={`${f.code}-${i}`} finding={f} />
        ))}
      </ul>
    </Flex>
  );
}
