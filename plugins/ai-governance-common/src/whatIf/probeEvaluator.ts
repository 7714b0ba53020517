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
import { buildContext, orgPath } from '../policy/evaluate/context';
import {
  CompiledPolicy,
  CompiledStatement,
  getCompiledPolicy,
  statementMatches,
} from '../policy/compile';
import { indexSnapshot, SnapshotIndex } from '../policy/evaluate/snapshotIndex';
import { ACCOUNT_KEYS, simulatedRoleArn } from '../policy/evaluate/tables';
import type { WhatIfProbe, WhatIfReason } from './types';

/** Policy types whose statements the evaluator reads. */
const EVALUATED_TYPES = new Set([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
]);
const ACCOUNT_KEY_SET = new Set(ACCOUNT_KEYS);
const NONE: CompiledStatement[] = [];

/**
 * Decides probes for the accounts of one snapshot, memoized per chain of policies and per probe.
 *
 * Everything that depends only on the probe is worked out once when the probe changes (the resource, how to name the
 * principal, whether the action takes resources), and the per-chain memos are arrays indexed by chain id, so deciding
 * an account whose chain reads no account-specific key allocates nothing.
 *
 * When a chain reads an account-specific key (the principal ARN, the account, the org paths: see ACCOUNT_KEYS) for the
 * probe's action, the evaluation is memoized per chain and per outcome of the statements that read such a key, not
 * per value of the keys: every other statement of the chain matches or not alike for every account (the rest of the
 * request context is the probe's), and a level's verdict and deciding statements depend only on which statements
 * match. So 5,000 accounts whose principal ARNs differ but fall on the same side of an `ArnNotLike` cost one
 * evaluation, not 5,000.
 */
export class ProbeEvaluator {
  private readonly index: SnapshotIndex;
  // Per probe (reset when the probe changes, so they stay small): evaluations by chain when the chain reads no
  // account-specific key, else by chain and the outcomes of the statements that read one; those statements by chain
  // and by policy.
  private readonly memoByChain: Array<ChainEvaluation | undefined> = [];
  private readonly memo: Array<Map<string, ChainEvaluation> | undefined> = [];
  private readonly sensitiveByChain: Array<CompiledStatement[] | undefined> =
    [];
  private readonly sensitiveByPolicy: Array<CompiledStatement[] | undefined> =
    [];
  /** Per chain (for every probe): the SCPs and RCPs attached along its path, as numbers into `policyList`. */
  private readonly chainPolicies: Array<number[] | undefined> = [];
  /** The compiled SCPs and RCPs of this snapshot (an edited policy has two contents: one per snapshot). */
  private readonly policyList: CompiledPolicy[] = [];
  private readonly policyNumbers = new Map<string, number>();
  /**
   * The request context of the last account decided for the probe: for the next account only the account-specific
   * keys change (set in place), unless the probe gives one of them itself.
   */
  private sharedCtx: RequestContext | undefined;
  private probeGivesAccountKey = false;
  private currentProbe = -1;
  private probe!: WhatIfProbe;
  private actionLower = '';
  private resource = '*';
  private wildcardOnly = false;
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

  /** The number naming an account's chain of policies (see SnapshotIndex.accountChains). */
  chain(accountId: string): number {
    return this.index.accountChains.get(accountId)!;
  }

  private startProbe(probe: WhatIfProbe, probeId: number, actionLower: string) {
    this.currentProbe = probeId;
    this.probe = probe;
    this.actionLower = actionLower;
    this.resource = probe.resource?.trim() || '*';
    this.wildcardOnly =
      this.options.isWildcardOnlyAction?.(actionLower) ?? false;
    this.memoByChain.length = 0;
    this.memo.length = 0;
    this.sensitiveByChain.length = 0;
    this.sensitiveByPolicy.length = 0;
    this.sharedCtx = undefined;
    this.probeGivesAccountKey = Object.keys(probe.context ?? {}).some(k =>
      ACCOUNT_KEY_SET.has(k.toLowerCase()),
    );
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

  /** The SCPs and RCPs attached along a chain's path, numbered (worked out once per chain, for every probe). */
  private policiesOf(chain: number, path: OrgNode[]): number[] {
    let list = this.chainPolicies[chain];
    if (!list) {
      list = [];
      for (const n of path) {
        for (const id of n.policyIds) {
          let k = this.policyNumbers.get(id);
          if (k === undefined) {
            const p = this.index.policies.get(id);
            k = -1;
            if (p && EVALUATED_TYPES.has(p.type)) {
              k = this.policyList.length;
              this.policyList.push(getCompiledPolicy(p));
            }
            this.policyNumbers.set(id, k);
          }
          if (k >= 0) list.push(k);
        }
      }
      this.chainPolicies[chain] = list;
    }
    return list;
  }

  /**
   * The chain's statements naming the probe's action that read account-specific keys (sensitiveStatements),
   * computed once per chain and probe; starts the probe when it is a new one.
   */
  private sensitiveFor(
    chain: number,
    path: OrgNode[],
    probe: WhatIfProbe,
    probeId: number,
    actionLower: string,
  ): CompiledStatement[] {
    if (probeId !== this.currentProbe)
      this.startProbe(probe, probeId, actionLower);
    let sensitive = this.sensitiveByChain[chain];
    if (sensitive === undefined) {
      sensitive = this.sensitiveStatements(chain, path);
      this.sensitiveByChain[chain] = sensitive;
    }
    return sensitive;
  }

  /**
   * The statements naming the probe's action that read an account-specific key, over the policies along a chain's
   * path (in a fixed order per chain, since it is worked out once per chain and probe).
   */
  private sensitiveStatements(
    chain: number,
    path: OrgNode[],
  ): CompiledStatement[] {
    let found: CompiledStatement[] | undefined;
    for (const k of this.policiesOf(chain, path)) {
      let list = this.sensitiveByPolicy[k];
      if (!list) {
        list = NONE;
        for (const st of this.policyList[k].statements) {
          if (!st.matchesAction(this.actionLower)) continue;
          let reads = false;
          for (const key of st.keys)
            if (ACCOUNT_KEY_SET.has(key)) {
              reads = true;
              break;
            }
          if (reads) (list === NONE ? (list = []) : list).push(st);
        }
        this.sensitiveByPolicy[k] = list;
      }
      if (list.length) (found ??= []).push(...list);
    }
    return found ?? NONE;
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

  /**
   * The request context of an account. The keys that differ from one account to the next (ACCOUNT_KEYS) are set in
   * place in the context of the previous account decided for the probe; the rest is the probe's and the same for
   * every account. aws:PrincipalType is the probe's too: the principal ARN differs between accounts
   * only by its account id. When the probe gives one of those keys itself, the context is built afresh.
   */
  private accountContext(
    accountId: string,
    path: OrgNode[],
    principal: string,
  ): RequestContext {
    const ctx = this.sharedCtx;
    if (!ctx || this.probeGivesAccountKey) {
      const built = this.contextFor(accountId, path, principal);
      this.sharedCtx = built;
      return built;
    }
    const paths = orgPath(this.snapshot, path);
    ctx.set('aws:principalarn', [principal]);
    ctx.set('aws:principalaccount', [accountId]);
    ctx.set('aws:principalorgpaths', [paths]);
    ctx.set('aws:resourceaccount', [accountId]);
    ctx.set('aws:resourceorgpaths', [paths]);
    return ctx;
  }

  /**
   * Whether a statement of the chain naming the probe's action reads an account-specific key: if not, every account
   * of the chain gets the same evaluation of the probe.
   */
  readsAccountKeys(
    chain: number,
    path: OrgNode[],
    probe: WhatIfProbe,
    probeId: number,
    actionLower: string,
  ): boolean {
    const sensitive = this.sensitiveFor(
      chain,
      path,
      probe,
      probeId,
      actionLower,
    );
    return sensitive.length > 0;
  }

  /**
   * The evaluation of one probe for one account, given the account's chain and path (callers that loop over accounts
   * look them up once). Probes are asked one after another: `probeId` says which.
   */
  decideOn(
    accountId: string,
    chain: number,
    path: OrgNode[],
    probe: WhatIfProbe,
    probeId: number,
    actionLower: string,
  ): ChainEvaluation {
    const sensitive = this.sensitiveFor(
      chain,
      path,
      probe,
      probeId,
      actionLower,
    );
    // The management account and service-linked roles are exempt: their chain id already differs (management), and
    // whether the principal is a service-linked role is the probe's (its ARN around the account id).
    if (sensitive.length === 0) {
      let evaluation = this.memoByChain[chain];
      if (!evaluation) {
        const principal = this.principalOf(accountId);
        evaluation = this.evaluate(
          accountId,
          path,
          principal,
          this.accountContext(accountId, path, principal),
        );
        this.memoByChain[chain] = evaluation;
      }
      return evaluation;
    }
    const principal = this.principalOf(accountId);
    const ctx = this.accountContext(accountId, path, principal);
    let key = '';
    for (const st of sensitive)
      key += statementMatches(
        st,
        this.actionLower,
        this.resource,
        ctx,
        this.wildcardOnly,
      )
        ? '1'
        : '0';
    let memo = this.memo[chain];
    if (!memo) {
      memo = new Map();
      this.memo[chain] = memo;
    }
    let evaluation = memo.get(key);
    if (!evaluation) {
      evaluation = this.evaluate(accountId, path, principal, ctx);
      memo.set(key, evaluation);
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
