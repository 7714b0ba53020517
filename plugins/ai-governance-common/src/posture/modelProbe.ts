/**
 * The probe the AI posture check and the catalog's AI details share: may an account invoke a Bedrock model in a
 * Region under its SCPs and RCPs, asked with the guardrail its Bedrock policy enforces there (or a stand-in of the
 * management account), so that an SCP that requires a guardrail does not hide the models it allows.
 */
import type { OrgSnapshot } from '../orgModel/types';
import { simulate } from '../policy/evaluate';
import type { EvaluateOptions } from '../policy/evaluate';

/**
 * The guardrail ARN probed in a Region where no Bedrock policy enforces one: a guardrail of the management account.
 * @public
 */
export function standInGuardrail(region: string, management: string): string {
  return `arn:aws:bedrock:${region}:${management}:guardrail/posture:1`;
}

/**
 * Whether the SCPs and RCPs let `accountId` call bedrock:InvokeModel on `model`'s foundation-model ARN in `region`
 * with `guardrail` as the request's guardrail identifier.
 * @public
 */
export function mayInvokeModel(
  snapshot: OrgSnapshot,
  probe: {
    accountId: string;
    region: string;
    model: string;
    guardrail: string;
  },
  evaluate?: EvaluateOptions,
): boolean {
  const { accountId, region, model, guardrail } = probe;
  return (
    simulate(
      snapshot,
      {
        target: accountId,
        action: 'bedrock:InvokeModel',
        resource: `arn:aws:bedrock:${region}::foundation-model/${model}`,
        context: {
          'aws:RequestedRegion': region,
          'bedrock:GuardrailIdentifier': guardrail,
        },
      },
      evaluate,
    ).decision === 'Allowed'
  );
}
