/* The Account requests tab: the user's requests and, for approvers, the approval queue. */
import { useApi } from '@backstage/core-plugin-api';
import type { AccountRequestRecord } from '@internal/plugin-ai-governance-common';
import {
  Alert,
  Button,
  ButtonLink,
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Link,
  Table,
  Text,
} from '@backstage/ui';
import { useCallback, useState } from 'react';
import { aiGovernanceApiRef } from '../../api';
import { useLiveRequests } from '../../hooks/useLiveRequests';
import { RequestStateChip } from '../chips';
import { useLinks } from '../links';
import { EmptyState, ErrorState, errorMessage, LoadingState } from '../states';
import {
  formatTime,
  isFinal,
  RequestFields,
  shortRef,
  useApprovable,
  useUserRef,
} from './common';
import { Decision, DecisionDialog } from './DecisionDialog';
import { TargetGuardrails } from './TargetGuardrails';

type DialogState = { request: AccountRequestRecord; decision: Decision };

/** Runs a decision against the API; the dialog shows a refusal, and the lists reload either way. */
export function useDecide(onDone: () => void) {
  const api = useApi(aiGovernanceApiRef);
  return useCallback(
    async (
      request: AccountRequestRecord,
      decision: Decision,
      comment: string,
    ) => {
      try {
        if (decision === 'approve') {
          await api.approveAccountRequest(request.id, comment || undefined);
        } else if (decision === 'reject') {
          await api.rejectAccountRequest(request.id, comment);
        } else {
          await api.cancelAccountRequest(request.id, comment || undefined);
        }
      } finally {
        // Refused because someone else decided first (409) or the request moved on: show its current state.
        onDone();
      }
    },
    [api, onDone],
  );
}

const DONE_MESSAGES: Record<Decision, string> = {
  approve: 'approved: provisioning starts now',
  reject: 'rejected',
  cancel: 'cancelled',
};

function MyRequestsTable(props: { items: AccountRequestRecord[] }) {
  const links = useLinks();
  const columns: ColumnConfig<AccountRequestRecord>[] = [
    {
      id: 'name',
      label: 'Account',
      isRowHeader: true,
      cell: r => (
        <CellText
          title={r.fields.name}
          description={r.id}
          href={links.request(r.id)}
        />
      ),
    },
    {
      id: 'environment',
      label: 'Environment',
      cell: r => <CellText title={r.fields.environment} />,
    },
    {
      id: 'state',
      label: 'State',
      cell: r => (
        <Cell>
          <RequestStateChip state={r.state} />
        </Cell>
      ),
    },
    {
      id: 'account',
      label: 'AWS account',
      cell: r =>
        r.accountId ? (
          <CellText title={r.accountId} href={links.node(r.accountId)} />
        ) : (
          <CellText title="—" color="secondary" />
        ),
    },
    {
      id: 'updated',
      label: 'Last change',
      cell: r => <CellText title={formatTime(r.updatedAt)} />,
    },
  ];
  return (
    <Table
      columnConfig={columns}
      data={props.items}
      pagination={{ type: 'none' }}
    />
  );
}

function QueueItem(props: {
  request: AccountRequestRecord;
  userRef?: string;
  onDecide(decision: Decision): void;
}) {
  const links = useLinks();
  const { request } = props;
  const own = !!props.userRef && props.userRef === request.requestedBy;
  return (
    <Card aria-label={`Request ${request.fields.name}`}>
      <CardHeader>
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          <Text as="h3" variant="title-x-small">
            {request.fields.name}
          </Text>
          <RequestStateChip state={request.state} />
          <Text variant="body-small" color="secondary">
            {request.fields.environment} · asked by{' '}
            {shortRef(request.requestedBy)} on {formatTime(request.createdAt)}
          </Text>
          <span style={{ marginLeft: 'auto' }}>
            <Link href={links.request(request.id)} variant="body-small">
              History
            </Link>
          </span>
        </Flex>
      </CardHeader>
      <CardBody>
        <Flex gap="6" align="start" style={{ flexWrap: 'wrap' }}>
          <div style={{ flex: '1 1 320px', minWidth: 0 }}>
            <RequestFields request={request} />
          </div>
          <section
            aria-label="Guardrails the account will get"
            style={{ flex: '1 1 360px', minWidth: 0 }}
          >
            <Text as="h4" variant="body-medium" weight="bold">
              Guardrails the account will get
            </Text>
            <TargetGuardrails request={request} />
          </section>
        </Flex>
      </CardBody>
      <CardFooter>
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          {own && (
            <Text variant="body-small" color="secondary">
              You asked for this account: another governance admin must decide
              (four eyes).
            </Text>
          )}
          <span style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>
            <Button
              variant="secondary"
              destructive
              onPress={() => props.onDecide('reject')}
            >
              Reject…
            </Button>
            <Button variant="primary" onPress={() => props.onDecide('approve')}>
              Approve…
            </Button>
          </span>
        </Flex>
      </CardFooter>
    </Card>
  );
}

/**
 * The "Account requests" tab: the signed-in user's requests and their state, and for governance admins the queue of
 * requests waiting for approval, each with its form fields and the guardrails the account will get.
 */
export function AccountRequestsView() {
  const api = useApi(aiGovernanceApiRef);
  const userRef = useUserRef();
  const [dialog, setDialog] = useState<DialogState>();
  const [done, setDone] = useState<string>();

  const mine = useLiveRequests(
    () => api.listAccountRequests({ mine: true }),
    [api],
    v => v.items.some(r => !isFinal(r.state)),
  );
  const waiting = useLiveRequests(
    () => api.listAccountRequests({ state: 'requested' }),
    [api],
    // New requests may arrive at any time: keep the queue current while it is shown.
    () => true,
  );
  const waitingIds = (waiting.value?.items ?? [])
    .filter(r => r.state === 'requested')
    .map(r => r.id);
  const { approvable, error: permissionError } = useApprovable(waitingIds);
  const queue = (waiting.value?.items ?? []).filter(
    r => r.state === 'requested' && approvable.has(r.id),
  );

  const { reload: reloadMine } = mine;
  const { reload: reloadWaiting } = waiting;
  const reload = useCallback(() => {
    reloadMine();
    reloadWaiting();
  }, [reloadMine, reloadWaiting]);
  const decide = useDecide(reload);

  let myRequests: JSX.Element;
  if (mine.loading) {
    myRequests = <LoadingState what="your account requests" />;
  } else if (mine.error && !mine.value) {
    myRequests = (
      <ErrorState
        what="load your account requests"
        error={mine.error}
        onRetry={mine.reload}
      />
    );
  } else if (!mine.value || mine.value.items.length === 0) {
    myRequests = (
      <EmptyState
        title="You have not asked for an account yet"
        description='Ask with the "AI development account" or "AI production account" template under Create. Production accounts wait here for a governance admin.'
      />
    );
  } else {
    myRequests = (
      <>
        {mine.error && (
          <Alert
            status="warning"
            icon
            title="Could not refresh; showing the last answer"
            description={errorMessage(mine.error)}
          />
        )}
        <MyRequestsTable items={mine.value.items} />
      </>
    );
  }

  // The queue shows only to those who may decide on at least one waiting request; a failure to load it is shown
  // only then too (a requester who may not list others' requests has no queue to miss).
  let approvalQueue: JSX.Element | null = null;
  if (queue.length > 0) {
    approvalQueue = (
      <Flex direction="column" gap="3">
        {queue.map(r => (
          <QueueItem
            key={r.id}
            request={r}
            userRef={userRef}
            onDecide={decision => setDialog({ request: r, decision })}
          />
        ))}
      </Flex>
    );
  } else if (permissionError) {
    approvalQueue = (
      <ErrorState
        what="check which requests you may approve"
        error={permissionError}
      />
    );
  }

  return (
    <Flex direction="column" gap="5">
      {done && (
        <Alert
          status="success"
          icon
          title={done}
          customActions={
            <Button
              size="small"
              variant="tertiary"
              onPress={() => setDone(undefined)}
            >
              Dismiss
            </Button>
          }
        />
      )}
      {approvalQueue && (
        <section aria-label="Approval queue">
          <Flex direction="column" gap="3">
            <Text as="h2" variant="title-small">
              Approval queue ({queue.length})
            </Text>
            {waiting.error && (
              <Alert
                status="warning"
                icon
                title="Could not refresh the queue; showing the last answer"
                description={errorMessage(waiting.error)}
              />
            )}
            {approvalQueue}
          </Flex>
        </section>
      )}
      <section aria-label="My requests">
        <Flex direction="column" gap="3">
          <Flex align="center" gap="2">
            <Text as="h2" variant="title-small">
              My requests
            </Text>
            <span style={{ marginLeft: 'auto' }}>
              <ButtonLink href="/create" variant="secondary" size="small">
                Ask for an account
              </ButtonLink>
            </span>
          </Flex>
          {myRequests}
        </Flex>
      </section>
      {dialog && (
        <DecisionDialog
          request={dialog.request}
          decision={dialog.decision}
          onClose={() => setDialog(undefined)}
          onSubmit={async comment => {
            await decide(dialog.request, dialog.decision, comment);
            setDone(
              `Request for ${dialog.request.fields.name} ${
                DONE_MESSAGES[dialog.decision]
              }`,
            );
            setDialog(undefined);
          }}
        />
      )}
    </Flex>
  );
}
