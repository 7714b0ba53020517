/* The statement of a policy the request carried (identity, resource-based, boundary, session) that decided the answer. */
import type {
  DecidingStatement,
  RequestPolicy,
} from '@internal/plugin-ai-governance-common';
import { Flex, Text } from '@backstage/ui';
import { PolicyDocument } from '../PolicyDocument';
import { decidingLines, statementName } from './request';

export function RequestStatementView(props: {
  statement: DecidingStatement;
  /** The policy kind, e.g. "Identity policies". */
  kindLabel: string;
  /** The document as sent, when the form still has it. */
  policy?: RequestPolicy;
}) {
  const { statement, policy } = props;
  const lines = decidingLines(statement, policy?.content);
  return (
    <section aria-label="Deciding statement">
      <Flex direction="column" gap="2">
        <Text variant="body-medium">
          Deciding statement: <strong>{statementName(statement)}</strong> (
          {statement.effect}) in {statement.policyName} (
          {props.kindLabel.toLowerCase()})
        </Text>
        {policy && (
          <PolicyDocument
            content={policy.content}
            highlight={lines}
            excerpt={!!lines}
            title={`Deciding statement in ${statement.policyName}`}
          />
        )}
      </Flex>
    </section>
  );
}
