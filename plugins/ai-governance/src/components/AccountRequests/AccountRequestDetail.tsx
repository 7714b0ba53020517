/* One account request's page: state, fields, guardrails, history, and the decisions the user may take. */
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountRequestCancelPermission,
  AccountRequestEvent,
  AccountRequestRecord,
} from '@internal/plugin-ai-governance-common';
import { Alert, Button, ButtonLink, Flex, Link, Text } from '@backstage/ui';
import { useState } from 'react';
import { aiGovernanceApiRef } from '../../api';
import { useLiveRequests } from '../../hooks/useLiveRequests';
import { REQUEST_STATE_LABELS, RequestStateChip } from '../chips';
import { useLinks } from '../links';
import { SectionCard } from '../SectionCard';
import { StepListItem } from '../StepListItem';
import { EmptyState, ErrorState, errorMessage, LoadingState } from '../states';
import {
  formatTime,
  isCancellable,
  isFinal,
  RequestFields,
  shortRef,
  useUserRef,
} from './common';
import { Decision, DecisionDialog } from './DecisionDialog';
import { useDecide } from './AccountRequestsView';
import { TargetGuardrails } from './TargetGuardrails';

function eventTitle(e: AccountRequestEvent): string {
  const who = shortRef(e.actor);
  switch (e.to) {
    case 'requested':
      return `Requested by ${who}`;
    case 'approved':
      return e.actor.startsWith('user:')
        ? `Approved by ${who}`
        : 'Approved (no approval needed)';
    case 'rejected':
      return `Rejected by ${who}`;
    case 'cancelled':
      return `Cancelled by ${who}`;
    case 'provisioning':
      return 'Provisioning started';
    case 'ready':
      return 'Account ready';
    case 'failed':
      return 'Provisioning failed';
    default:
      return `${REQUEST_STATE_LABELS[e.to] ?? e.to} (${who})`;
  }
}

/** The request's history, oldest first. */
function Timeline(props: { history: AccountRequestEvent[] }) {
  return (
    <ol
      aria-label="History"
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid' }}
    >
      {props.history.map((e, i) => {
        const last = i === props.history.length - 1;
        return (
          <StepListItem
            key={`${e.at}-${i}`}
            data-state={e.to}
            last={last}
            spacing={12}
          >
            <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
              <Text weight="bold">{eventTitle(e)}</Text>
              <Text variant="body-small" color="secondary">
                {formatTime(e.at)}
              </Text>
            </Flex>
            {e.comment && (
              <Text as="p" variant="body-small">
                “{e.comment}”
              </Text>
            )}
          </StepListItem>
        );
      })}
    </ol>
  );
}

function Outcome(props: { request: AccountRequestRecord }) {
  const links = useLinks();
  const r = props.request;
  switch (r.state) {
    case 'ready':
      return (
        <Alert
          status="success"
          icon
          title={`Account ${r.accountId ?? ''} is ready`}
          description={`Root email ${r.email}.`}
          customActions={
            r.accountId ? (
              <ButtonLink
                href={links.node(r.accountId)}
                size="small"
                variant="secondary"
              >
                Open the account
              </ButtonLink>
            ) : undefined
          }
        />
      );
    case 'failed':
      return (
        <Alert
          status="danger"
          icon
          title="Provisioning failed"
          description={
            r.failureReason ??
            'No reason was recorded: ask a governance admin to look at the run log.'
          }
        />
      );
    case 'rejected':
      return (
        <Alert
          status="warning"
          icon
          title={`Rejected by ${shortRef(r.decidedBy)}`}
          description={r.decisionComment}
        />
      );
    case 'cancelled':
      return (
        <Alert status="info" icon title="Cancelled; nothing was created" />
      );
    case 'requested':
      return (
        <Alert
          status="info"
          icon
          title="Waiting for a governance admin's approval"
          description="You will get a notification when it is decided; this page updates by itself."
        />
      );
    case 'approved':
    case 'provisioning':
      return (
        <Alert
          status="info"
          icon
          title={
            r.state === 'approved'
              ? 'Approved; provisioning starts shortly'
              : 'The account is being created'
          }
          description="You will get a notification when it is ready; this page updates by itself."
        />
      );
    default:
      return null;
  }
}

/** One account request: its state, fields, target guardrails, history and the decisions the user may take. */
export function AccountRequestDetail(props: { id: string }) {
  const api = useApi(aiGovernanceApiRef);
  const links = useLinks();
  const userRef = useUserRef();
  const [dialog, setDialog] = useState<Decision>();
  const state = useLiveRequests(
    () => api.getAccountRequest(props.id),
    [api, props.id],
    r => !isFinal(r.state),
  );
  const approve = usePermission({
    permission: aiGovernanceAccountRequestApprovePermission,
    resourceRef: props.id,
  });
  const cancel = usePermission({
    permission: aiGovernanceAccountRequestCancelPermission,
    resourceRef: props.id,
  });
  const decide = useDecide(state.reload);

  const back = (
    <Link href={links.requests()} variant="body-small">
      ← Account requests
    </Link>
  );
  if (state.loading) {
    return <LoadingState what="the account request" />;
  }
  if (!state.value) {
    if ((state.error as { statusCode?: number })?.statusCode === 404) {
      return (
        <Flex direction="column" gap="3">
          {back}
          <EmptyState
            title={`No account request ${props.id}`}
            description="Check the link, or find the request in the Account requests tab."
          />
        </Flex>
      );
    }
    return (
      <Flex direction="column" gap="3">
        {back}
        <ErrorState
          what="load the account request"
          error={state.error}
          onRetry={state.reload}
        />
      </Flex>
    );
  }
  const r = state.value;
  const own = !!userRef && userRef === r.requestedBy;
  const canDecide = r.state === 'requested' && approve.allowed;
  const canCancel = isCancellable(r.state) && cancel.allowed;

  return (
    <Flex direction="column" gap="4">
      {back}
      <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
        <Text as="h2" variant="title-small">
          {r.fields.name}
        </Text>
        <RequestStateChip state={r.state} />
        <Text color="secondary">{r.id}</Text>
        <span style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>
          {canCancel && (
            <Button
              variant="secondary"
              destructive
              onPress={() => setDialog('cancel')}
            >
              Cancel request…
            </Button>
          )}
          {canDecide && (
            <>
              <Button
                variant="secondary"
                destructive
                onPress={() => setDialog('reject')}
              >
                Reject…
              </Button>
              <Button variant="primary" onPress={() => setDialog('approve')}>
                Approve…
              </Button>
            </>
          )}
        </span>
      </Flex>
      {canDecide && own && (
        <Text variant="body-small" color="secondary">
          You asked for this account: another governance admin must decide (four
          eyes).
        </Text>
      )}
      {state.error && (
        <Alert
          status="warning"
          icon
          title="Could not refresh; showing the last answer"
          description={errorMessage(state.error)}
        />
      )}
      <Outcome request={r} />
      <Flex gap="4" align="start" style={{ flexWrap: 'wrap' }}>
        <SectionCard title="Request" style={{ flex: '1 1 380px', minWidth: 0 }}>
          <Flex direction="column" gap="3">
            <RequestFields request={r} />
            {(r.engine || r.runLogRef || r.taskId) && (
              <Text variant="body-small" color="secondary">
                {r.engine && <>Engine {r.engine}. </>}
                {r.runLogRef && <>Run log {r.runLogRef}. </>}
                {r.taskId && (
                  <Link
                    href={`/create/tasks/${encodeURIComponent(r.taskId)}`}
                    variant="body-small"
                  >
                    Scaffolder task
                  </Link>
                )}
              </Text>
            )}
          </Flex>
        </SectionCard>
        <SectionCard title="History" style={{ flex: '1 1 380px', minWidth: 0 }}>
          <Timeline history={r.history} />
        </SectionCard>
      </Flex>
      {(r.state === 'requested' || r.state === 'approved') && (
        <SectionCard title="Guardrails the account will get">
          <TargetGuardrails request={r} />
        </SectionCard>
      )}
      {dialog && (
        <DecisionDialog
          request={r}
          decision={dialog}
          onClose={() => setDialog(undefined)}
          onSubmit={async comment => {
            await decide(r, dialog, comment);
            setDialog(undefined);
          }}
        />
      )}
    </Flex>
  );
}
