import { useApi } from '@backstage/core-plugin-api';
import type { WhoCanAccount } from '@internal/plugin-ai-governance-common';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { ActionField, inputStyle, labelStyle } from '../CanIt/fields';
import { useLinks } from '../links';
import { EmptyState, ErrorState } from '../states';

/** How many accounts each list shows before "and N more". */
export const WHO_CAN_LIST_LIMIT = 100;

function AccountList(props: {
  label: string;
  accounts: WhoCanAccount[];
  denied?: boolean;
}) {
  const links = useLinks();
  const shown = props.accounts.slice(0, WHO_CAN_LIST_LIMIT);
  return (
    <table
      aria-label={props.label}
      style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}
    >
      <thead>
        <tr style={{ textAlign: 'left' }}>
          <th style={{ padding: 6 }}>Account</th>
          <th style={{ padding: 6 }}>Id</th>
          {props.denied && <th style={{ padding: 6 }}>Denied by</th>}
        </tr>
      </thead>
      <tbody>
        {shown.map(a => (
          <tr
            key={a.id}
            style={{ borderTop: '1px solid var(--bui-border-1, #eee)' }}
          >
            <td style={{ padding: 6 }}>
              <Link href={links.node(a.id)}>{a.name}</Link>
            </td>
            <td style={{ padding: 6 }}>{a.id}</td>
            {props.denied && (
              <td style={{ padding: 6 }}>
                {a.deniedBy ? (
                  <>
                    <Link href={links.policy(a.deniedBy.policyId)}>
                      {a.deniedBy.policyName}
                    </Link>{' '}
                    <Text variant="body-x-small" color="secondary">
                      {a.deniedBy.sid ?? `#${a.deniedBy.statementIndex}`} at{' '}
                      <Link href={links.node(a.deniedBy.nodeId)}>
                        {a.deniedBy.nodeName}
                      </Link>
                    </Text>
                  </>
                ) : (
                  <Text variant="body-small" color="secondary">
                    Nothing allows it
                  </Text>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      {props.accounts.length > shown.length && (
        <tfoot>
          <tr>
            <td colSpan={3} style={{ padding: 6 }}>
              <Text variant="body-small" color="secondary">
                and {props.accounts.length - shown.length} more
              </Text>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/** Org-wide: which accounts may perform one action, and what stops the others. */
export function WhoCanView() {
  const api = useApi(aiGovernanceApiRef);
  const [action, setAction] = useState('bedrock:InvokeModel');
  const [resource, setResource] = useState('');
  const [formError, setFormError] = useState<string>();
  const [state, run] = useAsyncFn(
    (a: string, r: string) => api.whoCan({ action: a, resource: r || '*' }),
    [api],
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action.trim())) {
      setFormError(
        'Enter the action as service:Action, for example bedrock:InvokeModel.',
      );
      return;
    }
    setFormError(undefined);
    run(action.trim(), resource.trim());
  };
  const result = state.value;
  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            Who can?
          </Text>
          <Text variant="body-small" color="secondary">
            Every account of the organization, evaluated for one action.
          </Text>
        </CardHeader>
        <CardBody>
          <form onSubmit={onSubmit} aria-label="Who can?">
            <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
              <ActionField value={action} onChange={setAction} />
              <label style={labelStyle}>
                Resource
                <input
                  style={inputStyle}
                  value={resource}
                  onChange={e => setResource(e.target.value)}
                  placeholder="ARN, or leave empty for *"
                />
              </label>
              <Button type="submit" isPending={state.loading}>
                Evaluate
              </Button>
            </Flex>
            {formError && (
              <Text color="danger" role="alert">
                {formError}
              </Text>
            )}
          </form>
        </CardBody>
      </Card>
      {state.error && (
        <ErrorState what="evaluate the organization" error={state.error} />
      )}
      {result && !state.loading && (
        <Card>
          <CardBody>
            <Flex direction="column" gap="3">
              <Text aria-live="polite">
                <strong>{result.allowed.length}</strong> accounts may call{' '}
                <code>{result.action}</code> on <code>{result.resource}</code>;{' '}
                <strong>{result.denied.length}</strong> may not (
                {result.distinctChains} distinct policy chains evaluated).
              </Text>
              {result.allowed.length + result.denied.length === 0 ? (
                <EmptyState title="The organization has no accounts" />
              ) : (
                <>
                  <Text as="h3" variant="title-x-small">
                    Denied
                  </Text>
                  {result.denied.length === 0 ? (
                    <Text variant="body-small" color="secondary">
                      None
                    </Text>
                  ) : (
                    <AccountList
                      label="Denied accounts"
                      accounts={result.denied}
                      denied
                    />
                  )}
                  <Text as="h3" variant="title-x-small">
                    Allowed
                  </Text>
                  {result.allowed.length === 0 ? (
                    <Text variant="body-small" color="secondary">
                      None
                    </Text>
                  ) : (
                    <AccountList
                      label="Allowed accounts"
                      accounts={result.allowed}
                    />
                  )}
                </>
              )}
            </Flex>
          </CardBody>
        </Card>
      )}
    </Flex>
  );
}
