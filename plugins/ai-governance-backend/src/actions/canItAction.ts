/**
 * `ai-governance:can-it`: may one account perform one request under the organization's SCPs and RCPs (and, when
 * given, the principal's identity policies, the resource's policy, a boundary, session and VPC endpoint policies,
 * with principal and resource in different accounts); the decision, its explanation and the deciding statements.
 * Checks the permission of POST /simulate.
 */
import {
  aiGovernancePolicyReadPermission,
  simulate,
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
import { requestParts, requestPartsShape } from '../policyRequestParts';
import { decidedByOutput, decidedByOf, stepsOutput } from './evaluationOutput';

/** Registers `ai-governance:can-it`. */
export function registerCanItAction(context: ReadActionContext): void {
  const { actionsRegistry } = context;
  actionsRegistry.register({
    name: 'can-it',
    title: 'Can this AWS account do it?',
    description: [
      'Answers whether the service and resource control policies of the AWS organization allow one request from one account:',
      'may account X perform action A (like bedrock:InvokeModel) on resource R, with the given request context (like aws:RequestedRegion)?',
      'Returns the decision, a one-sentence explanation and the statement that decided it (the Deny that matched, or the level with no Allow).',
      'By default only organization policies are evaluated (IAM policies inside the account can still deny what this allows);',
      'to decide the whole IAM question, give the principal’s identityPolicies and, as they apply, resourcePolicy, permissionsBoundary, sessionPolicies and vpcEndpointPolicy (JSON documents),',
      'and principal.accountId / resourceOwner.accountId when the principal and the resource are in different accounts (inside or outside the organization): SCPs then come from the principal’s account and RCPs from the resource’s.',
      'decidedBy names the policy kind, level and statement that decided.',
      'The account may be given by its 12-digit id or its name; an OU id or name asks about a new account placed directly in that OU.',
      'Give aws:RequestedRegion in context: organizations with a region lock deny requests that name no approved region.',
      'Use ai-governance:who-can to ask about every account at once.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z
          .object({
            account: z
              .string()
              .min(1)
              .max(256)
              .describe(
                'The account id (123456789012) or name; or an OU id or name for a hypothetical new account in it',
              ),
            action: actionInput(z),
            resource: z
              .string()
              .max(2048)
              .optional()
              .describe(
                'The resource ARN, e.g. arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0; default *',
              ),
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
            principalArn: z
              .string()
              .max(2048)
              .optional()
              .describe('The calling principal; default a role in the account'),
            ...requestPartsShape(z),
          })
          // An unknown field is refused, not ignored: a misspelt `resouce` would answer for `*`.
          .strict(),
      output: z =>
        z.object({
          decision: decisionOutput(z),
          explanation: z.string(),
          decidingStatements: z
            .array(
              decidingOutput(z).extend({
                nodeId: z.string(),
                nodeName: z.string(),
                policyType: z.string(),
              }),
            )
            .describe(
              'The statements that decided: the Deny that matched, or the Allows that let it through',
            ),
          byType: z.record(z.string(), z.string()),
          decidedBy: decidedByOutput(z).optional(),
          steps: stepsOutput(z).optional(),
          accounts: z
            .object({
              principal: z
                .object({
                  id: z.string(),
                  name: z.string().optional(),
                  inOrganization: z.boolean(),
                })
                .optional(),
              resource: z.object({
                id: z.string(),
                name: z.string().optional(),
                inOrganization: z.boolean(),
              }),
              crossAccount: z.boolean(),
            })
            .optional()
            .describe('The principal’s and the resource’s accounts'),
          exemptions: z.array(z.string()).optional(),
          snapshotTime: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      evaluating(
        context,
        {
          eventId: 'action-can-it',
          meta: { account: input.account, action: input.action },
        },
        credentials,
        input.action,
        (view, evaluate) => {
          const result = policyEngine(() =>
            simulate(
              view.snapshot,
              {
                target: input.account,
                action: input.action,
                resource: input.resource,
                context: input.context,
                principalArn: input.principalArn,
                ...requestParts(input),
              },
              evaluate,
            ),
          );
          const decisive = result.levels.filter(l =>
            result.decision === 'Allowed'
              ? l.decision === 'Allowed'
              : l.decision !== 'Allowed',
          );
          return {
            output: {
              decision: result.decision,
              explanation: result.explanation,
              decidingStatements: (result.decision === 'Allowed'
                ? decisive
                : decisive.slice(0, 1)
              ).flatMap(l =>
                l.deciding.map(d => ({
                  policyId: d.policyId,
                  policyName: d.policyName,
                  statementIndex: d.statementIndex,
                  sid: d.sid,
                  effect: d.effect,
                  nodeId: l.node.id,
                  nodeName: l.node.name,
                  policyType: l.policyType,
                })),
              ),
              byType: result.byType as Record<string, string>,
              decidedBy: decidedByOf(result.decidedBy),
              steps: result.steps?.map(s => ({
                kind: s.kind,
                decision: s.decision,
                counted: s.counted,
                note: s.note,
              })),
              accounts: result.accounts,
              exemptions: result.exemptions,
              snapshotTime: view.snapshot.capturedAt,
            },
          };
        },
      ),
  });
}
