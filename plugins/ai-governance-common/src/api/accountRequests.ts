/**
 * Wire types of account requests: `/api/ai-governance/account-requests` (see the backend's openapi.yaml).
 * Shared by the backend routes, the scaffolder action, the frontend's "Account requests" tab and the CLI.
 *
 * Lifecycle:
 * ```
 * requested ─┬─> approved ──> provisioning ─┬─> ready
 *            ├─> rejected                    └─> failed
 *            └─> cancelled   (approved ──> cancelled too, before provisioning starts)
 * ```
 */

/** The states of an account request. @public */
export type AccountRequestState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'provisioning'
  | 'ready'
  | 'failed';

/** @public */
export const ACCOUNT_REQUEST_STATES: readonly AccountRequestState[] = [
  'requested',
  'approved',
  'rejected',
  'cancelled',
  'provisioning',
  'ready',
  'failed',
];

/** States a request never leaves. @public */
export const FINAL_ACCOUNT_REQUEST_STATES: readonly AccountRequestState[] = [
  'rejected',
  'cancelled',
  'ready',
  'failed',
];

/** The form fields of a request, as the templates collect them. @public */
export interface AccountRequestFields {
  /** Account name, as AWS shows it. */
  name: string;
  environment: 'development' | 'production';
  /** Entity ref of the owning group, e.g. `group:default/ml-platform`. */
  owner: string;
  costCenter: string;
  dataClassification: 'public' | 'internal' | 'confidential' | 'restricted';
  purpose: string;
  /** A user-given root email; only accepted from `aiGovernance.vending.allowedEmailDomains`. */
  email?: string;
}

/** One transition in a request's history. @public */
export interface AccountRequestEvent {
  from?: AccountRequestState;
  to: AccountRequestState;
  /** Entity ref of the user (or `service:…`) who caused it. */
  actor: string;
  comment?: string;
  /** ISO 8601. */
  at: string;
}

/** An account request, as stored and served. Nothing is ever deleted. @public */
export interface AccountRequestRecord {
  /** Stable id, e.g. `req-…`. */
  id: string;
  state: AccountRequestState;
  fields: AccountRequestFields;
  /** The root email the account gets (from the pattern, or the accepted user-given one). */
  email: string;
  /**
   * True when the requester gave the root email rather than taking the configured pattern: whoever reads that
   * mailbox can reset the root password, so the approval queue points it out. Absent for pattern emails.
   */
  emailGivenByRequester?: boolean;
  /** Entity ref of the user who asked. */
  requestedBy: string;
  /** Entity ref of the admin who approved or rejected; absent for auto-approved development requests. */
  decidedBy?: string;
  decisionComment?: string;
  /** The account, once known. */
  accountId?: string;
  /** The account's ARN, once provisioned. */
  accountArn?: string;
  /**
   * Where the account lands: the OU configured for the request's environment
   * (`aiGovernance.vending.organizationalUnits.<environment>`, default `AI/Development` or `AI/Production`), as the
   * vendor reads it: an OU id (`ou-…`) or a path of OU names under the root (`AI/Production`). The backend fills it
   * from its configuration when it serves the record, so an approver sees the guardrails of the OU the account will
   * get; once provisioned, `organizationalUnitId` says where it did land.
   */
  targetOrganizationalUnit: string;
  /** The OU the account was placed in, once provisioned. */
  organizationalUnitId?: string;
  /** The scaffolder task that submitted the request, when one did. */
  taskId?: string;
  /** Which engine provisioned it, and where its run log is (e.g. a Pulumi stack name or an engine run key). */
  engine?: string;
  runLogRef?: string;
  /** Why provisioning failed, in words a person can act on. */
  failureReason?: string;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  history: AccountRequestEvent[];
}

/** `POST /account-requests` body. @public */
export interface CreateAccountRequestBody extends AccountRequestFields {
  /** The scaffolder task carrying the request, if any. */
  taskId?: string;
}

/** `POST /account-requests` answer: the record, and whether it was created now or an identical one returned. @public */
export interface CreateAccountRequestResponse {
  request: AccountRequestRecord;
  /** False when the same requester re-submitted the same fields: the existing request is returned (idempotent). */
  created: boolean;
}

/** `GET /account-requests` answer. @public */
export interface AccountRequestListResponse {
  items: AccountRequestRecord[];
}

/** `POST /account-requests/{id}/approve`, `/reject`, `/cancel` body. @public */
export interface AccountRequestDecisionBody {
  comment?: string;
}
