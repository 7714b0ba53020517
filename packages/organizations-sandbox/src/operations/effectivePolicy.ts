/**
 * DescribeEffectivePolicy: an account's effective management policy of one type (every type but SCPs and RCPs),
 * merged from the root down by AWS's inheritance rules with the common package's `computeEffectivePolicy`.
 */
import {
  computeEffectivePolicy,
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import { optionalString, policyType } from '../wire/input';
import { seconds } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';

/** Policy types DescribeEffectivePolicy answers for: every management type (the SDK's EffectivePolicyType), not SCPs or RCPs. */
const EFFECTIVE_POLICY_TYPES: PolicyType[] = POLICY_TYPES.filter(
  t => POLICY_TYPE_FACTS[t].supportsEffectivePolicy,
);

export function registerEffectivePolicyOperations(
  table: OperationTable,
  { store, now }: OperationContext,
) {
  table.read('DescribeEffectivePolicy', input => {
    const type = policyType(input, 'PolicyType', EFFECTIVE_POLICY_TYPES);
    const targetId =
      optionalString(input, 'TargetId') ?? store.managementAccountId;
    const kind = store.targetKind(targetId);
    if (kind !== 'ACCOUNT') {
      throw Errors.invalidInput(
        'TARGET_NOT_SUPPORTED',
        'DescribeEffectivePolicy works on accounts only; specify an account id as TargetId.',
      );
    }
    if (!store.root.enabledPolicyTypes.includes(type))
      throw Errors.effectivePolicyNotFound();
    const chain: string[] = [];
    let id: string | undefined = targetId;
    while (id) {
      chain.unshift(id);
      id =
        id === store.root.id
          ? undefined
          : store.accounts.get(id)?.parentId ?? store.ous.get(id)?.parentId;
    }
    const levels = chain.map(t => ({
      nodeId: t,
      nodeName: t,
      policies: (store.attachments.get(t) ?? []).map(
        pid => store.policies.get(pid)!,
      ),
    }));
    const { effective } = computeEffectivePolicy(levels, type);
    if (!effective) throw Errors.effectivePolicyNotFound();
    return {
      EffectivePolicy: {
        PolicyContent: JSON.stringify(effective),
        LastUpdatedTimestamp: seconds(now()),
        TargetId: targetId,
        PolicyType: type,
      },
    };
  });
}
