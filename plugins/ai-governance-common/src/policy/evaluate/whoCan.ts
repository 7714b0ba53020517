/**
 * Who can: for one action, resource and context, which accounts of the organization may and which may not, memoized
 * per distinct chain of policies.
 */
import type { OrgSnapshot } from '../../orgModel/types';
import type { WhoCanAccount, WhoCanResult } from '../types';
import type { RequestContext } from '../match';
import { ChainEvaluation, EvaluateOptions, evaluateChain } from './chain';
import { buildContext, checkRequestLengths, normalizeAction } from './context';
import { accountKeysRead, indexSnapshot, resolveTarget } from './snapshotIndex';
import { simulatedRoleArn } from './tables';
import { ARN_PATTERNS } from '../../orgModel/ids';

/** An org-wide question: which accounts may do this. @public */
export interface WhoCanRequest {
  action: string;
  resource?: string;
  context?: Record<string, string | string[]>;
  /**
   * A principal to ask about. Its account id is replaced by each account's own id, so
   * `arn:aws:iam::111122223333:role/Admin` asks about the role Admin in every account.
   */
  principalArn?: string;
  principalTags?: Record<string, string>;
  /** Only accounts under this OU (id or name). */
  under?: string;
}

/**
 * For one action, resource and context: which accounts may and which may not, and why. Evaluations are memoized per
 * distinct chain of policies (and per value of any account-specific key the chain reads).
 * @public
 */
export function whoCan(
  snapshot: OrgSnapshot,
  request: WhoCanRequest,
  options: EvaluateOptions = {},
): WhoCanResult {
  checkRequestLengths(request);
  const index = indexSnapshot(snapshot);
  const actionLower = normalizeAction(request.action);
  const resource = request.resource?.trim() || '*';
  let accounts = index.accounts;
  if (request.under) {
    const under = resolveTarget(snapshot, request.under);
    accounts = accounts.filter(a =>
      index.paths.get(a.id)!.some(n => n.id === under.id),
    );
  }
  const contextPrincipal =
    request.context?.['aws:PrincipalArn'] ??
    request.context?.['aws:principalarn'];
  const principalTemplate =
    request.principalArn ??
    (Array.isArray(contextPrincipal) ? contextPrincipal[0] : contextPrincipal);
  const memo = new Map<string | number, { eval: ChainEvaluation }>();
  const chainKeys = new Map<number, string[]>();
  const allowed: WhoCanAccount[] = [];
  const denied: WhoCanAccount[] = [];
  const now = new Date();
  const principalOfAccount = (id: string) =>
    principalTemplate
      ? principalTemplate.replace(ARN_PATTERNS.accountField, `$1${id}$2`)
      : simulatedRoleArn(id);
  for (const account of accounts) {
    // Whether the principal is a service-linked role is the same for every account of one call: the chain id
    // alone keys the memo.
    const sig = index.accountChains.get(account.id)!;
    const path = index.paths.get(account.id)!;
    // Which account-specific keys do the statements of this chain that name the action read? Once per chain.
    let keys = chainKeys.get(sig);
    if (!keys) {
      keys = accountKeysRead(index, path, actionLower);
      chainKeys.set(sig, keys);
    }
    let ctx: RequestContext | undefined;
    let key: string | number = sig;
    if (keys.length) {
      ctx = buildContext(
        snapshot,
        path,
        account.id,
        principalOfAccount(account.id),
        request,
        resource,
        now,
      );
      key = `${sig}#${keys
        .map(k => (ctx!.get(k) ?? []).join('\u0001'))
        .join('\u0002')}`;
    }
    let hit = memo.get(key);
    if (!hit) {
      const principalArn = principalOfAccount(account.id);
      ctx ??= buildContext(
        snapshot,
        path,
        account.id,
        principalArn,
        request,
        resource,
        now,
      );
      hit = {
        eval: evaluateChain(
          index,
          path,
          false,
          account.id,
          principalArn,
          actionLower,
          resource,
          ctx,
          options,
        ),
      };
      memo.set(key, hit);
    }
    const entry: WhoCanAccount = {
      id: account.id,
      name: account.name,
      decision: hit.eval.decision,
    };
    if (account.parentId) entry.parentId = account.parentId;
    if (hit.eval.decision === 'Allowed') {
      allowed.push(entry);
    } else {
      const levelIndex = hit.eval.levels.findIndex(
        l => l.decision === hit!.eval.decision,
      );
      const level = hit.eval.levels[levelIndex];
      if (level) {
        // Same signature means same depth: map the level back to this account's own path.
        const typeLevels = hit.eval.levels.filter(
          l => l.policyType === level.policyType,
        );
        const depth = typeLevels.indexOf(level);
        const node = path[depth] ?? path[path.length - 1];
        entry.deniedAt = {
          nodeId: node.id,
          nodeName: node.name,
          policyType: level.policyType,
        };
        const d = level.deciding[0];
        if (d && level.decision === 'ExplicitDeny')
          entry.deniedBy = { ...d, nodeId: node.id, nodeName: node.name };
      }
      denied.push(entry);
    }
  }
  return {
    action: request.action,
    resource,
    allowed,
    denied,
    distinctChains: memo.size,
  };
}
