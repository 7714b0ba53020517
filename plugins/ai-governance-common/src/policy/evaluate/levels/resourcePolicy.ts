/**
 * The resource-based policy step: which statements name the principal (Principal / NotPrincipal), and how each
 * grant counts. A statement may name the principal itself (a user, a role session, a federated user, the account
 * root, a service, or everyone with "*"), the role a session belongs to, or only the principal's account (which
 * delegates to the account's identity policies).
 *
 * AWS pages (IAM User Guide): "AWS JSON policy elements: Principal", "AWS JSON policy elements: NotPrincipal",
 * "Policy evaluation logic" (same-account resource-based policies), "Cross-account policy evaluation logic",
 * "Permissions boundaries for IAM entities" (a Deny with NotPrincipal always denies a principal with a boundary).
 */
import type { DecidingStatement, EvaluationStep } from '../../types';
import { parsePolicyDocument, PolicyPrincipal } from '../../document';
import { statementMatches } from '../../compile';
import type { RequestContext } from '../../match';
import { splitArn } from '../../match';
import type { ResolvedPrincipal } from '../parts';
import { RequestCompiled, requestDeciding } from './requestPolicies';

/**
 * How a statement's Principal names the request's principal: `self` (its own ARN, the account root when it is the
 * root, a service, or "*"), `role` (the role of a session, or the role itself), `account` (only its account), or not.
 */
export type PrincipalMatch = 'self' | 'role' | 'account' | 'none';

/** The grants and denies of a resource-based policy, by how they name the principal. */
export interface ResourcePolicyAnalysis {
  step: EvaluationStep;
  /** Allows that name the principal itself (or "*"): in the same account they need no identity policy. */
  selfAllows: DecidingStatement[];
  /** Allows that name the role (of a session): in the same account they need no identity policy but the boundary. */
  roleAllows: DecidingStatement[];
  /** Allows that name only the account: they delegate to the account's identity policies. */
  accountAllows: DecidingStatement[];
}

const principalCache = new Map<string, Array<PolicyPrincipalPair>>();

interface PolicyPrincipalPair {
  principal?: PolicyPrincipal;
  notPrincipal?: PolicyPrincipal;
}

/** Principal and NotPrincipal of each statement (by statement index), parsed once per document text. */
function principalsOf(content: string): PolicyPrincipalPair[] {
  const hit = principalCache.get(content);
  if (hit) return hit;
  const { document } = parsePolicyDocument(content);
  const pairs: PolicyPrincipalPair[] = [];
  for (const st of document?.statements ?? []) {
    pairs[st.index] = {
      principal: st.principal,
      notPrincipal: st.notPrincipal,
    };
  }
  if (principalCache.size > 2000) principalCache.clear();
  principalCache.set(content, pairs);
  return pairs;
}

const RANK: Record<PrincipalMatch, number> = {
  none: 0,
  account: 1,
  role: 2,
  self: 3,
};

function better(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  return RANK[a] >= RANK[b] ? a : b;
}

/** How one `AWS` principal value names the request's IAM principal. */
function matchAwsValue(
  value: string,
  p: Extract<ResolvedPrincipal, { kind: 'iam' }>,
): PrincipalMatch {
  if (value === '*') return 'self';
  // A grant to a role's ARN is a grant to the role (limited by its boundary), not to one of its sessions.
  if (value === p.arn) return p.type === 'Role' ? 'role' : 'self';
  const accountOnly = /^\d{12}$/.test(value)
    ? value
    : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
  if (accountOnly !== undefined) {
    if (accountOnly !== p.account.id) return 'none';
    return p.type === 'Account' ? 'self' : 'account';
  }
  if (p.roleName !== undefined) {
    const v = splitArn(value);
    if (
      v &&
      v[2] === 'iam' &&
      v[4] === p.account.id &&
      v[5].startsWith('role/') &&
      v[5].slice(v[5].lastIndexOf('/') + 1) === p.roleName
    )
      return 'role';
  }
  return 'none';
}

/** How a Principal element names the request's principal (the best of its values). */
export function principalMatch(
  element: PolicyPrincipal,
  p: ResolvedPrincipal,
): PrincipalMatch {
  if (element.wildcard) return 'self';
  let best: PrincipalMatch = 'none';
  for (const [type, values] of Object.entries(element.byType)) {
    for (const { value } of values) {
      if (type === 'AWS') {
        if (value === '*') return 'self';
        if (p.kind === 'iam') best = better(best, matchAwsValue(value, p));
      } else if (type === 'Service' && p.kind === 'service') {
        if (value === '*' || value.toLowerCase() === p.service.toLowerCase())
          return 'self';
      }
      // Federated and CanonicalUser principals are not modelled: they name none of our principals.
    }
  }
  return best;
}

/**
 * Evaluates the resource-based policy for the principal. `hasBoundary`: the principal has a permissions boundary (a
 * Deny with NotPrincipal then applies to it whatever NotPrincipal lists, as AWS documents).
 */
export function resourcePolicyStep(
  policy: RequestCompiled,
  principal: ResolvedPrincipal,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  wildcardOnly: boolean,
  hasBoundary: boolean,
): ResourcePolicyAnalysis {
  const pairs = principalsOf(policy.compiled.content);
  const denies: DecidingStatement[] = [];
  const selfAllows: DecidingStatement[] = [];
  const roleAllows: DecidingStatement[] = [];
  const accountAllows: DecidingStatement[] = [];
  for (const st of policy.compiled.statements) {
    const pair = pairs[st.index] ?? {};
    let match: PrincipalMatch = 'none';
    if (pair.principal) match = principalMatch(pair.principal, principal);
    else if (pair.notPrincipal) {
      const excluded =
        principalMatch(pair.notPrincipal, principal) !== 'none' &&
        !(hasBoundary && st.effect === 'Deny');
      match = excluded ? 'none' : 'self';
    }
    if (match === 'none') continue;
    if (!statementMatches(st, actionLower, resource, ctx, wildcardOnly))
      continue;
    const d = requestDeciding(policy, st);
    if (st.effect === 'Deny') denies.push(d);
    else if (match === 'self') selfAllows.push(d);
    else if (match === 'role') roleAllows.push(d);
    else accountAllows.push(d);
  }
  const allows = [...selfAllows, ...roleAllows, ...accountAllows];
  let decision: EvaluationStep['decision'] = 'ImplicitDeny';
  if (denies.length) decision = 'ExplicitDeny';
  else if (allows.length) decision = 'Allowed';
  const step: EvaluationStep = {
    kind: 'RESOURCE_POLICY',
    decision,
    deciding: denies.length ? denies : allows,
    counted: true,
  };
  return { step, selfAllows, roleAllows, accountAllows };
}
