/**
 * The policies a request brings (identity, permissions boundary, session, VPC endpoint, resource-based): checked for
 * size and syntax with a message that names the policy, compiled once per content, and evaluated as a set (any Deny
 * that applies denies; otherwise one Allow that applies allows; otherwise an implicit deny).
 *
 * AWS page: "Policy evaluation logic" ("How AWS enforcement code logic evaluates requests to allow or deny access"),
 * IAM User Guide.
 */
import type {
  Decision,
  DecidingStatement,
  EvaluatedPolicyKind,
  EvaluationStep,
  RequestPolicy,
} from '../../types';
import {
  CompiledPolicy,
  decidingStatement,
  getCompiledPolicy,
  statementMatches,
} from '../../compile';
import { PolicyEngineError, PolicyLimitError } from '../../errors';
import type { RequestContext } from '../../match';

/** Largest policy document taken (AWS's largest, a KMS key policy, is 32 KB). */
export const MAX_POLICY_CHARACTERS = 131072;
/** Most policies of one kind taken with a request. */
export const MAX_POLICIES_PER_KIND = 50;

const KIND_LABELS: Record<EvaluatedPolicyKind, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  IDENTITY_POLICY: 'identity policy',
  RESOURCE_POLICY: 'resource-based policy',
  PERMISSIONS_BOUNDARY: 'permissions boundary',
  SESSION_POLICY: 'session policy',
  VPC_ENDPOINT_POLICY: 'VPC endpoint policy',
};

/** How results name a kind of policy ("identity policy"). */
export function kindLabel(kind: EvaluatedPolicyKind): string {
  return KIND_LABELS[kind];
}

/** A request's policy, compiled, with the id results show. */
export interface RequestCompiled {
  compiled: CompiledPolicy;
  id: string;
}

/** Compiled request policies by the request's policy object: repeated requests skip the cache lookup by text. */
const compiledByObject = new WeakMap<
  RequestPolicy,
  {
    kind: EvaluatedPolicyKind;
    content: string;
    name: string;
    id?: string;
    compiled: RequestCompiled;
  }
>();

function compileOne(
  kind: EvaluatedPolicyKind,
  label: string,
  p: RequestPolicy,
  i: number,
): RequestCompiled {
  const name =
    typeof p?.name === 'string' && p.name ? p.name : `${label} #${i + 1}`;
  if (typeof p?.content !== 'string') {
    throw new PolicyEngineError(
      `The ${label} "${name}" has no content: give the policy document as JSON text.`,
    );
  }
  if (p.content.length > MAX_POLICY_CHARACTERS) {
    throw new PolicyLimitError(
      `The ${label} "${name}" is ${p.content.length} characters; the policy engine takes at most ${MAX_POLICY_CHARACTERS}.`,
    );
  }
  const id = p.id ?? name;
  const compiled = getCompiledPolicy({
    id: `request:${kind}:${id}`,
    name,
    content: p.content,
  });
  if (compiled.broken) {
    throw new PolicyEngineError(
      `The ${label} "${name}" is not a policy document: it must be a JSON object with a Statement (run lint-policy on it for details).`,
    );
  }
  return { compiled, id };
}

/**
 * Checks and compiles the request's policies of one kind. Throws PolicyEngineError naming the policy when it is
 * not a policy document, PolicyLimitError when it or the list is too large.
 */
export function compileRequestPolicies(
  kind: EvaluatedPolicyKind,
  policies: RequestPolicy[] | undefined,
): RequestCompiled[] | undefined {
  if (policies === undefined) return undefined;
  const label = kindLabel(kind);
  if (!Array.isArray(policies)) {
    throw new PolicyEngineError(
      `The ${label} list must be an array of { name, content }.`,
    );
  }
  if (policies.length > MAX_POLICIES_PER_KIND) {
    throw new PolicyLimitError(
      `${policies.length} ${label} documents were given; the policy engine takes at most ${MAX_POLICIES_PER_KIND}.`,
    );
  }
  return policies.map((p, i) => {
    const known = compiledByObject.get(p);
    if (
      known &&
      known.kind === kind &&
      known.content === p.content &&
      known.name === p.name &&
      known.id === p.id
    )
      return known.compiled;
    const compiled = compileOne(kind, label, p, i);
    if (p && typeof p === 'object')
      compiledByObject.set(p, {
        kind,
        content: p.content,
        name: p.name,
        id: p.id,
        compiled,
      });
    return compiled;
  });
}

/** The result's record of a statement of a request's policy. */
export function requestDeciding(
  p: RequestCompiled,
  st: CompiledPolicy['statements'][number],
): DecidingStatement {
  return { ...decidingStatement(p.compiled, st), policyId: p.id };
}

/** A set of policies of one kind, evaluated: any applying Deny denies, else any applying Allow allows. */
export function policySetStep(
  kind: EvaluatedPolicyKind,
  policies: RequestCompiled[],
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  wildcardOnly: boolean,
): EvaluationStep {
  const allows: DecidingStatement[] = [];
  const denies: DecidingStatement[] = [];
  for (const p of policies) {
    for (const st of p.compiled.statements) {
      if (st.effect === 'Allow' && allows.length > 0) continue;
      if (statementMatches(st, actionLower, resource, ctx, wildcardOnly)) {
        (st.effect === 'Deny' ? denies : allows).push(requestDeciding(p, st));
      }
    }
  }
  let decision: Decision = 'ImplicitDeny';
  if (denies.length) decision = 'ExplicitDeny';
  else if (allows.length) decision = 'Allowed';
  return {
    kind,
    decision,
    deciding: denies.length ? denies : allows,
    counted: true,
  };
}
