/*
 * A "Can it?" answer: the verdict, the accounts, the result of each policy kind the request carried, the result at
 * each level of the organization, and the deciding statement.
 */
import type {
  EvaluationStep,
  RequestPolicy,
  ResolvedAccounts,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { POLICY_TYPE_LABELS } from '../../lib/tree';
import { DecisionBadge, KindBadge } from '../chips';
import { useLinks } from '../links';
import { SimpleTable } from '../SimpleTable';
import { DecidingStatementView } from './DecidingStatementView';
import {
  decidingOf,
  isOrganizationKind,
  POLICY_KIND_LABELS,
  statementLines,
} from './request';
import { RequestStatementView } from './RequestStatementView';

function LevelsTable(props: { levels: SimulationResult['levels'] }) {
  const links = useLinks();
  return (
    <SimpleTable
      aria-label="Result at each level"
      columns={['Level', 'Policy type', 'Result', 'Because of']}
      rows={props.levels.map((level, i) => ({
        id: `${level.policyType}-${level.node.id}-${i}`,
        cells: [
          <Flex gap="1" align="center">
            <KindBadge kind={level.node.kind} />
            <Link href={links.node(level.node.id)}>{level.node.name}</Link>
          </Flex>,
          POLICY_TYPE_LABELS[level.policyType],
          <DecisionBadge decision={level.decision} />,
          <>
            {level.deciding.length === 0 &&
              (level.decision === 'ImplicitDeny'
                ? 'No statement allows it'
                : '—')}
            {level.deciding.map(d => (
              <div key={`${d.policyId}-${d.statementIndex}`}>
                <Link href={links.policy(d.policyId, statementLines(d))}>
                  {d.policyName}
                </Link>{' '}
                <Text variant="body-x-small" color="secondary">
                  {d.effect} {d.sid ?? `#${d.statementIndex}`}
                </Text>
              </div>
            ))}
          </>,
        ],
      }))}
    />
  );
}

function accountText(a: {
  id: string;
  name?: string;
  inOrganization: boolean;
}) {
  return `${a.name ? `${a.name} (${a.id})` : a.id}${
    a.inOrganization ? '' : ', outside the organization'
  }`;
}

function AccountsLine(props: { accounts: ResolvedAccounts }) {
  const { principal, resource, crossAccount } = props.accounts;
  return (
    <Text variant="body-small" aria-label="Accounts">
      Principal’s account: {principal ? accountText(principal) : 'none'} ·
      Resource’s account: {accountText(resource)}
      {crossAccount ? ' · cross-account' : ''}
    </Text>
  );
}

/** Each policy kind's verdict, for requests that carried policies of their own. */
function StepsTable(props: { steps: EvaluationStep[] }) {
  return (
    <SimpleTable
      aria-label="Result by policy kind"
      columns={['Policy kind', 'Result', 'Because of']}
      rows={props.steps.map(step => ({
        id: step.kind,
        cells: [
          POLICY_KIND_LABELS[step.kind],
          step.decision === 'NotApplicable' ? (
            <Text variant="body-small" color="secondary">
              Not evaluated
            </Text>
          ) : (
            <DecisionBadge decision={step.decision} />
          ),
          <>
            {step.deciding.map(d => (
              <div key={`${d.policyId}-${d.statementIndex}`}>
                {d.policyName}{' '}
                <Text variant="body-x-small" color="secondary">
                  {d.effect} {d.sid ?? `#${d.statementIndex}`}
                </Text>
              </div>
            ))}
            {step.deciding.length === 0 &&
              step.decision === 'ImplicitDeny' &&
              'No statement allows it'}
            {step.note && (
              <Text as="p" variant="body-x-small" color="secondary">
                {step.note}
              </Text>
            )}
          </>,
        ],
      }))}
    />
  );
}

/** The statement that decided, shown in its document; or the kind or level where nothing allowed. */
function DecidingView(props: {
  result: SimulationResult;
  requestPolicies?: Map<string, RequestPolicy>;
}) {
  const deciding = decidingOf(props.result);
  if (deciding.kind && deciding.statement) {
    return (
      <RequestStatementView
        statement={deciding.statement}
        kindLabel={deciding.levelName!}
        policy={props.requestPolicies?.get(deciding.statement.policyId)}
      />
    );
  }
  if (deciding.kind) {
    return (
      <Text variant="body-medium">
        Nothing in the {deciding.levelName?.toLowerCase()} allows this request,
        so it is denied implicitly.
      </Text>
    );
  }
  if (deciding.statement) {
    return (
      <DecidingStatementView
        statement={deciding.statement}
        levelName={deciding.levelName}
      />
    );
  }
  if (!deciding.levelName) return null;
  return (
    <Text variant="body-medium">
      Nothing at {deciding.levelName} allows this request, so it is denied
      implicitly.
    </Text>
  );
}

export function SimulationResultView(props: {
  result: SimulationResult;
  /** The policies the request carried, by id: the deciding statement is shown in them. */
  requestPolicies?: Map<string, RequestPolicy>;
  /** The request named its principal, resource account or policies: show the accounts, each kind and what decided. */
  withParts?: boolean;
}) {
  const { result, requestPolicies } = props;
  const ownSteps = (result.steps ?? []).filter(
    s => !isOrganizationKind(s.kind) && s.decision !== 'NotApplicable',
  );
  const carried =
    props.withParts || (requestPolicies && requestPolicies.size > 0);
  return (
    <Flex direction="column" gap="3" aria-label="Verdict" role="region">
      <Flex align="center" gap="3">
        <DecisionBadge decision={result.decision} />
        <Text>{result.explanation}</Text>
      </Flex>
      {result.exemptions?.map(e => (
        <Text key={e} variant="body-small" color="info">
          {e}
        </Text>
      ))}
      {result.accounts &&
        (carried ||
          result.accounts.crossAccount ||
          !result.accounts.principal) && (
          <AccountsLine accounts={result.accounts} />
        )}
      {result.decidedBy && (carried || ownSteps.length > 0) && (
        <Text variant="body-medium" aria-label="Decided by">
          Decided by:{' '}
          <strong>{POLICY_KIND_LABELS[result.decidedBy.kind]}</strong>
          {result.decidedBy.node ? ` at ${result.decidedBy.node.name}` : ''}
          {result.decidedBy.statement
            ? ` — ${result.decidedBy.statement.effect} ${
                result.decidedBy.statement.sid ??
                `statement #${result.decidedBy.statement.statementIndex}`
              } in ${result.decidedBy.statement.policyName}`
            : ' — no statement allows it'}
        </Text>
      )}
      {(carried || ownSteps.length > 0) && result.steps && (
        <StepsTable steps={result.steps} />
      )}
      <LevelsTable levels={result.levels} />
      <DecidingView result={result} requestPolicies={requestPolicies} />
    </Flex>
  );
}
