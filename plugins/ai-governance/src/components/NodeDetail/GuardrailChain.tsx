/* The inherited guardrails of a node as a chain of levels, root first, each with its policies. */
import type {
  InheritedLevel,
  PolicyType,
} from '@internal/plugin-ai-governance-common';
import { Link, Text } from '@backstage/ui';
import { POLICY_TYPE_LABELS } from '../../lib/tree';
import { KindBadge, PolicyChip } from '../chips';
import { useLinks } from '../links';
import { StepListItem } from '../StepListItem';

/**
 * The inherited policies as a vertical chain of levels, root at the top and the node itself at the bottom, each
 * level with the policies attached there: where every guardrail comes from, at a glance.
 */
export function GuardrailChain(props: {
  levels: InheritedLevel[];
  /** Said beside the last level; by default "(this node)" or "(this account)". */
  lastLabel?: string;
}) {
  const links = useLinks();
  const { levels } = props;
  return (
    <ol
      aria-label="Guardrails by level"
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {levels.map((level, i) => {
        const last = i === levels.length - 1;
        const byType = new Map<PolicyType, typeof level.policies>();
        for (const p of level.policies) {
          byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
        }
        return (
          <StepListItem
            key={level.node.id}
            aria-label={`Level ${i + 1}: ${level.node.name}`}
            last={last}
            spacing={16}
          >
            <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
              <KindBadge kind={level.node.kind} />
              <Link href={links.node(level.node.id)} weight="bold">
                {level.node.name}
              </Link>
              {last && (
                <Text variant="body-x-small" color="secondary">
                  {props.lastLabel ??
                    `(this ${
                      level.node.kind === 'account' ? 'account' : 'node'
                    })`}
                </Text>
              )}
            </div>
            {level.policies.length === 0 ? (
              <Text variant="body-small" color="secondary">
                Nothing attached here
              </Text>
            ) : (
              [...byType.entries()].map(([type, policies]) => (
                <div
                  key={type}
                  style={{
                    display: 'flex',
                    flexWrap: 'wrap',
                    gap: 4,
                    alignItems: 'center',
                    marginTop: 4,
                  }}
                >
                  <Text
                    variant="body-x-small"
                    color="secondary"
                    style={{ width: 120, flexShrink: 0 }}
                  >
                    {POLICY_TYPE_LABELS[type]}
                  </Text>
                  {policies.map(p => (
                    <PolicyChip key={p.id} policy={p} />
                  ))}
                </div>
              ))
            )}
          </StepListItem>
        );
      })}
    </ol>
  );
}
