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
import {
  accountKeysRead,
  indexSnapshot,
  SnapshotIndex,
} from '../policy/evaluate/snapshotIndex';
import { simulatedRoleArn } from '../policy/evaluate/tables';
import type { WhatIfProbe, WhatIfReason } from './types';

/** Decides probes for the accounts of one snapshot, memoized per chain (and per account-specific key values read). */
export class ProbeEvaluator {
  private readonly index: SnapshotIndex;
  // Per probe (cleared when the probe changes, so the maps stay small): evaluations by chain (and by the values of
  // the account-specific keys the chain reads), and those keys by chain.
  private readonly memo = new Map<string | number, ChainEvaluation>();
  private readonly keysRead = new Map<number, string[]>();
  private currentProbe = -1;
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

  decide(
    accountId: string,
    probe: WhatIfProbe,
    probeId: number,
    actionLower: string,
  ): { evaluation: ChainEvaluation; path: OrgNode[] } {
    const index = this.index;
    if (probeId !== this.currentProbe) {
      this.memo.clear();
      this.keysRead.clear();
      this.currentProbe = probeId;
    }
    const chain = index.accountChains.get(accountId)!;
    const path = index.paths.get(accountId)!;
    let keys = this.keysRead.get(chain);
    if (!keys) {
      keys = accountKeysRead(index, path, actionLower);
      this.keysRead.set(chain, keys);
    }
    const principalArn = () =>
      probe.principalArn
        ? probe.principalArn.replace(
            /^(arn:[^:]*:[^:]*:[^:]*:)\d{12}(:)/,
            `$1${accountId}$2`,
          )
        : simulatedRoleArn(accountId);
    const resource = probe.resource?.trim() || '*';
    const contextFor = (principal: string) =>
      buildContext(
        this.snapshot,
        path,
        accountId,
        principal,
        probe,
        resource,
        this.now,
      );
    let ctx: RequestContext | undefined;
    let key: string | number = chain;
    let principal: string | undefined;
    if (keys.length) {
      principal = principalArn();
      ctx = contextFor(principal);
      key = `${chain}#${keys
        .map(k => (ctx!.get(k) ?? []).join('\u0001'))
        .join('\u0002')}`;
    }
    // The management account and service-linked roles are exempt: their chain id already differs (management),
    // and the principal is part of the key when a chain reads it.
    let evaluation = this.memo.get(key);
    if (!evaluation) {
      principal ??= principalArn();
      ctx ??= contextFor(principal);
      evaluation = evaluateChain(
        index,
        path,
        false,
        accountId,
        principal,
        actionLower,
        resource,
        ctx,
        this.options,
      );
      this.memo.set(key, evaluation);
    }
    return { evaluation, path };
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
