/**
 * The organization's steps of a request: RCPs of the resource's account and SCPs of the principal's account, each
 * level by level from the root, with the exemptions AWS documents (management account, service-linked roles,
 * accounts outside the organization, principals that are not IAM identities, services RCPs do not cover, AWS-managed
 * KMS keys).
 *
 * AWS pages: "Service control policies (SCPs)" and "Resource control policies (RCPs)" in the AWS Organizations User
 * Guide; "Resource control policies in AWS KMS" in the AWS KMS Developer Guide.
 */
import type { EvaluationStep, LevelResult } from '../../types';
import type { RequestContext } from '../../match';
import type { EvaluateOptions } from '../chain';
import { combine, evaluateLevel } from '../chain';
import type { AccountRef, RequestParts } from '../parts';
import { levelsFor, SnapshotIndex } from '../snapshotIndex';
import { RCP_SUPPORTED_SERVICES } from '../tables';
import { notEvaluated } from './notEvaluated';

/** A step of the organization's policies, and the exemption sentence when it did not apply. */
export interface OrgStep {
  step: EvaluationStep;
  /** The sentence for SimulationResult.exemptions, when a type is enabled but does not apply. */
  exemption?: string;
}

function chainStep(
  index: SnapshotIndex,
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
  account: AccountRef,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  wildcardOnly: boolean,
): EvaluationStep {
  const levels: LevelResult[] = levelsFor(
    index,
    account.path!,
    type,
    account.hypothetical,
  ).map(l => evaluateLevel(l, type, actionLower, resource, ctx, wildcardOnly));
  const decision = combine(levels.map(l => l.decision));
  let deciding: EvaluationStep['deciding'] = [];
  if (decision === 'ExplicitDeny') {
    deciding = levels
      .filter(l => l.decision === 'ExplicitDeny')
      .flatMap(l => l.deciding);
  } else if (decision === 'Allowed') {
    deciding = levels[levels.length - 1].deciding;
  }
  return { kind: type, decision, deciding, levels, counted: true };
}

/**
 * RCPs: they govern resources of member accounts in the organization, for the services that support them; not
 * resources in the management account or outside the organization, not requests made by service-linked roles, not
 * AWS-managed KMS keys.
 */
export function rcpStep(
  index: SnapshotIndex,
  parts: RequestParts,
  actionLower: string,
  ctx: RequestContext,
  options: EvaluateOptions,
  awsManagedKmsKey: boolean,
): OrgStep {
  const kind = 'RESOURCE_CONTROL_POLICY';
  if (!index.enabled.has(kind))
    return {
      step: notEvaluated(kind, 'RCPs are not enabled in the organization.'),
    };
  const account = parts.resourceAccount;
  const skip = (why: string) => ({
    step: notEvaluated(kind, why),
    exemption: why,
  });
  if (!account.path)
    return skip(
      `RCPs do not apply: the resource's account ${account.id} is outside the organization.`,
    );
  if (account.management)
    return skip('RCPs do not apply to the management account.');
  if (parts.principal.kind === 'iam' && parts.principal.serviceLinked)
    return skip('RCPs do not apply to service-linked roles.');
  const service = actionLower.slice(0, actionLower.indexOf(':'));
  if (!(options.rcpServices ?? RCP_SUPPORTED_SERVICES).includes(service))
    return skip(`RCPs do not apply to ${service || 'this service'}.`);
  if (awsManagedKmsKey)
    return skip('RCPs do not apply to AWS managed KMS keys.');
  const wildcardOnly = options.isWildcardOnlyAction?.(actionLower) ?? false;
  return {
    step: chainStep(
      index,
      kind,
      account,
      actionLower,
      parts.resource,
      ctx,
      wildcardOnly,
    ),
  };
}

/**
 * SCPs: they govern IAM users and roles (root users included) of member accounts in the organization; not the
 * management account, not service-linked roles, not principals outside the organization, not service principals or
 * anonymous requests.
 */
export function scpStep(
  index: SnapshotIndex,
  parts: RequestParts,
  actionLower: string,
  ctx: RequestContext,
  options: EvaluateOptions,
): OrgStep {
  const kind = 'SERVICE_CONTROL_POLICY';
  if (!index.enabled.has(kind))
    return {
      step: notEvaluated(kind, 'SCPs are not enabled in the organization.'),
    };
  const p = parts.principal;
  if (p.kind === 'anonymous')
    return {
      step: notEvaluated(kind, 'SCPs do not apply to anonymous requests.'),
    };
  if (p.kind === 'service')
    return {
      step: notEvaluated(
        kind,
        `SCPs do not apply to the service principal ${p.service}.`,
      ),
    };
  const skip = (why: string) => ({
    step: notEvaluated(kind, why),
    exemption: why,
  });
  if (!p.account.path)
    return skip(
      `SCPs do not apply: the principal's account ${p.account.id} is outside the organization.`,
    );
  if (p.account.management)
    return skip('SCPs do not apply to the management account.');
  if (p.serviceLinked)
    return skip('SCPs do not apply to service-linked roles.');
  const wildcardOnly = options.isWildcardOnlyAction?.(actionLower) ?? false;
  return {
    step: chainStep(
      index,
      kind,
      p.account,
      actionLower,
      parts.resource,
      ctx,
      wildcardOnly,
    ),
  };
}
