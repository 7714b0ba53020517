/* Small labels: policy, attachment-slot, decision, node-kind, request-state and posture-severity chips. */
import type {
  AccountRequestState,
  AccountState,
  Decision,
  PostureFinding,
  PolicySummary,
  PolicyType,
} from '@internal/plugin-ai-governance-common';
import { Link } from '@backstage/ui';
import { CSSProperties } from 'react';
import { POLICY_TYPE_LABELS } from '../lib/tree';
import { DECISION_LABELS } from '../lib/format';
import { useLinks } from './links';

/** Authorization types and the AI types stand out; the other management types share a neutral background. */
const TYPE_COLORS: Partial<Record<PolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'var(--bui-announcement-bg-subdued, #e6f0ff)',
  RESOURCE_CONTROL_POLICY: 'var(--bui-warning-bg-subdued, #fff4e0)',
  AISERVICES_OPT_OUT_POLICY: 'var(--bui-positive-bg-subdued, #e7f7ec)',
  BEDROCK_POLICY: 'var(--bui-positive-bg-subdued, #e7f7ec)',
  TAG_POLICY: 'var(--bui-bg-neutral-2, #f2f2f2)',
  BACKUP_POLICY: 'var(--bui-bg-neutral-2, #f2f2f2)',
  DECLARATIVE_POLICY_EC2: 'var(--bui-bg-neutral-2, #f2f2f2)',
};

export const chipStyle: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: 4,
  padding: '1px 8px',
  borderRadius: 999,
  border: '1px solid var(--bui-border-1, #ddd)',
  fontSize: 12,
  lineHeight: '18px',
  whiteSpace: 'nowrap',
  maxWidth: 260,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/** A chip that states a status (a decision, a request's state): never truncated, never shrunk, in bold. */
export const statusChipStyle: CSSProperties = {
  ...chipStyle,
  maxWidth: undefined,
  flexShrink: 0,
  fontWeight: 600,
};

/** A policy as a small labelled link to its policy view. */
export function PolicyChip(props: {
  policy: Pick<PolicySummary, 'id' | 'name' | 'type' | 'awsManaged'>;
}) {
  const links = useLinks();
  const { policy } = props;
  return (
    <span
      style={{ ...chipStyle, background: TYPE_COLORS[policy.type] }}
      data-policy-type={policy.type}
    >
      <span style={{ opacity: 0.7 }}>{POLICY_TYPE_LABELS[policy.type]}</span>
      <Link href={links.policy(policy.id)} variant="body-x-small">
        {policy.name}
      </Link>
    </span>
  );
}

function slotBackground(type: PolicyType, full: boolean, near: boolean) {
  if (full) return 'var(--bui-negative-bg-subdued, #fde8e8)';
  if (near) return 'var(--bui-warning-bg-subdued, #fff4e0)';
  return TYPE_COLORS[type];
}

/** Slots used against the attachment limit for one policy type. */
export function SlotChip(props: {
  type: PolicyType;
  used: number;
  limit: number;
}) {
  const { type, used, limit } = props;
  const full = used >= limit;
  const near = !full && used >= limit - 1;
  return (
    <span
      style={{
        ...chipStyle,
        background: slotBackground(type, full, near),
      }}
      title={`${used} of ${limit} ${POLICY_TYPE_LABELS[type]} slots used`}
      aria-label={`${POLICY_TYPE_LABELS[type]} ${used} of ${limit}`}
    >
      {POLICY_TYPE_LABELS[type]} {used}/{limit}
    </span>
  );
}

export function DecisionBadge(props: { decision: Decision }) {
  const allowed = props.decision === 'Allowed';
  return (
    <span
      style={{
        ...statusChipStyle,
        fontSize: 13,
        color: allowed
          ? 'var(--bui-fg-positive, #1a7f37)'
          : 'var(--bui-fg-negative, #b42318)',
        background: allowed
          ? 'var(--bui-positive-bg-subdued, #e7f7ec)'
          : 'var(--bui-negative-bg-subdued, #fde8e8)',
      }}
      data-decision={props.decision}
    >
      {DECISION_LABELS[props.decision]}
    </span>
  );
}

/** A posture finding's severity: Error or Warning. */
export function SeverityChip(props: { severity: PostureFinding['severity'] }) {
  const error = props.severity === 'error';
  return (
    <span
      style={{
        ...statusChipStyle,
        color: error
          ? 'var(--bui-fg-negative, #b42318)'
          : 'var(--bui-fg-warning, #8a5a00)',
        background: error
          ? 'var(--bui-negative-bg-subdued, #fde8e8)'
          : 'var(--bui-warning-bg-subdued, #fff4e0)',
      }}
      data-severity={props.severity}
    >
      {error ? 'Error' : 'Warning'}
    </span>
  );
}

export function KindBadge(props: { kind: 'root' | 'ou' | 'account' }) {
  const label = { root: 'Root', ou: 'OU', account: 'Account' }[props.kind];
  return (
    <span
      style={{
        ...chipStyle,
        border: 'none',
        opacity: 0.75,
        padding: '1px 4px',
        flexShrink: 0,
      }}
    >
      {label}
    </span>
  );
}

/** How the states of an account that is not in use read in the portal (ACTIVE gets no chip). */
export const ACCOUNT_STATE_LABELS: Record<AccountState, string> = {
  PENDING_ACTIVATION: 'Pending activation',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended (closed)',
  PENDING_CLOSURE: 'Closing',
  CLOSED: 'Closed',
};

/**
 * An account's state when it is not ACTIVE, as a chip that says so: a suspended or closing account is still in the
 * organization but nobody can work in it, and it does not count as vended. Renders nothing for an active account.
 */
export function AccountStateChip(props: { state?: AccountState }) {
  const { state } = props;
  if (!state || state === 'ACTIVE') return null;
  const gone =
    state === 'SUSPENDED' || state === 'PENDING_CLOSURE' || state === 'CLOSED';
  return (
    <span
      style={{
        ...statusChipStyle,
        fontWeight: 500,
        color: gone
          ? 'var(--bui-fg-negative, #b42318)'
          : 'var(--bui-fg-warning, #8a5a00)',
        background: gone
          ? 'var(--bui-negative-bg-subdued, #fde8e8)'
          : 'var(--bui-warning-bg-subdued, #fff4e0)',
      }}
      data-account-state={state}
      title={
        gone
          ? `${ACCOUNT_STATE_LABELS[state]}: not counted as a vended account`
          : ACCOUNT_STATE_LABELS[state]
      }
    >
      {ACCOUNT_STATE_LABELS[state]}
    </span>
  );
}

/** How each state of an account request reads in the portal. */
export const REQUEST_STATE_LABELS: Record<AccountRequestState, string> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  provisioning: 'Provisioning',
  ready: 'Ready',
  failed: 'Failed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

const REQUEST_STATE_COLORS: Record<
  AccountRequestState,
  { color?: string; background: string }
> = {
  requested: { background: 'var(--bui-warning-bg-subdued, #fff4e0)' },
  approved: { background: 'var(--bui-announcement-bg-subdued, #e6f0ff)' },
  provisioning: { background: 'var(--bui-announcement-bg-subdued, #e6f0ff)' },
  ready: {
    color: 'var(--bui-fg-positive, #1a7f37)',
    background: 'var(--bui-positive-bg-subdued, #e7f7ec)',
  },
  failed: {
    color: 'var(--bui-fg-negative, #b42318)',
    background: 'var(--bui-negative-bg-subdued, #fde8e8)',
  },
  rejected: {
    color: 'var(--bui-fg-negative, #b42318)',
    background: 'var(--bui-negative-bg-subdued, #fde8e8)',
  },
  cancelled: { background: 'var(--bui-bg-neutral-2, #f2f2f2)' },
};

/** The state of an account request as a coloured chip. */
export function RequestStateChip(props: { state: AccountRequestState }) {
  return (
    <span
      style={{
        ...statusChipStyle,
        ...REQUEST_STATE_COLORS[props.state],
      }}
      data-request-state={props.state}
    >
      {REQUEST_STATE_LABELS[props.state] ?? props.state}
    </span>
  );
}
