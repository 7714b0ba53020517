/**
 * `ai-governance:who-can`: which accounts of the organization the SCPs and RCPs allow one request, and where each
 * denied one is denied. With the principal's own policies, the resource's owner or policy (policyRequestParts.ts),
 * each account in turn is the request's target: the whole decision is made for it with simulate. Checks the
 * permission of POST /who-can.
 */
import {
  aiGovernancePolicyReadPermission,
  type EvaluateOptions,
  type OrgSnapshot,
  resolveTarget,
  simulate,
  type SimulationRequest,
  whoCan,
  type WhoCanAccount,
  type WhoCanResult,
} from '@internal/plugin-ai-governance-common';
import {
  actionInput,
  CONDITION_KEY_PATTERN,
  decidingOutput,
  decisionOutput,
  evaluating,
  policyEngine,
  type ReadActionContext,
} from './readActionContext';
import {
  hasRequestParts,
  type RequestParts,
  requestParts,
  requestPartsShape,
} from '../policyRequestParts';
import { decidedByOf, decidedByOutput } from './evaluationOutput';

/** An account id in an IAM or STS ARN's account field. */
const ARN_ACCOUNT = /^(arn:[^:]+:(?:iam|sts)::)\d{12}(:)/;

type DeniedAccount = WhoCanAccount & {
  decidedBy?: ReturnType<typeof decidedByOf>;
};

/** Who-can's result, each denied account with what decided. */
type WhoCanWithParts = Omit<WhoCanResult, 'denied'> & {
  denied: DeniedAccount[];
};

/**
 * Who-can with the request's parts: each account (under `under`) is the target in turn, its principal ARN (unless the
 * principal's account is given) moved into that account, and the whole decision made by simulate.
 */
export function whoCanWithParts(
  snapshot: OrgSnapshot,
  input: {
    action: string;
    resource?: string;
    context?: Record<string, string | string[]>;
    principalArn?: string;
    under?: string;
  },
  parts: RequestParts,
  evaluate: EvaluateOptions,
): WhoCanWithParts {
  const under = input.under
    ? resolveTarget(snapshot, input.under).id
    : undefined;
  const parentOf = new Map(snapshot.nodes.map(n => [n.id, n.parentId]));
  const isUnder = (id: string) => {
    for (let at: string | undefined = id; at; at = parentOf.get(at))
      if (at === under) return true;
    return false;
  };
  const accounts = snapshot.nodes.filter(
    n => n.kind === 'account' && (!under || isUnder(n.id)),
  );
  const movable = !parts.principal?.accountId;
  const allowed: WhoCanAccount[] = [];
  const denied: DeniedAccount[] = [];
  for (const a of accounts) {
    const inAccount = (arn?: string) =>
      arn && movable ? arn.replace(ARN_ACCOUNT, `$1${a.id}$2`) : arn;
    const request: SimulationRequest = {
      target: a.id,
      action: input.action,
      resource: input.resource,
      context: input.context,
      principalArn: inAccount(input.principalArn),
      ...parts,
    };
    if (parts.principal?.arn) {
      request.principal = {
        ...parts.principal,
        arn: inAccount(parts.principal.arn),
      };
    }
    const result = simulate(snapshot, request, evaluate);
    const entry = {
      id: a.id,
      name: a.name,
      parentId: a.parentId,
      decision: result.decision,
    };
    if (result.decision === 'Allowed') {
      allowed.push(entry);
      continue;
    }
    const by = result.decidedBy;
    const orgLevel =
      by?.node &&
      (by.kind === 'SERVICE_CONTROL_POLICY' ||
        by.kind === 'RESOURCE_CONTROL_POLICY')
        ? { nodeId: by.node.id, nodeName: by.node.name, policyType: by.kind }
        : undefined;
    denied.push({
      ...entry,
      ...(orgLevel ? { deniedAt: orgLevel } : {}),
      ...(orgLevel && by?.statement?.effect === 'Deny'
        ? {
            deniedBy: {
              ...by.statement,
              nodeId: orgLevel.nodeId,
              nodeName: orgLevel.nodeName,
            },
          }
        : {}),
      decidedBy: decidedByOf(by),
    });
  }
  return {
    action: input.action,
    resource: input.resource?.trim() || '*',
    allowed,
    denied,
    distinctChains: accounts.length,
  };
}

/** Registers `ai-governance:who-can`. */
export function registerWhoCanAction(context: ReadActionContext): void {
  const { actionsRegistry } = context;
  actionsRegistry.register({
    name: 'who-can',
    title: 'Which AWS accounts may do it?',
    description: [
      'Lists which accounts of the AWS organization the service and resource control policies allow to perform an action',
      '(like bedrock:InvokeModel) on a resource, and for each denied account the first level and statement that denies it.',
      'Optionally only the accounts under one OU (id or name). By default only organization policies are evaluated;',
      'give identityPolicies (and resourcePolicy, permissionsBoundary, sessionPolicies, vpcEndpointPolicy as they apply) to ask about a role with those policies in each account,',
      'principal.accountId for one fixed principal account (then each account is the resource’s account), resourceOwner.accountId for one fixed resource account.',
      'Give aws:RequestedRegion in context: organizations with a region lock deny requests that name no approved region.',
      'Use ai-governance:can-it for one account with its full explanation.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z.object({
          action: actionInput(z),
          resource: z
            .string()
            .max(2048)
            .optional()
            .describe('The resource ARN; default *'),
          context: z
            .record(
              z.string().regex(CONDITION_KEY_PATTERN),
              z.union([
                z.string().max(2048),
                z.array(z.string().max(2048)).max(100),
              ]),
            )
            .optional()
            .describe(
              'Request context keys, e.g. { "aws:RequestedRegion": "eu-west-1" }',
            ),
          under: z
            .string()
            .min(1)
            .max(256)
            .optional()
            .describe('Only accounts under this OU (id or name)'),
          principalArn: z
            .string()
            .max(2048)
            .optional()
            .describe(
              "The calling principal; its account id is replaced by each account's own, e.g. arn:aws:iam::111122223333:role/Admin asks about the role Admin in every account",
            ),
          ...requestPartsShape(z),
        }),
      output: z =>
        z.object({
          action: z.string(),
          resource: z.string(),
          allowed: z
            .array(z.object({ id: z.string(), name: z.string() }))
            .describe('Accounts the organization policies allow'),
          denied: z
            .array(
              z.object({
                id: z.string(),
                name: z.string(),
                decision: decisionOutput(z),
                deniedAt: z
                  .object({
                    nodeId: z.string(),
                    nodeName: z.string(),
                    policyType: z.string(),
                  })
                  .optional(),
                deniedBy: decidingOutput(z).optional(),
                decidedBy: decidedByOutput(z).optional(),
              }),
            )
            .describe('Accounts denied, with where and by which statement'),
          snapshotTime: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      evaluating(
        context,
        {
          eventId: 'action-who-can',
          meta: { action: input.action, under: input.under },
        },
        credentials,
        input.action,
        (view, evaluate) => {
          const parts = requestParts(input);
          const result: WhoCanWithParts = policyEngine(() =>
            hasRequestParts(parts)
              ? whoCanWithParts(view.snapshot, input, parts, evaluate)
              : whoCan(
                  view.snapshot,
                  {
                    action: input.action,
                    resource: input.resource,
                    context: input.context,
                    principalArn: input.principalArn,
                    under: input.under,
                  },
                  evaluate,
                ),
          );
          return {
            output: {
              action: result.action,
              resource: result.resource,
              allowed: result.allowed.map(a => ({ id: a.id, name: a.name })),
              denied: result.denied.map(a => ({
                id: a.id,
                name: a.name,
                decision: a.decision,
                deniedAt: a.deniedAt,
                deniedBy: a.deniedBy && {
                  policyId: a.deniedBy.policyId,
                  policyName: a.deniedBy.policyName,
                  statementIndex: a.deniedBy.statementIndex,
                  sid: a.deniedBy.sid,
                  effect: a.deniedBy.effect,
                },
                decidedBy: a.decidedBy,
              })),
              snapshotTime: view.snapshot.capturedAt,
            },
          };
        },
      ),
  });
}
