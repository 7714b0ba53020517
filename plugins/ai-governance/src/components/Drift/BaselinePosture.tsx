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
import { PostureFindingItem } from '../PostureFindingItem';
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

function NewChip() {
  return (
    <span
      style={{
        ...statusChipStyle,
        background: 'var(--bui-bg-neutral-2, #f2f2f2)',
      }}
    >
      New with the baseline
    </span>
  );
}

function Finding(props: { finding: PostureFinding; introduced: boolean }) {
  const links = useLinks();
  const { finding, introduced } = props;
  const count = finding.accountIds.length;
  return (
    <PostureFindingItem
      finding={finding}
      badge={introduced && <NewChip />}
      list={listed}
    >
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
    </PostureFindingItem>
  );
}

/** The findings of today the baseline would clear, in one line each. */
function Resolved(props: { findings: PostureFinding[] }) {
  const { findings } = props;
  if (!findings.length) return null;
  return (
    <section aria-label="Findings the baseline clears">
      <Text as="h4" variant="title-x-small">
        Cleared by the baseline ({findings.length})
      </Text>
      <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
        {findings.map((f, i) => (
          <li key={`${f.code}-${i}`}>
            <Text variant="body-small">
              {f.message} (
              {f.accountIds.length === 1
                ? '1 account'
                : `${f.accountIds.length} accounts`}
              )
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The findings the baseline would leave, errors first, those it brings marked, or a line saying there is none; then
 * the findings of today it would clear.
 */
export function BaselinePostureView(props: {
  answer: BaselinePostureResponse;
}) {
  const { posture, introduced, resolved, findingsNow } = props.answer;
  const brought = new Set(introduced);
  const findings = posture.findings
    .map((finding, index) => ({ finding, introduced: brought.has(index) }))
    .sort(
      (a, b) =>
        Number(a.finding.severity !== 'error') -
        Number(b.finding.severity !== 'error'),
    );
  const checked = `${posture.accountsChecked} member account${
    posture.accountsChecked === 1 ? '' : 's'
  } checked; Bedrock models as of ${posture.modelsAsOf}`;
  const part = (n: number, word: string) =>
    n ? [`${n} ${word}${n === 1 ? '' : 's'}`] : [];
  const compared = `Today: ${
    findingsNow === 1 ? '1 finding' : `${findingsNow} findings`
  }; the baseline brings ${brought.size} and clears ${resolved.length}.`;
  if (!findings.length) {
    return (
      <Flex direction="column" gap="3">
        <EmptyState
          title="No AI posture inconsistency after the baseline"
          description={`The models allowed, the guardrails enforced, the region lock and the AI opt-out agree in every account (${checked}). ${compared}`}
        />
        <Resolved findings={resolved} />
      </Flex>
    );
  }
  const errors = findings.filter(f => f.finding.severity === 'error').length;
  const warnings = findings.length - errors;
  return (
    <Flex direction="column" gap="3">
      <Text variant="body-small">
        {[...part(errors, 'error'), ...part(warnings, 'warning')].join(', ')}{' '}
        would remain once the baseline is applied ({checked}). {compared}
      </Text>
      <ul
        aria-label="AI posture findings after the baseline"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {findings.map((f, i) => (
          <Finding
            key={`${f.finding.code}-${i}`}
            finding={f.finding}
            introduced={f.introduced}
          />
        ))}
      </ul>
      <Resolved findings={resolved} />
    </Flex>
  );
}
