/**
 * Combines the steps of a request into AWS's decision, in AWS's documented order: an explicit Deny in any policy;
 * then RCPs and SCPs must allow; then the grant: within one account a resource-based policy OR the identity-based
 * policies (within the permissions boundary and the session policies), across accounts the resource-based policy AND
 * the identity side; then the VPC endpoint policy must allow. Also picks the one deciding step.
 *
 * AWS pages (IAM User Guide): "Policy evaluation logic" and its "How AWS enforcement code logic evaluates requests to
 * allow or deny access"; "Cross-account policy evaluation logic"; "Permissions boundaries for IAM entities"
 * (resource-based policies naming a user or a session are not limited by the boundary, those naming a role are);
 * "Session policies" in "Policies and permissions in IAM"; "Key policies in AWS KMS" (a key policy must allow, the
 * account principal in it enables IAM policies); "IAM roles: trust policies" (the trust policy must allow). Resources
 * AWS owns (levels/awsOwned.ts) are refused after explicit denies.
 */
import type {
  Decision,
  DecidingStep,
  EvaluatedPolicyKind,
  EvaluationStep,
} from '../types';
import type { RequestParts } from './parts';
import type { ResourcePolicyAnalysis } from './levels/resourcePolicy';
import { awsOwnedRefusal } from './levels/awsOwned';

/** Every step of a request, before combining. Steps left out were not given (or do not apply). */
export interface RequestSteps {
  rcp: EvaluationStep;
  scp: EvaluationStep;
  resource?: ResourcePolicyAnalysis;
  identity?: EvaluationStep;
  boundary?: EvaluationStep;
  session?: EvaluationStep;
  vpce?: EvaluationStep;
}

/** The decision and the step that decided it. */
export interface Outcome {
  decision: Decision;
  decidedBy?: DecidingStep;
  /** A sentence about the grant (which side allowed, or which is missing), for the explanation. */
  why: string;
}

/**
 * Whether the resource-based policy must allow even within the account: a KMS key policy (the account principal in
 * it lets IAM policies grant) and a role's trust policy.
 */
export function resourcePolicyRequired(
  actionLower: string,
  resource: string,
): boolean {
  const service = actionLower.slice(0, actionLower.indexOf(':'));
  if (service === 'kms') return /:key\//.test(resource);
  if (service === 'sts') return /:role\//.test(resource);
  return false;
}

function stepDecidedBy(step: EvaluationStep, decision: Decision): DecidingStep {
  const out: DecidingStep = { kind: step.kind };
  if (step.levels) {
    const level = step.levels.find(l => l.decision === decision);
    if (level) {
      out.node = level.node;
      if (level.deciding[0]) out.statement = level.deciding[0];
    }
    return out;
  }
  if (step.deciding[0]) out.statement = step.deciding[0];
  return out;
}

const ok = (s: EvaluationStep | undefined) =>
  !s || !s.counted || s.decision === 'Allowed';

function uncount(step: EvaluationStep | undefined, note: string) {
  if (step && step.counted) {
    step.counted = false;
    step.note = note;
  }
}

/** Decides a request from its steps (it may mark steps that AWS lets another stand in for as not counted). */
export function decide(
  parts: RequestParts,
  steps: RequestSteps,
  actionLower: string,
): Outcome {
  const ordered = [
    steps.rcp,
    steps.scp,
    steps.resource?.step,
    steps.identity,
    steps.boundary,
    steps.session,
    steps.vpce,
  ].filter((s): s is EvaluationStep => !!s);
  const deny = ordered.find(s => s.counted && s.decision === 'ExplicitDeny');
  if (deny) {
    return {
      decision: 'ExplicitDeny',
      decidedBy: stepDecidedBy(deny, 'ExplicitDeny'),
      why: 'an explicit Deny overrides every Allow',
    };
  }
  const owned = awsOwnedRefusal(actionLower, parts.resource);
  if (owned) {
    // No Allow lifts it; the resource (AWS's own) is what refuses, so the resource step is named.
    return {
      decision: 'ImplicitDeny',
      decidedBy: { kind: 'RESOURCE_POLICY' },
      why: owned,
    };
  }
  for (const s of [steps.rcp, steps.scp]) {
    if (s.counted && s.decision === 'ImplicitDeny') {
      return {
        decision: 'ImplicitDeny',
        decidedBy: stepDecidedBy(s, 'ImplicitDeny'),
        why: 'an Allow is needed at every level',
      };
    }
  }
  const grant = decideGrant(parts, steps, actionLower);
  if (grant.decision !== 'Allowed') return grant;
  if (steps.vpce && !ok(steps.vpce)) {
    return {
      decision: 'ImplicitDeny',
      decidedBy: stepDecidedBy(steps.vpce, 'ImplicitDeny'),
      why: 'the VPC endpoint policy must allow the request too',
    };
  }
  return grant;
}

const denied = (kind: EvaluatedPolicyKind, why: string): Outcome => ({
  decision: 'ImplicitDeny',
  decidedBy: { kind },
  why,
});

function decideGrant(
  parts: RequestParts,
  steps: RequestSteps,
  actionLower: string,
): Outcome {
  const rp = steps.resource;
  const p = parts.principal;
  if (p.kind !== 'iam') {
    const who =
      p.kind === 'anonymous'
        ? 'an anonymous request'
        : `the service principal ${p.service}`;
    if (!rp)
      return denied(
        'RESOURCE_POLICY',
        `only a resource-based policy can allow ${who}, and none was given`,
      );
    if (!rp.selfAllows.length)
      return denied(
        'RESOURCE_POLICY',
        `only a resource-based policy can allow ${who}, and it does not`,
      );
    return {
      decision: 'Allowed',
      decidedBy: { kind: 'RESOURCE_POLICY', statement: rp.selfAllows[0] },
      why: `the resource-based policy allows ${who}`,
    };
  }
  const identityOk = ok(steps.identity);
  const boundaryOk = ok(steps.boundary);
  const sessionOk = ok(steps.session);
  const identityAllowed: DecidingStep | undefined =
    steps.identity?.counted && steps.identity.deciding[0]
      ? { kind: 'IDENTITY_POLICY', statement: steps.identity.deciding[0] }
      : undefined;
  const failing = (): Outcome => {
    if (!identityOk)
      return denied('IDENTITY_POLICY', 'no identity-based policy allows it');
    if (!boundaryOk)
      return denied(
        'PERMISSIONS_BOUNDARY',
        'the permissions boundary does not allow it',
      );
    return denied('SESSION_POLICY', 'no session policy allows it');
  };
  if (parts.crossAccount) {
    const allows = rp
      ? [...rp.selfAllows, ...rp.roleAllows, ...rp.accountAllows]
      : [];
    if (rp && !allows.length)
      return denied(
        'RESOURCE_POLICY',
        `across accounts the resource-based policy in ${parts.resourceAccount.id} must allow the principal, and it does not`,
      );
    if (!identityOk || !boundaryOk || !sessionOk) return failing();
    return {
      decision: 'Allowed',
      decidedBy:
        identityAllowed ??
        (rp
          ? { kind: 'RESOURCE_POLICY', statement: allows[0] }
          : orgAllow(steps)),
      why: rp
        ? "across accounts both the resource-based policy and the principal's own policies allow it"
        : 'no resource-based policy was given, so the resource side is assumed to allow',
    };
  }
  // Same account: a resource-based policy naming the principal (or "*") is enough on its own; one naming the role of a
  // session still needs the boundary and session policies; the identity side needs the resource's consent only for
  // KMS keys and role trust policies.
  if (rp?.selfAllows.length) {
    if (!identityOk || !boundaryOk || !sessionOk) {
      const note =
        'not needed: within one account the resource-based policy grants the principal itself';
      uncount(steps.identity, note);
      uncount(steps.boundary, note);
      uncount(steps.session, note);
    }
    return {
      decision: 'Allowed',
      decidedBy: { kind: 'RESOURCE_POLICY', statement: rp.selfAllows[0] },
      why: 'within one account the resource-based policy alone can allow',
    };
  }
  if (rp?.roleAllows.length && boundaryOk && sessionOk) {
    if (!identityOk)
      uncount(
        steps.identity,
        'not needed: within one account the resource-based policy grants the role',
      );
    return {
      decision: 'Allowed',
      decidedBy: { kind: 'RESOURCE_POLICY', statement: rp.roleAllows[0] },
      why: 'within one account the resource-based policy grants the role (within its boundary and session policies)',
    };
  }
  const required = !!rp && resourcePolicyRequired(actionLower, parts.resource);
  if (required && !rp!.accountAllows.length)
    return denied(
      'RESOURCE_POLICY',
      'the key policy or trust policy must allow the principal or its account, and it does not',
    );
  if (!identityOk || !boundaryOk || !sessionOk) return failing();
  return {
    decision: 'Allowed',
    decidedBy:
      identityAllowed ??
      (required
        ? { kind: 'RESOURCE_POLICY', statement: rp!.accountAllows[0] }
        : orgAllow(steps)),
    why: steps.identity
      ? 'an identity-based policy allows it'
      : "no identity-based policy was given, so the principal's own policies are assumed to allow",
  };
}

/** For requests that gave no policy of their own: the account level's SCP Allow (else the RCP's). */
function orgAllow(steps: RequestSteps): DecidingStep | undefined {
  for (const s of [steps.scp, steps.rcp]) {
    if (s.counted && s.levels?.length) {
      const last = s.levels[s.levels.length - 1];
      return { kind: s.kind, node: last.node, statement: last.deciding[0] };
    }
  }
  return undefined;
}
