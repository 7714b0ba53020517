/**
 * The shapes of stored account requests and how a table row becomes one: the stored record (with the worker's
 * bookkeeping), what a new request stores, transition changes, list filters, and the wire record served to callers.
 */
import type {
  AccountRequestEvent,
  AccountRequestFields,
  AccountRequestRecord,
  AccountRequestState,
} from '@internal/plugin-ai-governance-common';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { AccountRequestQuery } from '@internal/plugin-ai-governance-node';

/**
 * A stored request with the columns the lifecycle needs beyond the wire record. The target OU is not stored: it
 * comes from configuration when the record is served (see {@link toWireRecord}).
 */
export interface StoredAccountRequest
  extends Omit<AccountRequestRecord, 'targetOrganizationalUnit'> {
  /** The deterministic request key (the stack name), tagged on the account. */
  requestKey: string;
  /** True when the requester gave the root email (rather than the pattern). */
  emailGiven: boolean;
  claimedBy?: string;
  /** Epoch ms. */
  leaseExpiresAt?: number;
  attempts: number;
}

/** What a new request stores. */
export interface NewAccountRequest {
  id: string;
  state: 'requested' | 'approved';
  fields: AccountRequestFields;
  email: string;
  emailGiven: boolean;
  requestKey: string;
  requestedBy: string;
  taskId?: string;
  /** Set for development requests approved without a decision. */
  decisionComment?: string;
  at: string;
}

/** Columns a transition may set besides the state. */
export interface TransitionChanges {
  accountArn?: string;
  organizationalUnitId?: string;
  decidedBy?: string;
  decisionComment?: string;
  accountId?: string;
  engine?: string;
  runLogRef?: string;
  failureReason?: string;
}

/** Filters of a list. */
export interface AccountRequestListFilter {
  states?: AccountRequestState[];
  requestedBy?: string;
  /** The conditions of a conditional permission decision, already turned into queries. */
  criteria?: PermissionCriteria<AccountRequestQuery>;
  limit?: number;
}

/** The result of a conditional update: the new record, or the record as another writer left it. */
export type TransitionResult =
  | { ok: true; record: StoredAccountRequest }
  | { ok: false; current?: StoredAccountRequest };

/** Lower-case, trimmed: the form in which names and emails are compared. */
export function holdKey(value: string): string {
  return value.trim().toLowerCase();
}

/** A row of the requests table, with its history, as a stored record. */
export function toRecord(
  row: any,
  history: AccountRequestEvent[],
): StoredAccountRequest {
  const optional = (value: unknown) =>
    value === null || value === undefined ? undefined : String(value);
  const record: StoredAccountRequest = {
    id: row.id,
    state: row.state,
    fields: JSON.parse(row.fields),
    email: row.email,
    requestedBy: row.requested_by,
    decidedBy: optional(row.decided_by),
    decisionComment: optional(row.decision_comment),
    accountId: optional(row.account_id),
    accountArn: optional(row.account_arn),
    organizationalUnitId: optional(row.organizational_unit_id),
    taskId: optional(row.task_id),
    engine: optional(row.engine),
    runLogRef: optional(row.run_log_ref),
    failureReason: optional(row.failure_reason),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history,
    requestKey: row.request_key,
    emailGiven: Boolean(row.email_given),
    claimedBy: optional(row.claimed_by),
    leaseExpiresAt:
      row.lease_expires_at === null || row.lease_expires_at === undefined
        ? undefined
        : Number(row.lease_expires_at),
    attempts: Number(row.attempts ?? 0),
  };
  for (const key of Object.keys(record) as (keyof StoredAccountRequest)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

/**
 * The wire record: the stored one without the worker's bookkeeping, with the OU its environment's accounts land in,
 * and `emailGivenByRequester` when the requester chose the root email.
 */
export function toWireRecord(
  stored: StoredAccountRequest,
  organizationalUnits: Record<AccountRequestFields['environment'], string>,
): AccountRequestRecord {
  const {
    requestKey: _k,
    emailGiven,
    claimedBy: _c,
    leaseExpiresAt: _l,
    attempts: _a,
    ...record
  } = stored;
  return {
    ...record,
    ...(emailGiven ? { emailGivenByRequester: true } : {}),
    targetOrganizationalUnit: organizationalUnits[record.fields.environment],
  };
}

