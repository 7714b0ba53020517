/* The answer of a what-if: who gains and who loses which request, by probe and by OU, with the deciding statements. */
import type {
  PlainLanguageSummary,
  WhatIfPolicySummary,
  WhatIfPreview,
  WhatIfPreviewGroup,
  WhatIfReason,
} from '@internal/plugin-ai-governance-common';
import { Alert, Flex, Link, Text } from '@backstage/ui';
import { statusChipStyle } from '../chips';
import { useLinks } from '../links';
import { SectionCard } from '../SectionCard';
import { SimpleTable } from '../SimpleTable';

/** The plain-language summary of one policy: its headline and one sentence per statement. */
export function PlainSummary(props: {
  summary: PlainLanguageSummary;
  'aria-label'?: string;
}) {
  const { summary } = props;
  return (
    <Flex direction="column" gap="1" aria-label={props['aria-label']}>
      <Text weight="bold">{summary.headline}</Text>
      {summary.sentences.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {summary.sentences.map((s, i) => (
            <li key={`${s.statementIndex ?? s.service ?? ''}-${i}`}>
              <Text color={s.noEffect ? 'secondary' : undefined}>{s.text}</Text>
            </li>
          ))}
        </ul>
      )}
      {summary.problems.map(p => (
        <Text key={p} color="danger">
          {p}
        </Text>
      ))}
    </Flex>
  );
}

function DirectionChip(props: { direction: 'gains' | 'loses' }) {
  const gains = props.direction === 'gains';
  return (
    <span
      style={{
        ...statusChipStyle,
        color: gains
          ? 'var(--bui-fg-negative, #b42318)'
          : 'var(--bui-fg-warning, #8a5300)',
        background: gains
          ? 'var(--bui-negative-bg-subdued, #fde8e8)'
          : 'var(--bui-warning-bg-subdued, #fff4e0)',
      }}
      data-direction={props.direction}
    >
      {gains ? 'Gains access' : 'Loses access'}
    </span>
  );
}

function Reason(props: { reason: WhatIfReason }) {
  const links = useLinks();
  const { reason } = props;
  return (
    <Flex direction="column" gap="0.5">
      <Text variant="body-small">{reason.text}</Text>
      {reason.policyId && reason.policyName && (
        <Text variant="body-x-small" color="secondary">
          <Link href={links.policy(reason.policyId)} variant="body-x-small">
            {reason.policyName}
          </Link>
          {reason.sid ? ` ${reason.sid}` : ''}
          {reason.nodeName ? ` at ${reason.nodeName}` : ''}
        </Text>
      )}
    </Flex>
  );
}

function Accounts(props: { group: WhatIfPreviewGroup }) {
  const links = useLinks();
  const { group } = props;
  return (
    <Text variant="body-small">
      {group.accounts.map((a, i) => (
        <span key={a.id}>
          {i > 0 && ', '}
          <Link href={links.node(a.id)} variant="body-small">
            {a.name}
          </Link>
          {a.production && ' (production)'}
        </span>
      ))}
      {group.moreAccounts ? ` and ${group.moreAccounts} more` : ''}
    </Text>
  );
}

function PolicySummaries(props: { summaries: WhatIfPolicySummary[] }) {
  return (
    <>
      {props.summaries.map(s => (
        <SectionCard
          key={`${s.change}-${s.policyName}`}
          title={`${s.change === 'edit' ? 'Edited' : 'New'} policy ${
            s.policyName
          }, in plain language`}
        >
          <Flex direction="column" gap="3">
            {s.before && (
              <Flex direction="column" gap="1">
                <Text variant="body-small" color="secondary">
                  Now
                </Text>
                <PlainSummary
                  summary={s.before}
                  aria-label={`${s.policyName} now`}
                />
              </Flex>
            )}
            <Flex direction="column" gap="1">
              {s.before && (
                <Text variant="body-small" color="secondary">
                  As proposed
                </Text>
              )}
              <PlainSummary
                summary={s.after}
                aria-label={`${s.policyName} as proposed`}
              />
            </Flex>
          </Flex>
        </SectionCard>
      ))}
    </>
  );
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The headline alert: opens access (danger), only removes access (warning), or changes nothing (success). */
function Verdict(props: { result: WhatIfPreview }) {
  const { result } = props;
  const { accountsGaining, accountsLosing } = result.totals;
  if (result.opensAccess) {
    return (
      <Alert
        status="danger"
        icon
        title="This change opens access"
        description={`${plural(
          accountsGaining,
          'account',
        )} would be allowed at least one request that is denied today${
          accountsLosing
            ? `, and ${plural(accountsLosing, 'account')} would lose access`
            : ''
        }. Review every gain below before applying.`}
      />
    );
  }
  if (accountsLosing) {
    return (
      <Alert
        status="warning"
        icon
        title="This change only removes access"
        description={`${plural(
          accountsLosing,
          'account',
        )} would be denied at least one request that is allowed today; no account gains access.`}
      />
    );
  }
  return (
    <Alert
      status="success"
      icon
      title="No account's access changes"
      description="No probe request changes verdict for any account under the changed nodes."
    />
  );
}

/**
 * The what-if answer: the verdict, the changes in words, the plain-language summaries of edited or new policies, the
 * changes by probe and by OU (dangerous ones first, with the deciding statement), and what the analysis cannot see.
 */
export function WhatIfResultView(props: { result: WhatIfPreview }) {
  const { result } = props;
  return (
    <Flex direction="column" gap="4" aria-label="What-if result">
      <Verdict result={result} />
      <SectionCard
        title="The change"
        description={`Re-evaluated ${plural(
          result.accountsEvaluated,
          'account',
        )} of ${result.accountsInOrganization.toLocaleString(
          'en-US',
        )} (those under a changed node) with ${plural(
          result.probes,
          'probe request',
        )}. Nothing was changed in AWS.`}
      >
        <ul style={{ margin: 0, paddingLeft: 20 }} aria-label="Changes">
          {result.applied.map(a => (
            <li key={a}>
              <Text>{a}</Text>
            </li>
          ))}
        </ul>
      </SectionCard>
      <PolicySummaries summaries={result.policySummaries ?? []} />
      {result.byProbe.length > 0 && (
        <SectionCard
          title="By request"
          description="Every probe request whose verdict changes, across OUs; those needing attention first."
        >
          <ul
            style={{ margin: 0, paddingLeft: 20, display: 'grid', gap: 4 }}
            aria-label="By request"
          >
            {result.byProbe.map(p => (
              <li key={`${p.direction}-${p.probe}`}>
                <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
                  <DirectionChip direction={p.direction} />
                  <Text>{p.sentence}</Text>
                </Flex>
              </li>
            ))}
          </ul>
        </SectionCard>
      )}
      {result.groups.length > 0 && (
        <SectionCard
          title="By OU"
          description={
            result.totals.groups > result.groups.length
              ? `The first ${result.groups.length} of ${result.totals.groups} groups; aigov what-if --format json lists them all.`
              : 'Accounts of one OU whose verdict on one request changes the same way.'
          }
        >
          <SimpleTable
            aria-label="Changes by OU"
            columns={[
              'Change',
              'Request',
              'OU',
              'Accounts',
              'Deciding statement',
            ]}
            rows={result.groups.map((g, i) => ({
              id: `${i}`,
              cells: [
                <Flex direction="column" gap="1">
                  <DirectionChip direction={g.direction} />
                  {g.dangerous && (
                    <Text variant="body-x-small" color="danger">
                      Needs attention
                    </Text>
                  )}
                </Flex>,
                <code>{g.probe}</code>,
                g.ouName,
                <Accounts group={g} />,
                <Reason reason={g.reason} />,
              ],
            }))}
          />
        </SectionCard>
      )}
      <SectionCard title="What this cannot see">
        <ul style={{ margin: 0, paddingLeft: 20 }} aria-label="Warnings">
          {result.warnings.map(w => (
            <li key={w}>
              <Text variant="body-small">{w}</Text>
            </li>
          ))}
        </ul>
      </SectionCard>
    </Flex>
  );
}
