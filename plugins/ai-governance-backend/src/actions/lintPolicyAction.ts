/**
 * `ai-governance:lint-policy`: the linter's findings on a policy text before it is attached; nothing is stored.
 * Checks the permission of POST /lint.
 */
import {
  aiGovernancePolicyReadPermission,
  lintPolicyWithCatalog,
  policySize,
  toLintPolicyType,
} from '@internal/plugin-ai-governance-common';
import { audited, requirePermission } from './actionSupport';
import type { ReadActionContext } from './readActionContext';

/** Registers `ai-governance:lint-policy`. */
export function registerLintPolicyAction(context: ReadActionContext): void {
  const { actionsRegistry, permissions, auditor } = context;
  actionsRegistry.register({
    name: 'lint-policy',
    title: 'Lint an AWS Organizations policy',
    description: [
      'Checks the text of a service control policy (SCP), resource control policy (RCP), AI services opt-out policy or tag policy',
      'before it is attached: JSON and grammar errors, unknown actions and condition keys, size against the AWS quota,',
      'and the rules AWS enforces per policy type. Returns findings with line and column; an empty list means no problem found.',
      'Nothing is stored or attached.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z
          .object({
            content: z
              .string()
              .max(200_000)
              .describe('The policy document, as JSON text'),
            type: z
              .string()
              .refine(
                t => toLintPolicyType(t) !== undefined,
                'type is SCP, RCP, AISERVICES_OPT_OUT_POLICY or TAG_POLICY',
              )
              .describe('SCP, RCP, AISERVICES_OPT_OUT_POLICY or TAG_POLICY'),
            name: z
              .string()
              .max(128)
              .optional()
              .describe('The policy name, when it matters (RCPFullAWSAccess)'),
          })
          .strict(),
      output: z =>
        z.object({
          type: z.string(),
          size: z.number().describe('Characters as AWS counts them'),
          findings: z.array(
            z.object({
              code: z.string(),
              severity: z.string(),
              message: z.string(),
              line: z.number(),
              column: z.number(),
              statementIndex: z.number().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'action-lint-policy',
        { type: input.type },
        credentials,
        async () => {
          await requirePermission(
            permissions,
            credentials,
            aiGovernancePolicyReadPermission,
            'lint policies',
          );
          const type = toLintPolicyType(input.type)!;
          const catalog = await context.iamCatalog();
          const findings = await lintPolicyWithCatalog(input.content, {
            type,
            limits: context.limits,
            catalog,
            policyName: input.name,
          });
          return {
            output: {
              type,
              size: policySize(input.content),
              findings: findings.map(f => ({
                code: f.code,
                severity: f.severity,
                message: f.message,
                line: f.line,
                column: f.column,
                statementIndex: f.statementIndex,
              })),
            },
          };
        },
      ),
  });
}
