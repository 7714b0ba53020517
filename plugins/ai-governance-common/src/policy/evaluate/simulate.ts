/**
 * simulate(): decides one request as AWS does, with every policy kind the request gives (RCPs, SCPs, resource-based,
 * identity-based, permissions boundary, session, VPC endpoint), the principal and resource each in its own account,
 * and the result's per-kind steps, deciding step, resolved accounts and derived context.
 */
import type { OrgSnapshot } from '../../orgModel/types';
import type {
  Decision,
  EvaluationStep,
  SimulationRequest,
  SimulationResult,
} from '../types';
import { PolicyEngineError, PolicyLimitError } from '../errors';
import { MATCH_LIMITS } from '../match';
import { EvaluateOptions, explain } from './chain';
import { checkRequestLengths, normalizeAction } from './context';
import { decide, RequestSteps } from './decide';
import {
  kindLabel,
  compileRequestPolicies,
  policySetStep,
} from './levels/requestPolicies';
import { notEvaluated } from './levels/notEvaluated';
import { rcpStep, scpStep } from './levels/orgPolicies';
import { resourcePolicyStep } from './levels/resourcePolicy';
import { RequestParts, resolvedAccounts, resolveParts } from './parts';
import { buildRequestContext } from './requestContext';
import { indexSnapshot, resolveTarget } from './snapshotIndex';
import { ALWAYS_ALLOWED_ACTIONS } from './tables';

function checkTags(what: string, tags: unknown) {
  if (tags === undefined) return;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw new PolicyEngineError(
      `${what} must be an object of tag keys to string values.`,
    );
  }
  const max = MATCH_LIMITS.maxValueLength;
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string') {
      throw new PolicyEngineError(
        `${what}: the tag ${k.slice(0, 100)} must have a string value.`,
      );
    }
    if (k.length > max || v.length > max) {
      throw new PolicyLimitError(
        `${what}: the tag ${k.slice(
          0,
          100,
        )} is longer than the ${max} characters the policy engine takes.`,
      );
    }
  }
}

/** Whether the request names anything beyond an SCP/RCP question about one account (then results say more). */
function isOrgOnly(request: SimulationRequest, parts: RequestParts): boolean {
  return (
    request.identityPolicies === undefined &&
    request.resourcePolicy === undefined &&
    request.permissionsBoundary === undefined &&
    request.sessionPolicies === undefined &&
    request.vpcEndpointPolicy === undefined &&
    parts.principal.kind === 'iam' &&
    !parts.crossAccount
  );
}

/**
 * Decides one request as AWS does. A request with only SCPs and RCPs in play (no policy of its own) is decided as
 * before: the principal's own policies are assumed to allow. Throws PolicyEngineError for an unknown target or
 * account, a malformed action, or a policy that is not a policy document.
 * @public
 */
export function simulate(
  snapshot: OrgSnapshot,
  request: SimulationRequest,
  options: EvaluateOptions = {},
): SimulationResult {
  checkRequestLengths(request);
  checkTags('principal.tags', request.principal?.tags);
  checkTags('resourceOwner.tags', request.resourceOwner?.tags);
  const index = indexSnapshot(snapshot);
  const target = resolveTarget(snapshot, request.target);
  const actionLower = normalizeAction(request.action);
  const resource = request.resource?.trim() || '*';
  const parts = resolveParts(index, target, request, resource);
  const identity = compileRequestPolicies(
    'IDENTITY_POLICY',
    request.identityPolicies,
  );
  const resourcePolicy = compileRequestPolicies(
    'RESOURCE_POLICY',
    request.resourcePolicy === undefined ? undefined : [request.resourcePolicy],
  )?.[0];
  const boundary = compileRequestPolicies(
    'PERMISSIONS_BOUNDARY',
    request.permissionsBoundary === undefined
      ? undefined
      : [request.permissionsBoundary],
  );
  const session = compileRequestPolicies(
    'SESSION_POLICY',
    request.sessionPolicies,
  );
  const vpce = compileRequestPolicies(
    'VPC_ENDPOINT_POLICY',
    request.vpcEndpointPolicy === undefined
      ? undefined
      : [request.vpcEndpointPolicy],
  );
  const { ctx, derived } = buildRequestContext(snapshot, parts, request);
  const accounts = resolvedAccounts(parts);
  const p = parts.principal;

  const subject = parts.resourceAccount.hypothetical
    ? `a new account in ${target.name}`
    : `${target.name} (${target.id})`;
  if (ALWAYS_ALLOWED_ACTIONS.includes(actionLower) && p.kind === 'iam') {
    const exemptions = [
      `${actionLower.replace(
        'sts:getcalleridentity',
        'sts:GetCallerIdentity',
      )} needs no permission: AWS allows it even when a policy denies it.`,
    ];
    return {
      decision: 'Allowed',
      byType: {},
      levels: [],
      explanation: explain(
        { decision: 'Allowed', byType: {}, levels: [], exemptions },
        request.action,
        subject,
      ),
      exemptions,
      steps: [],
      accounts,
      derivedContext: derived,
    };
  }

  const wildcardOnly = options.isWildcardOnlyAction?.(actionLower) ?? false;
  const rcp = rcpStep(
    index,
    parts,
    actionLower,
    ctx,
    options,
    !!request.resourceOwner?.awsManagedKmsKey,
  );
  const scp = scpStep(index, parts, actionLower, ctx, options);
  const steps: RequestSteps = { rcp: rcp.step, scp: scp.step };
  let notIam: string | undefined;
  if (p.kind === 'anonymous') notIam = 'does not apply to an anonymous request';
  else if (p.kind === 'service')
    notIam = `does not apply to the service principal ${p.service}`;
  const root = p.kind === 'iam' && p.type === 'Account';
  const personal = (
    kind: EvaluationStep['kind'],
    policies: typeof identity,
  ): EvaluationStep | undefined => {
    if (!policies) return undefined;
    if (notIam) return notEvaluated(kind, `The ${kindLabel(kind)} ${notIam}.`);
    if (root)
      return notEvaluated(
        kind,
        `The account root user has full access: no ${kindLabel(
          kind,
        )} applies to it (SCPs and RCPs still do).`,
      );
    return policySetStep(
      kind,
      policies,
      actionLower,
      resource,
      ctx,
      wildcardOnly,
    );
  };
  if (resourcePolicy) {
    steps.resource = resourcePolicyStep(
      resourcePolicy,
      p,
      actionLower,
      resource,
      ctx,
      wildcardOnly,
      !!boundary,
    );
  }
  steps.identity = personal('IDENTITY_POLICY', identity);
  steps.boundary = personal('PERMISSIONS_BOUNDARY', boundary);
  steps.session = personal('SESSION_POLICY', session);
  if (vpce) {
    steps.vpce =
      p.kind === 'service'
        ? notEvaluated(
            'VPC_ENDPOINT_POLICY',
            'A service principal does not call through your VPC endpoint.',
          )
        : policySetStep(
            'VPC_ENDPOINT_POLICY',
            vpce,
            actionLower,
            resource,
            ctx,
            wildcardOnly,
          );
  }
  const outcome = decide(parts, steps, actionLower);

  const orgSteps = [scp.step, rcp.step];
  const byType: SimulationResult['byType'] = {};
  for (const s of orgSteps) {
    if (s.levels)
      byType[s.kind as 'SERVICE_CONTROL_POLICY'] = s.decision as Decision;
  }
  const levels = orgSteps.flatMap(s => s.levels ?? []);
  const exemptions = [scp.exemption, rcp.exemption].filter(
    (e): e is string => !!e,
  );
  const allSteps: EvaluationStep[] = [
    steps.rcp,
    steps.scp,
    steps.resource?.step ??
      notEvaluated('RESOURCE_POLICY', 'Not given with the request.'),
    steps.identity ??
      notEvaluated(
        'IDENTITY_POLICY',
        notIam
          ? `Identity-based policies ${notIam}.`
          : "Not given: the principal's own policies are assumed to allow.",
      ),
    steps.boundary ??
      notEvaluated('PERMISSIONS_BOUNDARY', 'Not given with the request.'),
    steps.session ??
      notEvaluated('SESSION_POLICY', 'Not given with the request.'),
    steps.vpce ??
      notEvaluated('VPC_ENDPOINT_POLICY', 'Not given with the request.'),
  ];
  let explanation: string;
  const orgDecided =
    !outcome.decidedBy ||
    outcome.decidedBy.kind === 'SERVICE_CONTROL_POLICY' ||
    outcome.decidedBy.kind === 'RESOURCE_CONTROL_POLICY';
  if (isOrgOnly(request, parts) && orgDecided) {
    explanation = explain(
      { decision: outcome.decision, byType, levels, exemptions },
      request.action,
      subject,
    );
  } else {
    explanation = explainOutcome(request.action, parts, outcome);
  }
  const out: SimulationResult = {
    decision: outcome.decision,
    byType,
    levels,
    explanation,
    steps: allSteps,
    accounts,
    derivedContext: derived,
  };
  if (exemptions.length) out.exemptions = exemptions;
  if (outcome.decidedBy) out.decidedBy = outcome.decidedBy;
  return out;
}

function explainOutcome(
  action: string,
  parts: RequestParts,
  outcome: ReturnType<typeof decide>,
): string {
  const p = parts.principal;
  let who = 'an anonymous principal';
  if (p.kind === 'iam') who = p.arn;
  else if (p.kind === 'service') who = p.service;
  const where = `${parts.resource} in ${parts.resourceAccount.id}${
    parts.resourceAccount.path ? '' : ' (outside the organization)'
  }`;
  const verdict = outcome.decision === 'Allowed' ? 'allowed' : 'denied';
  const by = outcome.decidedBy;
  const head = `${action} by ${who} on ${where} is ${verdict}`;
  if (by?.statement) {
    const s = by.statement;
    return `${head}: statement ${
      s.sid ? `"${s.sid}"` : `#${s.statementIndex}`
    } of the ${kindLabel(by.kind)} ${s.policyName}${
      by.node ? ` (attached to ${by.node.name})` : ''
    } ${s.effect === 'Deny' ? 'denies' : 'allows'} it (${outcome.why}).`;
  }
  if (by?.node) {
    return `${head}: no ${kindLabel(by.kind)} attached to ${
      by.node.name
    } allows it (${outcome.why}).`;
  }
  return `${head}: ${outcome.why}.`;
}
