/* "Who can?": which accounts of the organization may perform one action, and what stops the others. */
import { useApi } from '@backstage/core-plugin-api';
import type {
  WhoCanAccount,
  WhoCanResult,
} from '@internal/plugin-ai-governance-common';
import {
  Button,
  Card,
  CardBody,
  Flex,
  Link,
  Text,
  TextField,
} from '@backstage/ui';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { ActionField, actionProblem } from '../CanIt/ActionField';
import { useLinks } from '../links';
import { SectionCard } from '../SectionCard';
import { SimpleTable } from '../SimpleTable';
import { EmptyState, ErrorState } from '../states';

/** How many accounts each list shows before "and N more". */
export const WHO_CAN_LIST_LIMIT = 100;

function DeniedBy(props: { account: WhoCanAccount }) {
  const links = useLinks();
  const { deniedBy } = props.account;
  if (!deniedBy) {
    return (
      <Text variant="body-small" color="secondary">
        Nothing allows it
      </Text>
    );
  }
  return (
    <>
      <Link href={links.policy(deniedBy.policyId)}>{deniedBy.policyName}</Link>{' '}
      <Text variant="body-x-small" color="secondary">
        {deniedBy.sid ?? `#${deniedBy.statementIndex}`} at{' '}
        <Link href={links.node(deniedBy.nodeId)}>{deniedBy.nodeName}</Link>
      </Text>
    </>
  );
}

/** One of the two lists: its heading, its accounts (at most WHO_CAN_LIST_LIMIT), and how many more there are. */
function AccountList(props: {
  title: string;
  accounts: WhoCanAccount[];
  denied?: boolean;
}) {
  const links = useLinks();
  const shown = props.accounts.slice(0, WHO_CAN_LIST_LIMIT);
  return (
    <>
      <Text as="h3" variant="title-x-small">
        {props.title}
      </Text>
      {shown.length === 0 ? (
        <Text variant="body-small" color="secondary">
          None
        </Text>
      ) : (
        <SimpleTable
          aria-label={`${props.title} accounts`}
          columns={
            props.denied ? ['Account', 'Id', 'Denied by'] : ['Account', 'Id']
          }
          rows={shown.map(a => ({
            id: a.id,
            cells: [
              <Link href={links.node(a.id)}>{a.name}</Link>,
              a.id,
              ...(props.denied ? [<DeniedBy account={a} />] : []),
            ],
          }))}
        />
      )}
      {props.accounts.length > shown.length && (
        <Text variant="body-small" color="secondary">
          and {props.accounts.length - shown.length} more
        </Text>
      )}
    </>
  );
}

function WhoCanAnswer(props: { result: WhoCanResult }) {
  const { result } = props;
  return (
    <Flex direction="column" gap="3">
      <Text aria-live="polite">
        <strong>{result.allowed.length}</strong> accounts may call{' '}
        <code>{result.action}</code> on <code>{result.resource}</code>;{' '}
        <strong>{result.denied.length}</strong> may not ({result.distinctChains}{' '}
        distinct policy chains evaluated).
      </Text>
      {result.allowed.length + result.denied.length === 0 ? (
        <EmptyState title="The organization has no accounts" />
      ) : (
        <>
          <AccountList title="Denied" accounts={result.denied} denied />
          <AccountList title="Allowed" accounts={result.allowed} />
        </>
      )}
    </Flex>
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
    const problem = actionProblem(action);
    setFormError(problem);
    if (!problem) run(action.trim(), resource.trim());
  };
  return (
    <Flex direction="column" gap="4">
      <SectionCard
        heading="h2"
        title="Who can?"
        description="Every account of the organization, evaluated for one action."
      >
        <form onSubmit={onSubmit} aria-label="Who can?">
          <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
            <ActionField value={action} onChange={setAction} />
            <TextField
              label="Resource"
              value={resource}
              onChange={setResource}
              placeholder="ARN, or leave empty for *"
              style={{ flex: 1, minWidth: 180 }}
            />
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
      </SectionCard>
      {state.error && (
        <ErrorState what="evaluate the organization" error={state.error} />
      )}
      {state.value && !state.loading && (
        <Card>
          <CardBody>
            <WhoCanAnswer result={state.value} />
          </CardBody>
        </Card>
      )}
    </Flex>
  );
}
