import { useApi } from '@backstage/core-plugin-api';
import type {
  DecidingStatement,
  SimulationRequest,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import { FormEvent, useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { findStatementLines } from '../../lib/format';
import { POLICY_TYPE_LABELS } from '../../lib/tree';
import { useOptionalTreeData } from '../../hooks/useTreeData';
import { DecisionBadge, KindBadge } from '../chips';
import { useLinks } from '../links';
import { PolicyDocument } from '../PolicyDocument';
import { ErrorState, LoadingState } from '../states';
import { ActionField, inputStyle, labelStyle } from './fields';

interface ContextRow {
  key: string;
  value: string;
}

export function buildRequest(form: {
  target: string;
  action: string;
  resource: string;
  context: ContextRow[];
}): SimulationRequest {
  const context: Record<string, string | string[]> = {};
  for (const row of form.context) {
    const key = row.key.trim();
    if (!key) continue;
    const values = row.value
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    context[key] = values.length > 1 ? values : values[0] ?? '';
  }
  return {
    target: form.target.trim(),
    action: form.action.trim(),
    resource: form.resource.trim() || '*',
    ...(Object.keys(context).length ? { context } : {}),
  };
}

/** Which statement decided the final answer, if one did. */
export function decidingOf(result: SimulationResult): {
  statement?: DecidingStatement;
  levelName?: string;
} {
  if (result.decision === 'ExplicitDeny') {
    for (const level of result.levels) {
      const stmt = level.deciding.find(d => d.effect === 'Deny');
      if (level.decision === 'ExplicitDeny' && stmt) {
        return { statement: stmt, levelName: level.node.name };
      }
    }
  }
  if (result.decision === 'ImplicitDeny') {
    const level = result.levels.find(l => l.decision === 'ImplicitDeny');
    return { levelName: level?.node.name };
  }
  const allowing = [...result.levels]
    .reverse()
    .find(l => l.deciding.length > 0);
  return { statement: allowing?.deciding[0], levelName: allowing?.node.name };
}

function DecidingStatementView(props: {
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
  const lines = useMemo(() => {
    if (statement.line) {
      return {
        startLine: statement.line,
        endLine: statement.endLine ?? statement.line,
      };
    }
    return content
      ? findStatementLines(content, statement.statementIndex, statement.sid)
      : undefined;
  }, [content, statement]);
  return (
    <section aria-label="Deciding statement">
      <Flex direction="column" gap="2">
        <Text variant="body-medium">
          Deciding statement:{' '}
          <strong>
            {statement.sid ?? `Statement[${statement.statementIndex}]`}
          </strong>{' '}
          ({statement.effect}) in{' '}
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

export function SimulationResultView(props: { result: SimulationResult }) {
  const { result } = props;
  const links = useLinks();
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
      <table
        aria-label="Result at each level"
        style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}
      >
        <thead>
          <tr style={{ textAlign: 'left' }}>
            <th style={{ padding: 6 }}>Level</th>
            <th style={{ padding: 6 }}>Policy type</th>
            <th style={{ padding: 6 }}>Result</th>
            <th style={{ padding: 6 }}>Because of</th>
          </tr>
        </thead>
        <tbody>
          {result.levels.map((level, i) => (
            <tr
              key={`${level.policyType}-${level.node.id}-${i}`}
              style={{ borderTop: '1px solid var(--bui-border-1, #eee)' }}
            >
              <td style={{ padding: 6 }}>
                <Flex gap="1" align="center">
                  <KindBadge kind={level.node.kind} />
                  <Link href={links.node(level.node.id)}>
                    {level.node.name}
                  </Link>
                </Flex>
              </td>
              <td style={{ padding: 6 }}>
                {POLICY_TYPE_LABELS[level.policyType]}
              </td>
              <td style={{ padding: 6 }}>
                <DecisionBadge decision={level.decision} />
              </td>
              <td style={{ padding: 6 }}>
                {level.deciding.length === 0 &&
                  (level.decision === 'ImplicitDeny'
                    ? 'No statement allows it'
                    : '—')}
                {level.deciding.length > 0 &&
                  level.deciding.map(d => (
                    <div key={`${d.policyId}-${d.statementIndex}`}>
                      <Link
                        href={links.policy(
                          d.policyId,
                          d.line
                            ? {
                                startLine: d.line,
                                endLine: d.endLine ?? d.line,
                              }
                            : undefined,
                        )}
                      >
                        {d.policyName}
                      </Link>{' '}
                      <Text variant="body-x-small" color="secondary">
                        {d.effect} {d.sid ?? `#${d.statementIndex}`}
                      </Text>
                    </div>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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

/**
 * "Can it?": pick an account or OU, an action, a resource and request context, and see what the organization's
 * policies say, level by level.
 */
export function CanItPanel(props: { initialTarget?: string }) {
  const api = useApi(aiGovernanceApiRef);
  const tree = useOptionalTreeData();
  const targetsId = useId();
  const [target, setTarget] = useState(props.initialTarget ?? '');
  const [action, setAction] = useState('bedrock:InvokeModel');
  const [resource, setResource] = useState('');
  const [context, setContext] = useState<ContextRow[]>([]);
  const [formError, setFormError] = useState<string | undefined>();
  const [state, run] = useAsyncFn(
    (req: SimulationRequest) => api.simulate(req),
    [api],
  );

  const targetOptions = useMemo(
    () => (tree?.tree?.nodes ?? []).filter(n => n.kind !== 'root'),
    [tree?.tree],
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const req = buildRequest({ target, action, resource, context });
    if (!req.target) {
      setFormError('Pick an account or OU: type its name or id.');
      return;
    }
    if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(req.action)) {
      setFormError(
        'Enter the action as service:Action, for example bedrock:InvokeModel.',
      );
      return;
    }
    setFormError(undefined);
    run(req);
  };

  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            Can it?
          </Text>
          <Text variant="body-small" color="secondary">
            Would the organization's policies let a principal in this account do
            this?
          </Text>
        </CardHeader>
        <CardBody>
          <form onSubmit={onSubmit} aria-label="Can it?">
            <Flex direction="column" gap="3">
              <Flex gap="3" style={{ flexWrap: 'wrap' }}>
                <label style={labelStyle}>
                  Account or OU
                  <input
                    style={inputStyle}
                    value={target}
                    onChange={e => setTarget(e.target.value)}
                    list={targetsId}
                    placeholder="Account id, account name or OU id"
                    autoComplete="off"
                  />
                  <datalist id={targetsId}>
                    {targetOptions.map(n => (
                      <option key={n.id} value={n.id}>
                        {n.name}
                      </option>
                    ))}
                  </datalist>
                </label>
                <ActionField value={action} onChange={setAction} />
              </Flex>
              <label style={labelStyle}>
                Resource
                <input
                  style={inputStyle}
                  value={resource}
                  onChange={e => setResource(e.target.value)}
                  placeholder="ARN, or leave empty for *"
                  autoComplete="off"
                  spellCheck={false}
                />
              </label>
              <fieldset
                style={{
                  border: '1px solid var(--bui-border-1, #ddd)',
                  borderRadius: 6,
                  padding: 8,
                }}
              >
                <legend style={{ fontSize: 13, fontWeight: 600 }}>
                  Request context
                </legend>
                <Flex direction="column" gap="2">
                  {context.map((row, i) => (
                    <Flex key={i} gap="2" align="center">
                      <input
                        style={inputStyle}
                        aria-label={`Context key ${i + 1}`}
                        value={row.key}
                        placeholder="aws:RequestedRegion"
                        onChange={e =>
                          setContext(c =>
                            c.map((r, j) =>
                              j === i ? { ...r, key: e.target.value } : r,
                            ),
                          )
                        }
                      />
                      <input
                        style={inputStyle}
                        aria-label={`Context value ${i + 1}`}
                        value={row.value}
                        placeholder="us-east-1 (commas for several values)"
                        onChange={e =>
                          setContext(c =>
                            c.map((r, j) =>
                              j === i ? { ...r, value: e.target.value } : r,
                            ),
                          )
                        }
                      />
                      <Button
                        size="small"
                        variant="tertiary"
                        aria-label={`Remove context row ${i + 1}`}
                        onPress={() =>
                          setContext(c => c.filter((_, j) => j !== i))
                        }
                      >
                        Remove
                      </Button>
                    </Flex>
                  ))}
                  <div>
                    <Button
                      size="small"
                      variant="secondary"
                      onPress={() =>
                        setContext(c => [...c, { key: '', value: '' }])
                      }
                    >
                      Add context key
                    </Button>
                  </div>
                </Flex>
              </fieldset>
              {formError && (
                <Text color="danger" role="alert">
                  {formError}
                </Text>
              )}
              <div>
                <Button
                  type="submit"
                  variant="primary"
                  isPending={state.loading}
                >
                  Evaluate
                </Button>
              </div>
            </Flex>
          </form>
        </CardBody>
      </Card>
      {state.error && (
        <ErrorState what="evaluate the request" error={state.error} />
      )}
      {state.value && !state.loading && (
        <Card>
          <CardBody>
            <SimulationResultView result={state.value} />
          </CardBody>
        </Card>
      )}
    </Flex>
  );
}
