import { randomBytes } from 'node:crypto';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  AccountRequestFields,
  AccountRequestRecord,
  AccountRequestState,
  CreateAccountRequestBody,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import {
  accountStackName,
  validateAccountRequest,
  type AccountRequest,
} from '@internal/plugin-ai-governance-node';
import {
  AccountRequestStore,
  type StoredAccountRequest,
  type TransitionChanges,
  toWireRecord,
} from '../../database/AccountRequestStore';
import { resolveRootEmail } from './emailPolicy';
import type { AccountRequestNotifier } from './notifier';
import { checkSnapshot, judgeHolders, type AccountClaim } from './ownership';
import type { AccountRequestSettings } from './settings';

/** The decisions a person can take on a request. */
export type AccountRequestDecision = 'approve' | 'reject' | 'cancel';

const DECISIONS: Record<
  AccountRequestDecision,
  { from: AccountRequestState[]; to: AccountRequestState; verb: string }
> = {
  approve: { from: ['requested'], to: 'approved', verb: 'approve' },
  reject: { from: ['requested'], to: 'rejected', verb: 'reject' },
  cancel: { from: ['requested', 'approved'], to: 'cancelled', verb: 'cancel' },
};

/** The actor of transitions the backend makes on its own. */
export const SYSTEM_ACTOR = 'service:ai-governance';

/**
 * The lifecycle of account requests: `requested → approved | rejected | cancelled → provisioning → ready | failed`.
 * Every transition is stored with its history row, audited, notified and signalled; each is a conditional update,
 * so of two people deciding one request at once exactly one wins and the other is told who did.
 */
export class AccountRequestService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: AccountRequestStore;
      settings: AccountRequestSettings;
      auditor: AuditorService;
      logger: LoggerService;
      notifier?: AccountRequestNotifier;
      /** The inventory's last snapshot, for the ownership check (undefined before the first crawl). */
      getSnapshot: () => Promise<OrgSnapshot | undefined>;
      /** Called when a request becomes approved, so provisioning starts at once. */
      onApproved?: () => void;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  get store(): AccountRequestStore {
    return this.options.store;
  }

  /** A stored request as served: without the worker's bookkeeping, with the OU the account lands in. */
  toWire(record: StoredAccountRequest): AccountRequestRecord {
    return toWireRecord(record, this.options.settings.organizationalUnits);
  }

  /**
   * Validates a submission (fields, tag limits, root email policy, ownership of the name/email/key) and stores it:
   * `approved` at once when its environment needs no approval, else `requested`. The same requester re-submitting
   * the same fields gets the existing request (`created: false`). With `dryRun`, nothing is stored.
   */
  async create(
    body: CreateAccountRequestBody,
    requestedBy: string,
    options: {
      dryRun?: boolean;
      /**
       * Whether the caller may read a request that already holds the name or email (the conditional read
       * permission): only then does a refusal give its id, requester and state. Default: may not.
       */
      canRead?: (holder: StoredAccountRequest) => boolean;
    } = {},
  ): Promise<{ request: StoredAccountRequest; created: boolean }> {
    const { settings, store } = this.options;
    const fields: AccountRequestFields = {
      name: body.name.trim(),
      environment: body.environment,
      owner: body.owner,
      costCenter: body.costCenter,
      dataClassification: body.dataClassification,
      purpose: body.purpose.trim(),
      ...(body.email?.trim() ? { email: body.email.trim() } : {}),
    };
    const { email, given } = resolveRootEmail({
      name: fields.name,
      environment: fields.environment,
      email: fields.email,
      emailPattern: settings.emailPattern,
      allowedEmailDomains: settings.allowedEmailDomains,
    });
    const id = `req-${randomBytes(6).toString('hex')}`;
    const vendRequest: AccountRequest = {
      ...fields,
      email,
      requestedBy,
      taskId: body.taskId ?? id,
    };
    const problems = validateAccountRequest(vendRequest);
    if (problems.length > 0) throw new InputError(problems.join(' '));
    const requestKey = accountStackName(vendRequest);
    const claim: AccountClaim = {
      name: fields.name,
      email,
      requestKey,
      owner: fields.owner,
      requestedBy,
    };

    for (let attempt = 1; ; attempt++) {
      const verdict = judgeHolders(
        claim,
        fields,
        await store.holders({ name: fields.name, email, requestKey }),
        options.canRead,
      );
      if (verdict.kind === 'same') {
        return { request: verdict.existing, created: false };
      }
      checkSnapshot(claim, await this.options.getSnapshot());

      const at = this.now().toISOString();
      const needsApproval = settings.approvalRequired[fields.environment];
      const draft = {
        id,
        state: needsApproval ? ('requested' as const) : ('approved' as const),
        fields,
        email,
        emailGiven: given,
        requestKey,
        requestedBy,
        taskId: body.taskId,
        decisionComment: needsApproval
          ? undefined
          : `${fields.environment} requests need no approval (aiGovernance.vending.approvals.${fields.environment})`,
        at,
      };
      if (options.dryRun) {
        return {
          request: {
            ...draft,
            createdAt: at,
            updatedAt: at,
            history: [],
            attempts: 0,
          },
          created: false,
        };
      }
      if (await store.insert(draft, verdict.release)) {
        const stored = (await store.get(id))!;
        await this.audit(stored, undefined, 'requested', requestedBy);
        if (stored.state === 'approved') {
          await this.audit(stored, 'requested', 'approved', SYSTEM_ACTOR);
          this.options.onApproved?.();
        }
        await this.notify(stored, undefined);
        return { request: stored, created: true };
      }
      // Another submission took a hold between the check and the insert: judge again (it may be our twin).
      if (attempt >= 3) {
        throw new ConflictError(
          `Account "${fields.name}" was requested by someone else at the same moment; look at the account requests and try again.`,
        );
      }
    }
  }

  /**
   * Approve, reject or cancel. Four eyes: nobody approves or rejects their own request, admins included. A request
   * someone else decided first is refused with who did it and when.
   */
  async decide(
    id: string,
    decision: AccountRequestDecision,
    actor: string,
    comment: string | undefined,
    current?: StoredAccountRequest,
  ): Promise<StoredAccountRequest> {
    const record = current ?? (await this.get(id));
    const rule = DECISIONS[decision];
    // The decision applies to the request as the actor saw it: approving a request that was cancelled meanwhile,
    // or cancelling one that was approved meanwhile, is refused with who moved it.
    const from = current
      ? rule.from.filter(state => state === current.state)
      : rule.from;
    if (decision !== 'cancel' && record.requestedBy === actor) {
      throw new NotAllowedError(
        `You requested ${id} yourself, so you may not ${rule.verb} it (four eyes): ask another governance admin.`,
      );
    }
    if (decision === 'reject' && !comment?.trim()) {
      throw new InputError(
        'A rejection needs a comment saying why, so the requester knows what to change: send { "comment": "…" }.',
      );
    }
    const result = await this.options.store.transition({
      id,
      from,
      to: rule.to,
      actor,
      comment: comment?.trim() || undefined,
      changes:
        decision === 'cancel'
          ? {}
          : {
              decidedBy: actor,
              ...(comment?.trim() ? { decisionComment: comment.trim() } : {}),
            },
      at: this.now().toISOString(),
    });
    if (!result.ok) {
      throw new ConflictError(
        this.alreadyDecided(id, rule.verb, result.current),
      );
    }
    await this.audit(result.record, lastFrom(result.record), rule.to, actor);
    await this.notify(result.record, lastFrom(result.record));
    if (rule.to === 'approved') this.options.onApproved?.();
    return result.record;
  }

  /** A transition the provisioning worker makes (provisioning → ready | failed), guarded by its claim. */
  async workerTransition(options: {
    id: string;
    workerId: string;
    to: 'ready' | 'failed';
    changes: TransitionChanges;
    comment?: string;
    /** Keep the name, email and key holds of a failed request (an account may exist). */
    keepHolds?: boolean;
  }): Promise<StoredAccountRequest | undefined> {
    const result = await this.options.store.transition({
      id: options.id,
      from: ['provisioning'],
      to: options.to,
      actor: SYSTEM_ACTOR,
      comment: options.comment,
      changes: options.changes,
      claimedBy: options.workerId,
      keepHolds: options.keepHolds,
      at: this.now().toISOString(),
    });
    if (!result.ok) return undefined;
    await this.audit(result.record, 'provisioning', options.to, SYSTEM_ACTOR);
    await this.notify(result.record, 'provisioning');
    return result.record;
  }

  /** Audit and signal a claim (approved → provisioning, or a resumption). */
  async claimed(record: StoredAccountRequest, from: AccountRequestState) {
    await this.audit(record, from, 'provisioning', SYSTEM_ACTOR);
    await this.notify(record, from);
  }

  async get(id: string): Promise<StoredAccountRequest> {
    const record = await this.options.store.get(id);
    if (!record) {
      throw new NotFoundError(
        `No account request ${id}; ids look like req-0123456789ab (GET /account-requests lists yours)`,
      );
    }
    return record;
  }

  private alreadyDecided(
    id: string,
    verb: string,
    current: StoredAccountRequest | undefined,
  ): string {
    if (!current) return `No account request ${id}`;
    const last = [...current.history]
      .reverse()
      .find(e => e.to === current.state);
    const by = last ? ` by ${last.actor} at ${last.at}` : '';
    return `Request ${id} can no longer be ${
      verb === 'cancel' ? 'cancelled' : `${verb}d`
    }: it was already ${
      current.state
    }${by}. Reload it to see its current state.`;
  }

  private async audit(
    record: StoredAccountRequest,
    from: AccountRequestState | undefined,
    to: AccountRequestState,
    actor: string,
  ) {
    const event = await this.options.auditor.createEvent({
      eventId: 'account-request-transition',
      severityLevel:
        to === 'approved' || to === 'provisioning' ? 'high' : 'medium',
      meta: {
        requestId: record.id,
        from: from ?? null,
        to,
        actor,
        environment: record.fields.environment,
        owner: record.fields.owner,
        accountName: record.fields.name,
        ...(record.accountId ? { accountId: record.accountId } : {}),
      },
    });
    await event.success();
    this.options.logger.info(
      `Account request ${record.id}: ${from ?? '(new)'} → ${to} by ${actor}`,
      { requestId: record.id, from, to, actor },
    );
  }

  private async notify(
    record: StoredAccountRequest,
    from: AccountRequestState | undefined,
  ) {
    await this.options.notifier?.transitioned(this.toWire(record), from);
  }
}

function lastFrom(
  record: StoredAccountRequest,
): AccountRequestState | undefined {
  return record.history[record.history.length - 1]?.from;
}
