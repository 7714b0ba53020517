/* The policy view: one policy document with its lint findings at their lines, and where it is attached. */
import { useApi } from '@backstage/core-plugin-api';
import { Card, CardBody, CardHeader, Flex, Link, Text } from '@backstage/ui';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import {
  POLICY_TYPE_FACTS,
  toLintPolicyType,
} from '@internal/plugin-ai-governance-common';
import { POLICY_TYPE_LABELS } from '../../lib/tree';
import { KindBadge } from '../chips';
import { useLinks } from '../links';
import { PolicyDocument } from '../PolicyDocument';
import { EmptyState, ErrorState, LoadingState } from '../states';
import { plainSummary, pluralLabel, type PlainSummary } from './plainSummary';

/** What the policy does, in plain language: the headline, then a sentence per statement or setting. */
export function PlainSummaryCard(props: { summary: PlainSummary }) {
  const { summary } = props;
  return (
    <Card aria-label="In plain language">
      <CardHeader>
        <Text as="h3" variant="title-small">
          In plain language
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="2">
          <Text
            variant="body-medium"
            color={summary.doesNothing ? 'warning' : undefined}
          >
            {summary.headline}
          </Text>
          {summary.sentences.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {summary.sentences.map((sentence, i) => (
                <li key={i}>
                  <Text variant="body-small">{sentence}</Text>
                </li>
              ))}
            </ul>
          )}
          {summary.problems.map((problem, i) => (
            <Text key={i} variant="body-small" color="danger">
              {problem}
            </Text>
          ))}
        </Flex>
      </CardBody>
    </Card>
  );
}

export function parseLines(value: string | null | undefined) {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value ?? '');
  if (!m) return undefined;
  const startLine = Number(m[1]);
  const endLine = Math.max(startLine, Number(m[2] ?? m[1]));
  return { startLine, endLine };
}

/** A policy document with its lint findings at their lines, and the nodes it is attached to. */
export function PolicyView(props: {
  id: string;
  highlight?: { startLine: number; endLine: number };
}) {
  const api = useApi(aiGovernanceApiRef);
  const links = useLinks();
  const state = useAsyncRetry(() => api.getPolicy(props.id), [api, props.id]);
  const policy = state.value?.policy;
  // The linter knows SCPs, RCPs, AI opt-out, tag and Bedrock policies; the other types are not sent to it.
  const lintable = policy ? toLintPolicyType(policy.type) !== undefined : false;
  const lint = useAsync(
    async () =>
      policy && lintable
        ? api.lint(policy.content, policy.type, policy.name)
        : undefined,
    [api, policy?.content, policy?.type, lintable],
  );

  if (state.loading) return <LoadingState what="the policy" />;
  if (state.error) {
    if ((state.error as { statusCode?: number }).statusCode === 404) {
      return (
        <EmptyState
          title={`No policy ${props.id} in the snapshot`}
          description="It may have been deleted since; refresh the snapshot."
        />
      );
    }
    return (
      <ErrorState
        what="read the policy"
        error={state.error}
        onRetry={state.retry}
      />
    );
  }
  const { targets } = state.value!;
  const p = policy!;
  // The what-if judges SCPs and RCPs; only customer-managed policies can be edited.
  const judged =
    p.type === 'SERVICE_CONTROL_POLICY' || p.type === 'RESOURCE_CONTROL_POLICY';
  const summary = plainSummary(p);
  const findings = lint.value?.findings ?? [];
  const counts = {
    error: findings.filter(f => f.severity === 'error').length,
    warning: findings.filter(f => f.severity === 'warning').length,
    info: findings.filter(f => f.severity === 'info').length,
  };
  let lintSummary = `${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes`;
  if (!lintable) {
    lintSummary = `No lint checks for ${pluralLabel(
      p.type,
    ).toLowerCase()} yet; AWS checks the syntax when the policy is saved`;
  } else if (lint.loading) lintSummary = 'Linting…';
  else if (lint.error) lintSummary = `Lint unavailable: ${lint.error.message}`;
  else if (findings.length === 0) lintSummary = 'No lint findings';
  return (
    <Flex direction="column" gap="4">
      <Flex direction="column" gap="1">
        <Flex align="center" gap="2">
          <Text as="h2" variant="title-medium">
            {p.name}
          </Text>
          <Text color="secondary">{p.id}</Text>
        </Flex>
        <Flex gap="4" style={{ flexWrap: 'wrap' }}>
          <Text variant="body-small">Type: {POLICY_TYPE_LABELS[p.type]}</Text>
          <Text variant="body-small">
            {p.awsManaged ? 'AWS managed' : 'Customer managed'}
          </Text>
          <Text variant="body-small">
            {p.content.length.toLocaleString('en-US')} of{' '}
            {POLICY_TYPE_FACTS[p.type].maxSize.toLocaleString('en-US')}{' '}
            characters
          </Text>
        </Flex>
        {p.description && <Text variant="body-small">{p.description}</Text>}
        {judged && (
          <Flex gap="4" style={{ flexWrap: 'wrap' }}>
            {!p.awsManaged && (
              <Link
                href={links.whatIf({ op: 'edit', policy: p.id })}
                variant="body-small"
              >
                What if I edit this?
              </Link>
            )}
            <Link
              href={links.whatIf({ op: 'attach', policy: p.id })}
              variant="body-small"
            >
              What if I attach this elsewhere?
            </Link>
          </Flex>
        )}
      </Flex>

      <PlainSummaryCard summary={summary} />

      <Card>
        <CardHeader>
          <Flex align="center" gap="3">
            <Text as="h3" variant="title-small">
              Document
            </Text>
            <Text variant="body-small" color="secondary" aria-live="polite">
              {lintSummary}
            </Text>
          </Flex>
        </CardHeader>
        <CardBody>
          <PolicyDocument
            content={p.content}
            findings={findings}
            highlight={props.highlight}
            title={`Document of ${p.name}`}
          />
        </CardBody>
      </Card>

      <Card>
        <CardHeader>
          <Text as="h3" variant="title-small">
            Targets ({targets.length})
          </Text>
        </CardHeader>
        <CardBody>
          {targets.length === 0 ? (
            <Text color="secondary" variant="body-small">
              Not attached anywhere
            </Text>
          ) : (
            <ul aria-label="Targets" style={{ margin: 0, paddingLeft: 16 }}>
              {targets.map(t => (
                <li key={t.id}>
                  <Flex gap="2" align="center">
                    <KindBadge kind={t.kind} />
                    <Link href={links.node(t.id)}>{t.name}</Link>
                    <Text variant="body-x-small" color="secondary">
                      {t.id}
                    </Text>
                    {judged && (
                      <Link
                        href={links.whatIf({
                          op: 'detach',
                          policy: p.id,
                          target: t.id,
                        })}
                        variant="body-x-small"
                        aria-label={`What if I detach this from ${t.name}?`}
                      >
                        What if I detach this?
                      </Link>
                    )}
                  </Flex>
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
    </Flex>
  );
}
