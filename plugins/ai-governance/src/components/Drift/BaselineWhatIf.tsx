/*
 * The baseline preview's effect on access and AI posture: what applying the governance baseline would do to every
 * account's access, and the AI posture findings it would leave.
 */
import { useApi } from '@backstage/core-plugin-api';
import { Button, Flex, Text } from '@backstage/ui';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { SectionCard } from '../SectionCard';
import { EmptyState, ErrorState } from '../states';
import { WhatIfResultView } from '../WhatIf';
import { BaselinePostureView } from './BaselinePosture';

/**
 * Next to the drift (the resource diff), the effective diff of applying the baseline: which accounts would gain or
 * lose which requests, and the AI posture findings the organization would have after it. Asked on demand, since it
 * re-evaluates every account under a changed node; the two answers load side by side, each with its own error.
 */
export function BaselineWhatIf() {
  const api = useApi(aiGovernanceApiRef);
  const [state, loadWhatIf] = useAsyncFn(() => api.getBaselineWhatIf(), [api]);
  const [posture, loadPosture] = useAsyncFn(
    () => api.getBaselinePosture(),
    [api],
  );
  const load = () => {
    loadWhatIf();
    loadPosture();
  };
  const answer = state.value;
  const asked = Boolean(
    posture.loading || posture.error || posture.value || answer,
  );
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
            onRetry={() => loadWhatIf()}
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
      {asked && (
        <SectionCard
          title="AI posture after the baseline"
          description="The AI posture check on the organization as the baseline would leave it: where the models allowed, the guardrails enforced, the region lock and the AI opt-out disagree."
          aria-label="AI posture after the baseline"
        >
          {posture.loading && (
            <Text role="status" color="secondary">
              Checking the AI posture of every account after the baseline…
            </Text>
          )}
          {posture.error && !posture.loading && (
            <ErrorState
              what="check the AI posture after the baseline"
              error={posture.error}
              onRetry={() => loadPosture()}
            />
          )}
          {posture.value && !posture.loading && !posture.error && (
            <BaselinePostureView answer={posture.value} />
          )}
        </SectionCard>
      )}
    </Flex>
  );
}
