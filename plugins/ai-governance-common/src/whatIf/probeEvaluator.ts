/**
 * Decides probe requests for the accounts of one snapshot (memoized per chain of policies, as who-can does) and says
 * in words which statement decided.
 */
import type { OrgNode, OrgSnapshot } from '../orgModel/types';
import type { RequestContext } from '../policy/match';
import {
  ChainEvaluation,
  EvaluateOptions,
  evaluateChain,
} from '../policy/evaluate/chain';
import { buildContext } from '../policy/evaluate/context';
import { getCompiledPolicy } from '../policy/compile';
import { indexSnapshot, SnapshotIndex } from '../policy/evaluate/snapshotIndex';
import { ACCOUNT_KEYS, simulatedRoleArn } from '../policy/evaluate/tables';
import type { WhatIfProbe, WhatIfReason } from './types';

/** Policy types whose statements the evaluator reads. */
const EVALUATED_TYPES = new Set([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
]);
const ACCOUNT_KEY_SET = new Set(ACCOUNT_KEYS);
const NO_KEYS: string[] = [];

/**
 * Decides probes for the accounts of one snapshot, memoized per chain (and per account-specific key values read).
 * Everything that depends only on the probe is worked out once when the probe changes (the resource, how to name the
 * principal, which account-specific keys each policy reads for the action), and the per-chain memos are arrays
 * indexed by chain id, so deciding one account allocates nothing unless its chain reads an account-specific key.
 */
export class ProbeEvaluator {
  private readonly index: SnapshotIndex;
  // Per probe (reset when the probe changes, so they stay small): evaluations by chain when the chain reads no
  // account-specific key, else by chain and the values of the keys it reads; those keys by chain and by policy.
  private readonly memoByChain: Array<ChainEvaluation | undefined> = [];
  private readonly memo = new Map<string, ChainEvaluation>();
  private readonly keysByChain: Array<string[] | undefined> = [];
  private readonly keysByPolicy = new Map<string, string[]>();
  private currentProbe = -1;
  private probe!: WhatIfProbe;
  private actionLower = '';
  private resource = '*';
  /** The probe's principal ARN around its account id, or undefined for the simulated role of each account. */
  private principalParts: [string, string] | string | undefined;
  private readonly now = new Date();

  constructor(
    private readonly snapshot: OrgSnapshot,
    private readonly options: EvaluateOptions,
  ) {
    this.index = indexSnapshot(snapshot);
  }

  has(accountId: string): boolean {
    return this.index.accountChains.has(accountId);
  }

  path(accountId: string): OrgNode[] {
    return this.index.paths.get(accountId)!;
  }

  private startProbe(probe: WhatIfProbe, probeId: number, actionLower: string) {
    this.currentProbe = probeId;
    this.probe = probe;
    this.actionLower = actionLower;
    this.resource = probe.resource?.trim() || '*';
    this.memoByChain.length = 0;
    this.keysByChain.length = 0;
    this.memo.clear();
    this.keysByPolicy.clear();
    const arn = probe.principalArn;
    const m = arn ? /^(arn:[^:]*:[^:]*:[^:]*:)\d{12}(:.*)$/s.exec(arn) : null;
    this.principalParts = m ? [m[1], m[2]] : arn;
  }

  private principalOf(accountId: string): string {
    const parts = this.principalParts;
    if (parts === undefined) return simulatedRoleArn(accountId);
    return typeof parts === 'string'
      ? parts
      : `${parts[0]}${accountId}${parts[1]}`;
  }

  /** The account-specific keys the statements naming the probe's action read, over the policies along a path. */
  private keysRead(path: OrgNode[]): string[] {
    let read: Set<string> | undefined;
    for (const n of path) {
      for (const id of n.policyIds) {
        let keys = this.keysByPolicy.get(id);
        if (!keys) {
          keys = NO_KEYS;
          const p = this.index.policies.get(id);
          if (p && EVALUATED_TYPES.has(p.type)) {
            const found = new Set<string>();
            for (const st of getCompiledPolicy(p).statements)
              if (st.matchesAction(this.actionLower))
                st.keys.forEach(k => {
                  if (ACCOUNT_KEY_SET.has(k)) found.add(k);
                });
            if (found.size) keys = [...found];
          }
          this.keysByPolicy.set(id, keys);
        }
        if (keys.length) {
          read ??= new Set();
          for (const k of keys) read.add(k);
        }
      }
    }
    return read ? ACCOUNT_KEYS.filter(k => read!.has(k)) : NO_KEYS;
  }

  private evaluate(
    accountId: string,
    path: OrgNode[],
    principal: string,
    ctx: RequestContext,
  ): ChainEvaluation {
    return evaluateChain(
      this.index,
      path,
      false,
      accountId,
      principal,
      this.actionLower,
      this.resource,
      ctx,
      this.options,
    );
  }

  private contextFor(
    accountId: string,
    path: OrgNode[],
    principal: string,
  ): RequestContext {
    return buildContext(
      this.snapshot,
      path,
      accountId,
      principal,
      this.probe,
      this.resource,
      this.now,
    );
  }

  /** The evaluation of one probe for one account (probes are asked one after another: `probeId` says which). */
  decide(
    accountId: string,
    probe: WhatIfProbe,
    probeId: number,
    actionLower: string,
  ): ChainEvaluation {
    if (probeId !== this.currentProbe)
      this.startProbe(probe, probeId, actionLower);
    const chain = this.index.accountChains.get(accountId)!;
    const path = this.index.paths.get(accountId)!;
    let keys = this.keysByChain[chain];
    if (keys === undefined) {
      keys = this.keysRead(path);
      this.keysByChain[chain] = keys;
    }
    // The management account and service-linked roles are exempt: their chain id already differs (management),
    // and the principal is part of the key when a chain reads it.
    if (keys.length === 0) {
      let evaluation = this.memoByChain[chain];
      if (!evaluation) {
        const principal = this.principalOf(accountId);
        evaluation = this.evaluate(
          accountId,
          path,
          principal,
          this.contextFor(accountId, path, principal),
        );
        this.memoByChain[chain] = evaluation;
      }
      return evaluation;
    }
    const principal = this.principalOf(accountId);
    const ctx = this.contextFor(accountId, path, principal);
    let key = `${chain}#`;
    for (const k of keys) key += `${(ctx.get(k) ?? []).join('\u0001')}\u0002`;
    let evaluation = this.memo.get(key);
    if (!evaluation) {
      evaluation = this.evaluate(accountId, path, principal, ctx);
      this.memo.set(key, evaluation);
    }
    return evaluation;
  }
}

/** The deciding statement of an evaluation, mapped onto this account's own path. */
export function reasonOf(
  evaluation: ChainEvaluation,
  path: OrgNode[],
): WhatIfReason {
  const decision = evaluation.decision;
  if (decision === 'Allowed') {
    const why = evaluation.levels.length
      ? 'every level from the root down allows it and nothing denies it'
      : `no SCP or RCP applies${
          evaluation.exemptions.length
            ? ` (${evaluation.exemptions
                .map(e => e.replace(/\.$/, ''))
                .join('; ')})`
            : ''
        }`;
    return { decision, text: `Allowed: ${why}.` };
  }
  const level = evaluation.levels.find(l => l.decision === decision)!;
  const typeLevels = evaluation.levels.filter(
    l => l.policyType === level.policyType,
  );
  const node = path[typeLevels.indexOf(level)] ?? path[path.length - 1];
  const kind = level.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
  if (decision === 'ImplicitDeny') {
    return {
      decision,
      nodeId: node.id,
      nodeName: node.name,
      text: `Denied: no ${kind} attached to ${node.name} allows it.`,
    };
  }
  const d = level.deciding[0];
  return {
    decision,
    nodeId: node.id,
    nodeName: node.name,
    policyId: d.policyId,
    policyName: d.policyName,
    sid: d.sid,
    statementIndex: d.statementIndex,
    text: `Denied by statement ${
      d.sid ? `"${d.sid}"` : `#${d.statementIndex}`
    } of ${d.policyName} (attached to ${node.name}).`,
  };
}
