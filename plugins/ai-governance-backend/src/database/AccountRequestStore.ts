/**
 * Where account requests and their history live: the queries of the account request tables (insert with name,
 * email and key holds, conditional transitions, worker claims and leases, lists under permission criteria).
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  AccountRequestEvent,
  AccountRequestState,
} from '@internal/plugin-ai-governance-common';
import type { Knex } from 'knex';
import { applyCriteria } from './accountRequestCriteria';
import {
  holdKey,
  toRecord,
  type AccountRequestListFilter,
  type NewAccountRequest,
  type StoredAccountRequest,
  type TransitionChanges,
  type TransitionResult,
} from './accountRequestRows';
import { migratedClient } from './migrations';

export {
  holdKey,
  toWireRecord,
  type AccountRequestListFilter,
  type NewAccountRequest,
  type StoredAccountRequest,
  type TransitionChanges,
  type TransitionResult,
} from './accountRequestRows';

const REQUESTS = 'ai_governance_account_requests';
const EVENTS = 'ai_governance_account_request_events';

/**
 * Where account requests and their history live: the plugin's database (SQLite embedded, PostgreSQL in
 * production). Every state change is a conditional UPDATE (`WHERE state IN (expected)`) in one transaction with its
 * history row, so two writers racing on one request see exactly one win.
 */
export class AccountRequestStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<AccountRequestStore> {
    return new AccountRequestStore(await migratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Stores a new request holding its name, email and request key, releasing first the holds of `release` (failed
   * requests the same requester retries). Returns false when another request holds one of them (a unique index
   * refused it): the caller re-reads the holders and explains.
   */
  async insert(
    request: NewAccountRequest,
    release: string[] = [],
  ): Promise<boolean> {
    try {
      await this.db.transaction(async tx => {
        if (release.length > 0) {
          await tx(REQUESTS)
            .whereIn('id', release)
            .update({ name_hold: null, email_hold: null, key_hold: null });
        }
        await tx(REQUESTS).insert({
          id: request.id,
          state: request.state,
          environment: request.fields.environment,
          name: request.fields.name,
          owner: request.fields.owner,
          email: request.email,
          email_given: request.emailGiven,
          request_key: request.requestKey,
          fields: JSON.stringify(request.fields),
          requested_by: request.requestedBy,
          decision_comment: request.decisionComment ?? null,
          task_id: request.taskId ?? null,
          created_at: request.at,
          updated_at: request.at,
          attempts: 0,
          name_hold: holdKey(request.fields.name),
          email_hold: holdKey(request.email),
          key_hold: request.requestKey,
        });
        await tx(EVENTS).insert({
          request_id: request.id,
          from_state: null,
          to_state: 'requested',
          actor: request.requestedBy,
          comment: null,
          at: request.at,
        });
        if (request.state === 'approved') {
          await tx(EVENTS).insert({
            request_id: request.id,
            from_state: 'requested',
            to_state: 'approved',
            actor: 'service:ai-governance',
            comment: request.decisionComment ?? null,
            at: request.at,
          });
        }
      });
      return true;
    } catch (error) {
      const holders = await this.holders({
        name: request.fields.name,
        email: request.email,
        requestKey: request.requestKey,
      });
      if (holders.some(h => h.id !== request.id && !release.includes(h.id))) {
        return false;
      }
      throw error;
    }
  }

  /** The requests that hold this name, email or request key (at most one each). */
  async holders(of: {
    name: string;
    email: string;
    requestKey: string;
  }): Promise<StoredAccountRequest[]> {
    const rows = await this.db(REQUESTS)
      .where('name_hold', holdKey(of.name))
      .orWhere('email_hold', holdKey(of.email))
      .orWhere('key_hold', of.requestKey);
    return this.withHistory(rows);
  }

  async get(id: string): Promise<StoredAccountRequest | undefined> {
    const [record] = await this.getMany([id]);
    return record;
  }

  async getMany(ids: string[]): Promise<StoredAccountRequest[]> {
    if (ids.length === 0) return [];
    const rows = await this.db(REQUESTS).whereIn('id', ids);
    const byId = new Map(
      (await this.withHistory(rows)).map(r => [r.id, r] as const),
    );
    return ids.flatMap(id => (byId.has(id) ? [byId.get(id)!] : []));
  }

  /** Newest first. */
  async list(
    filter: AccountRequestListFilter = {},
  ): Promise<StoredAccountRequest[]> {
    const query = this.db(REQUESTS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(filter.limit ?? 500, 1), 1000));
    if (filter.states?.length) query.whereIn('state', filter.states);
    if (filter.requestedBy) query.where('requested_by', filter.requestedBy);
    if (filter.criteria) {
      const criteria = filter.criteria;
      query.where(qb => applyCriteria(qb, criteria));
    }
    return this.withHistory(await query);
  }

  /**
   * Moves a request from one of `from` to `to` when nobody moved it first, with its history row, in one
   * transaction. With `claimedBy`, only while that backend still holds the claim. Releases the account's holds when
   * the request lets go of it (rejected, cancelled, or failed with no account made and no `keepHolds`).
   */
  async transition(options: {
    id: string;
    from: AccountRequestState[];
    to: AccountRequestState;
    actor: string;
    comment?: string;
    changes?: TransitionChanges;
    claimedBy?: string;
    /** A failed request keeps its holds even without a known account (one may exist that nobody could confirm). */
    keepHolds?: boolean;
    at: string;
  }): Promise<TransitionResult> {
    const { id, from, to, actor, comment, changes = {}, at } = options;
    const updated = await this.db.transaction(async tx => {
      const before = await tx(REQUESTS).where({ id }).first('account_id');
      if (!before) return false;
      const leavesProvisioning = to !== 'provisioning';
      const values = {
        state: to,
        updated_at: at,
        ...(changes.decidedBy !== undefined && {
          decided_by: changes.decidedBy,
        }),
        ...(changes.decisionComment !== undefined && {
          decision_comment: changes.decisionComment,
        }),
        ...(changes.accountId !== undefined && {
          account_id: changes.accountId,
        }),
        ...(changes.engine !== undefined && { engine: changes.engine }),
        ...(changes.runLogRef !== undefined && {
          run_log_ref: changes.runLogRef,
        }),
        ...(changes.accountArn !== undefined && {
          account_arn: changes.accountArn,
        }),
        ...(changes.organizationalUnitId !== undefined && {
          organizational_unit_id: changes.organizationalUnitId,
        }),
        ...(changes.failureReason !== undefined && {
          failure_reason: changes.failureReason,
        }),
        ...(leavesProvisioning && { claimed_by: null, lease_expires_at: null }),
      };
      // One conditional UPDATE per expected state: the one that matches says which state the request left.
      let fromState: AccountRequestState | undefined;
      for (const state of from) {
        const query = tx(REQUESTS).where({ id, state });
        if (options.claimedBy) query.where('claimed_by', options.claimedBy);
        if ((await query.update(values)) === 1) {
          fromState = state;
          break;
        }
      }
      if (!fromState) return false;
      const accountId = changes.accountId ?? before.account_id;
      if (
        to === 'rejected' ||
        to === 'cancelled' ||
        (to === 'failed' && !accountId && !options.keepHolds)
      ) {
        await tx(REQUESTS)
          .where({ id })
          .update({ name_hold: null, email_hold: null, key_hold: null });
      }
      await tx(EVENTS).insert({
        request_id: id,
        from_state: fromState,
        to_state: to,
        actor,
        comment: comment ?? null,
        at,
      });
      return true;
    });
    const current = await this.get(id);
    return updated && current
      ? { ok: true, record: current }
      : { ok: false, current };
  }

  /**
   * Claims one request for provisioning: an approved one, or one left `provisioning` by a backend whose lease
   * expired. One conditional UPDATE decides, so of two backends polling one database exactly one gets it.
   */
  async claim(options: {
    workerId: string;
    leaseMs: number;
    now: number;
    actor: string;
  }): Promise<
    { record: StoredAccountRequest; resumedFrom?: string } | undefined
  > {
    const { workerId, leaseMs, now, actor } = options;
    const candidates = await this.db(REQUESTS)
      .where('state', 'approved')
      .orWhere(qb =>
        qb
          .where('state', 'provisioning')
          .where(q =>
            q
              .whereNull('lease_expires_at')
              .orWhere('lease_expires_at', '<', now),
          ),
      )
      .orderBy('updated_at', 'asc')
      .limit(10)
      .select('id', 'state', 'claimed_by');
    for (const candidate of candidates) {
      const at = new Date(now).toISOString();
      const won = await this.db.transaction(async tx => {
        const count = await tx(REQUESTS)
          .where('id', candidate.id)
          .where(qb =>
            qb
              .where('state', 'approved')
              .orWhere(q =>
                q
                  .where('state', 'provisioning')
                  .where(l =>
                    l
                      .whereNull('lease_expires_at')
                      .orWhere('lease_expires_at', '<', now),
                  ),
              ),
          )
          .update({
            state: 'provisioning',
            claimed_by: workerId,
            lease_expires_at: now + leaseMs,
            attempts: tx.raw('attempts + 1'),
            updated_at: at,
          });
        if (count !== 1) return false;
        await tx(EVENTS).insert({
          request_id: candidate.id,
          from_state: candidate.state,
          to_state: 'provisioning',
          actor,
          comment:
            candidate.state === 'provisioning'
              ? `Resumed after the lease of ${
                  candidate.claimed_by ?? 'another backend'
                } expired`
              : null,
          at,
        });
        return true;
      });
      if (won) {
        const record = await this.get(candidate.id);
        if (record) {
          return {
            record,
            resumedFrom:
              candidate.state === 'provisioning'
                ? candidate.claimed_by ?? 'unknown'
                : undefined,
          };
        }
      }
    }
    return undefined;
  }

  /** Extends the lease; false when this backend no longer holds the claim. */
  async heartbeat(options: {
    id: string;
    workerId: string;
    leaseMs: number;
    now: number;
  }): Promise<boolean> {
    const count = await this.db(REQUESTS)
      .where({
        id: options.id,
        claimed_by: options.workerId,
        state: 'provisioning',
      })
      .update({ lease_expires_at: options.now + options.leaseMs });
    return count === 1;
  }

  /** Records what is known of a run in progress (engine, run log, account) without changing the state. */
  async note(
    id: string,
    workerId: string,
    changes: Pick<TransitionChanges, 'engine' | 'runLogRef' | 'accountId'>,
  ): Promise<void> {
    await this.db(REQUESTS)
      .where({ id, claimed_by: workerId, state: 'provisioning' })
      .update({
        ...(changes.engine !== undefined && { engine: changes.engine }),
        ...(changes.runLogRef !== undefined && {
          run_log_ref: changes.runLogRef,
        }),
        ...(changes.accountId !== undefined && {
          account_id: changes.accountId,
        }),
      });
  }

  private async withHistory(rows: any[]): Promise<StoredAccountRequest[]> {
    if (rows.length === 0) return [];
    const events = await this.db(EVENTS)
      .whereIn(
        'request_id',
        rows.map(r => r.id),
      )
      .orderBy('id', 'asc');
    const history = new Map<string, AccountRequestEvent[]>();
    for (const e of events) {
      const list = history.get(e.request_id) ?? [];
      list.push({
        ...(e.from_state ? { from: e.from_state } : {}),
        to: e.to_state,
        actor: e.actor,
        ...(e.comment ? { comment: e.comment } : {}),
        at: e.at,
      });
      history.set(e.request_id, list);
    }
    return rows.map(row => toRecord(row, history.get(row.id) ?? []));
  }
}
