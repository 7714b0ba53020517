/**
 * Evaluating one chain of policies (root down to the account) for one request, as AWS Organizations does: exemptions
 * first, then level by level per policy type, and a sentence that explains the decision.
 */
import type { OrgNode, PolicyType } from '../../orgModel/types';
import { ARN_PATTERNS } from '../../orgModel/ids';
import type { Decision, DecidingStatement, LevelResult } from '../types';
import { decidingStatement, statementMatches } from '../compile';
import type { RequestContext } from '../match';
import { Level, levelsFor, SnapshotIndex } from './snapshotIndex';
import {
  ALWAYS_ALLOWED_ACTIONS,
  EVALUATED,
  RCP_SUPPORTED_SERVICES,
} from './tables';

/** Options of the evaluator. @public */
export interface EvaluateOptions {
  /** Services RCPs apply to; defaults to RCP_SUPPORTED_SERVICES. */
  rcpServices?: readonly string[];
  /**
   * Whether an action takes no resource (e.g. ec2:DescribeInstances), from the catalog. For such actions a request
   * for `*` is matched literally; for others, `*` asks "on some resource". Unknown actions count as taking resources.
   */
  isWildcardOnlyAction?: (action: string) => boolean;
}

/** One level of a chain: its verdict and the statements that decided it. */
export function evaluateLevel(
  level: Level,
  type: PolicyType,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  wildcardOnly: boolean,
): LevelResult {
  const allows: DecidingStatement[] = [];
  const denies: DecidingStatement[] = [];
  for (const policy of level.policies) {
    for (const st of policy.statements) {
      // One Allow is enough to decide and explain the level; only Denies matter after it.
      if (st.effect === 'Allow' && allows.length > 0) continue;
      if (statementMatches(st, actionLower, resource, ctx, wildcardOnly)) {
        (st.effect === 'Deny' ? denies : allows).push(
          decidingStatement(policy, st),
        );
      }
    }
  }
  let decision: Decision = 'ImplicitDeny';
  if (denies.length) decision = 'ExplicitDeny';
  else if (allows.length) decision = 'Allowed';
  return {
    node: level.node,
    policyType: type,
    decision,
    deciding: denies.length ? denies : allows,
  };
}

/** The verdict of a chain of levels: an explicit deny anywhere, else an implicit deny anywhere, else allowed. */
export function combine(decisions: Decision[]): Decision {
  if (decisions.includes('ExplicitDeny')) return 'ExplicitDeny';
  if (decisions.includes('ImplicitDeny')) return 'ImplicitDeny';
  return 'Allowed';
}

function isServiceLinkedRole(arn: string): boolean {
  return ARN_PATTERNS.serviceLinkedRole.test(arn);
}

/** The decision for one chain, per type and per level, and why policies did not apply. */
export interface ChainEvaluation {
  decision: Decision;
  byType: Partial<Record<PolicyType, Decision>>;
  levels: LevelResult[];
  exemptions: string[];
}

/** Decides one request against one chain of policies. */
export function evaluateChain(
  index: SnapshotIndex,
  path: OrgNode[],
  hypothetical: boolean,
  accountId: string,
  principalArn: string,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  options: EvaluateOptions,
): ChainEvaluation {
  const exemptions: string[] = [];
  const byType: Partial<Record<PolicyType, Decision>> = {};
  const levels: LevelResult[] = [];
  if (ALWAYS_ALLOWED_ACTIONS.includes(actionLower)) {
    return {
      decision: 'Allowed',
      byType: {},
      levels: [],
      exemptions: [
        `${actionLower.replace(
          'sts:getcalleridentity',
          'sts:GetCallerIdentity',
        )} needs no permission: AWS allows it even when a policy denies it.`,
      ],
    };
  }
  const management =
    accountId === index.snapshot.organization.managementAccountId;
  const slr = isServiceLinkedRole(principalArn);
  for (const type of EVALUATED) {
    if (!index.enabled.has(type)) continue;
    const label = type === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'RCPs';
    if (management) {
      exemptions.push(`${label} do not apply to the management account.`);
      continue;
    }
    if (slr) {
      exemptions.push(`${label} do not apply to service-linked roles.`);
      continue;
    }
    if (type === 'RESOURCE_CONTROL_POLICY') {
      const service = actionLower.slice(0, actionLower.indexOf(':'));
      if (!(options.rcpServices ?? RCP_SUPPORTED_SERVICES).includes(service)) {
        exemptions.push(`RCPs do not apply to ${service || 'this service'}.`);
        continue;
      }
    }
    const wildcardOnly = options.isWildcardOnlyAction?.(actionLower) ?? false;
    const typeLevels = levelsFor(index, path, type, hypothetical).map(l =>
      evaluateLevel(l, type, actionLower, resource, ctx, wildcardOnly),
    );
    levels.push(...typeLevels);
    byType[type] = combine(typeLevels.map(l => l.decision));
  }
  return {
    decision: combine(Object.values(byType) as Decision[]),
    byType,
    levels,
    exemptions,
  };
}

/** One sentence: why the request is allowed or denied for the subject. */
export function explain(
  result: ChainEvaluation,
  action: string,
  subject: string,
): string {
  const firstDeny = result.levels.find(l => l.decision === 'ExplicitDeny');
  if (firstDeny) {
    const d = firstDeny.deciding[0];
    return `${action} is denied for ${subject}: statement ${
      d.sid ? `"${d.sid}"` : `#${d.statementIndex}`
    } of ${d.policyName} (attached to ${firstDeny.node.name}) denies it.`;
  }
  const firstImplicit = result.levels.find(l => l.decision === 'ImplicitDeny');
  if (firstImplicit) {
    const kind =
      firstImplicit.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
    return `${action} is denied for ${subject}: no ${kind} attached to ${firstImplicit.node.name} allows it (an Allow is needed at every level).`;
  }
  if (result.levels.length === 0) {
    const why = result.exemptions.map(e => e.replace(/\.$/, '')).join('; ');
    return `${action} is allowed for ${subject}: no SCP or RCP applies${
      why ? ` (${why})` : ''
    }.`;
  }
  return `${action} is allowed for ${subject}: every level from the root down allows it and nothing denies it.`;
}
