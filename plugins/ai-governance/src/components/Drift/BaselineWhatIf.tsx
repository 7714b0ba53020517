/* The baseline preview's effect on access: what applying the governance baseline would do to every account. */
import { useApi } from '@backstage/core-plugin-api';
import { Button, Flex, Text } from '@backstage/ui';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { SectionCard } from '../SectionCard';
import { EmptyState, ErrorState } from '../states';
import { WhatIfResultView } from '../WhatIf';

/**
 * Next to the drift (the resource diff), the effective diff of applying the baseline: which accounts would gain or
 * lose which requests. Asked on demand, since it re-evaluates every account under a changed node.
 */
export function BaselineWhatIf() {
  const api = useApi(aiGovernanceApiRef);
  const [state, load] = useAsyncFn(() => api.getBaselineWhatIf(), [api]);
  const answer = state.value;
  return (
    <Flex direction="column" gap="4">
      <SectionCard
        title="Effect on access"
        description="What applying the baseline (its creates, updates and attachments) would do to every account's access. Nothing is changed."
        actions={
          <Button
            size="small"
            variant="secondary"
            onPress={() => load()}
            isPending={state.loading}
          >
            {answer ? 'Evaluate again' : 'Preview the effect on access'}
          </Button>
        }
      >
        {state.loading && (
          <Text role="status" color="secondary">
            Evaluating every account under the nodes the baseline changes…
          </Text>
        )}
        {state.error && !state.loading && (
          <ErrorState
            what="preview the baseline's effect on access"
            error={state.error}
            onRetry={() => load()}
          />
        )}
        {answer && !state.loading && !answer.whatIf && (
          <EmptyState
            title="Applying the baseline changes nobody's access"
            description={
              answer.changes
                ? 'The baseline makes changes, but no probe request changes verdict for any account.'
                : 'The baseline has nothing to create, update or attach.'
            }
          />
        )}
      </SectionCard>
      {answer?.whatIf && !state.loading && (
        <WhatIfResultView result={answer.whatIf} />
      )}
    </Flex>
  );
}
