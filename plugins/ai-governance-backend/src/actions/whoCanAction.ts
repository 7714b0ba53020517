/**
 * `ai-governance:who-can`: which accounts of the organization may make one request, and where and by what each denied
 * one is denied. With the principal's own policies, the resource's owner or policy (policyRequestParts.ts), each
 * account in turn is the principal's account (and the resource's, unless fixed) and the whole decision is made for it
 * by -common's whoCan (accounts with the same chains decided once). Checks the permission of POST /who-can.
 */
import {
  aiGovernancePolicyReadPermission,
  whoCan,
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
import { decidedByOf, decidedByOutput } from './evaluationOutput';

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
      'give identityPolicies (and resourcePolicy, permissionsBoundary, sessionPolicies, vpcEndpointPolicy as they apply) to ask about a role with those policies in each account:',
      'each account is the principal’s account (its SCPs apply) and the resource’s account (its RCPs apply) unless resourceOwner.accountId (or the resource ARN) fixes the resource’s account;',
      'principal.accountId fixes the principal’s account instead (then each account is only the resource’s account).',
      'Give aws:RequestedRegion in context: organizations with a region lock deny requests that name no approved region.',
      'Use ai-governance:can-it for one account with its full explanation.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z
          .object({
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
          })
          // An unknown field is refused, not ignored: a misspelt `resouce` would answer for `*`.
          .strict(),
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
          const result = policyEngine(() =>
            whoCan(
              view.snapshot,
              {
                action: input.action,
                resource: input.resource,
                context: input.context,
                principalArn: input.principalArn,
                under: input.under,
                ...parts,
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
                decidedBy: decidedByOf(a.decidedBy),
              })),
              snapshotTime: view.snapshot.capturedAt,
            },
          };
        },
      ),
  });
}
