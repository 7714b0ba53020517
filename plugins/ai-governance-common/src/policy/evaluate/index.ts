/**
 * The SCP/RCP evaluator: decides a request for an account as AWS Organizations does, level by level from the root
 * down to the account (simulate). The data tables, the snapshot index, the request context, chain evaluation and
 * the org-wide who-can each have their own file here.
 */
import type { OrgSnapshot } from '../../orgModel/types';
import type { SimulationRequest, SimulationResult } from '../types';
import { EvaluateOptions, evaluateChain, explain } from './chain';
import {
  buildContext,
  checkRequestLengths,
  normalizeAction,
  principalOf,
} from './context';
import { indexSnapshot, resolveTarget } from './snapshotIndex';
import { HYPOTHETICAL_ACCOUNT_ID } from './tables';

export { PolicyEngineError, PolicyLimitError } from '../errors';
export { MATCH_LIMITS } from '../match';
export {
  ALWAYS_ALLOWED_ACTIONS,
  HYPOTHETICAL_ACCOUNT_ID,
  RCP_SUPPORTED_SERVICES,
} from './tables';
export type { EvaluateOptions } from './chain';
export { resolveTarget } from './snapshotIndex';
export { whoCan } from './whoCan';
export type { WhoCanRequest } from './whoCan';

/**
 * Decides one request for an account (or a hypothetical account directly in an OU), as AWS does for SCPs and RCPs.
 * Throws PolicyEngineError for an unknown target or a malformed action.
 * @public
 */
export function simulate(
  snapshot: OrgSnapshot,
  request: SimulationRequest,
  options: EvaluateOptions = {},
): SimulationResult {
  checkRequestLengths(request);
  const index = indexSnapshot(snapshot);
  const target = resolveTarget(snapshot, request.target);
  const actionLower = normalizeAction(request.action);
  const hypothetical = target.kind !== 'account';
  const accountId = hypothetical ? HYPOTHETICAL_ACCOUNT_ID : target.id;
  const path = index.paths.get(target.id)!;
  const principalArn = principalOf(request, accountId);
  const resource = request.resource?.trim() || '*';
  const ctx = buildContext(
    snapshot,
    path,
    accountId,
    principalArn,
    request,
    resource,
  );
  const result = evaluateChain(
    index,
    path,
    hypothetical,
    accountId,
    principalArn,
    actionLower,
    resource,
    ctx,
    options,
  );
  const subject = hypothetical
    ? `a new account in ${target.name}`
    : `${target.name} (${target.id})`;
  const out: SimulationResult = {
    decision: result.decision,
    byType: result.byType,
    levels: result.levels,
    explanation: explain(result, request.action, subject),
  };
  if (result.exemptions.length) out.exemptions = result.exemptions;
  return out;
}
