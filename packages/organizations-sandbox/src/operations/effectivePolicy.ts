/**
 * DescribeEffectivePolicy: an account's effective management policy of one type (AI services opt-out, tag, backup,
 * chat, declarative), merged from the root down with `computeEffectivePolicy`.
 */
import {
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { computeEffectivePolicy } from '../effectivePolicy';
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
    const levels = chain.map(t =>
      (store.attachments.get(t) ?? [])
        .map(pid => store.policies.get(pid)!)
        .filter(p => p.type === type)
        .map(p => p.content),
    );
    if (levels.every(l => l.length === 0))
      throw Errors.effectivePolicyNotFound();
    return {
      EffectivePolicy: {
        PolicyContent: JSON.stringify(computeEffectivePolicy(levels)),
        LastUpdatedTimestamp: seconds(now()),
        TargetId: targetId,
        PolicyType: type,
      },
    };
  });
}
