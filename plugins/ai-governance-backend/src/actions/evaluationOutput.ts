/**
 * The output pieces can-it and who-can share for the whole IAM decision: what decided (policy kind, org level,
 * statement) and each policy kind's verdict.
 */
import type { DecidingStep } from '@internal/plugin-ai-governance-common';
import { decidingOutput } from './readActionContext';

const KINDS = [
  'RESOURCE_CONTROL_POLICY',
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_POLICY',
  'IDENTITY_POLICY',
  'PERMISSIONS_BOUNDARY',
  'SESSION_POLICY',
  'VPC_ENDPOINT_POLICY',
] as const;

/** Output: the policy kind, org level and statement that decided. */
export const decidedByOutput = (z: any) =>
  z
    .object({
      kind: z
        .enum(KINDS)
        .describe(
          'The policy kind that decided: SCPs, RCPs, the resource-based policy, identity policies, boundary, session or VPC endpoint policy',
        ),
      nodeId: z
        .string()
        .optional()
        .describe(
          'For SCPs and RCPs: the root, OU or account the policy is attached to',
        ),
      nodeName: z.string().optional(),
      statement: decidingOutput(z)
        .extend({
          line: z.number().optional(),
          column: z.number().optional(),
        })
        .optional()
        .describe(
          'The statement that decided; absent for an implicit deny (nothing of this kind allows)',
        ),
    })
    .describe('What decided the answer');

/** Output: each policy kind's verdict, in AWS's evaluation order. */
export const stepsOutput = (z: any) =>
  z
    .array(
      z.object({
        kind: z.enum(KINDS),
        decision: z.enum([
          'Allowed',
          'ExplicitDeny',
          'ImplicitDeny',
          'NotApplicable',
        ]),
        counted: z
          .boolean()
          .describe('Whether this kind’s verdict limits the decision'),
        note: z.string().optional(),
      }),
    )
    .describe(
      'Each policy kind’s verdict; NotApplicable when not given or exempt',
    );

/** The decidedBy output of a result's deciding step. */
export function decidedByOf(step: DecidingStep | undefined) {
  if (!step) return undefined;
  const s = step.statement;
  return {
    kind: step.kind,
    nodeId: step.node?.id,
    nodeName: step.node?.name,
    statement: s && {
      policyId: s.policyId,
      policyName: s.policyName,
      statementIndex: s.statementIndex,
      sid: s.sid,
      effect: s.effect,
      line: s.line,
      column: s.column,
    },
  };
}
