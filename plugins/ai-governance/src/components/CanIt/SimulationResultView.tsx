/* A "Can it?" answer: the verdict, the result at each level of the organization, and the deciding statement. */
import type { SimulationResult } from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { POLICY_TYPE_LABELS } from '../../lib/tree';
import { DecisionBadge, KindBadge } from '../chips';
import { useLinks } from '../links';
import { SimpleTable } from '../SimpleTable';
import { DecidingStatementView } from './DecidingStatementView';
import { decidingOf, statementLines } from './request';

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

export function SimulationResultView(props: { result: SimulationResult }) {
  const { result } = props;
  const deciding = decidingOf(result);
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
      <LevelsTable levels={result.levels} />
      {deciding.statement ? (
        <DecidingStatementView
          statement={deciding.statement}
          levelName={deciding.levelName}
        />
      ) : (
        deciding.levelName && (
          <Text variant="body-medium">
            Nothing at {deciding.levelName} allows this request, so it is denied
            implicitly.
          </Text>
        )
      )}
    </Flex>
  );
}
