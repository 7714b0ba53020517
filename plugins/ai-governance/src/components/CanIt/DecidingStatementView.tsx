/* The statement that decided a "Can it?" answer, shown highlighted in an excerpt of its policy document. */
import { useApi } from '@backstage/core-plugin-api';
import type { DecidingStatement } from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { aiGovernanceApiRef } from '../../api';
import { useLinks } from '../links';
import { PolicyDocument } from '../PolicyDocument';
import { ErrorState, LoadingState } from '../states';
import { decidingLines, statementName } from './request';

export function DecidingStatementView(props: {
  statement: DecidingStatement;
  levelName?: string;
}) {
  const api = useApi(aiGovernanceApiRef);
  const links = useLinks();
  const { statement } = props;
  const policy = useAsync(
    () => api.getPolicy(statement.policyId),
    [api, statement.policyId],
  );
  const content = policy.value?.policy.content;
  const lines = useMemo(
    () => decidingLines(statement, content),
    [content, statement],
  );
  return (
    <section aria-label="Deciding statement">
      <Flex direction="column" gap="2">
        <Text variant="body-medium">
          Deciding statement: <strong>{statementName(statement)}</strong> (
          {statement.effect}) in{' '}
          <Link href={links.policy(statement.policyId, lines)}>
            {statement.policyName}
          </Link>
          {props.levelName ? ` attached at ${props.levelName}` : ''}
        </Text>
        {policy.loading && <LoadingState what="the policy" />}
        {policy.error && (
          <ErrorState what="read the policy" error={policy.error} />
        )}
        {content && (
          <PolicyDocument
            content={content}
            highlight={lines}
            excerpt={!!lines}
            title={`Deciding statement in ${statement.policyName}`}
          />
        )}
      </Flex>
    </section>
  );
}
