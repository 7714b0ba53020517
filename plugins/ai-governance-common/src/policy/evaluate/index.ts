/**
 * The evaluator: decides a request as AWS does (simulate: RCPs, SCPs, resource-based, identity-based, boundary,
 * session and VPC endpoint policies, principal and resource each in its own account) and org-wide who-can (the same
 * decision with each account as the target). The data tables, the snapshot index, the request's parts and context,
 * each level, the combination and who-can each have their own file here.
 */
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
export { simulate } from './simulate';
export {
  MAX_POLICIES_PER_KIND,
  MAX_POLICY_CHARACTERS,
} from './levels/requestPolicies';
export type { WhoCanRequest } from './whoCan';
