/*
 * "Can it?": the form that asks whether the organization's policies allow one request (optionally with the
 * principal's own policies and the resource's account), and its answer.
 */
import { useApi } from '@backstage/core-plugin-api';
import type { SimulationRequest } from '@internal/plugin-ai-governance-common';
import { Button, Card, CardBody, Flex, Text, TextField } from '@backstage/ui';
import { FormEvent, useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { SectionCard } from '../SectionCard';
import { ErrorState } from '../states';
import { ActionField, actionProblem } from './ActionField';
import { ContextRowsField } from './ContextRowsField';
import {
  buildRequest,
  buildRequestParts,
  ContextRow,
  emptyParts,
  PartsForm,
  requestPoliciesOf,
} from './request';
import { RequestPartsField } from './RequestPartsField';
import { SimulationResultView } from './SimulationResultView';
import { TargetField } from './TargetField';

/**
 * "Can it?": pick an account or OU, an action, a resource and request context, and see what the organization's
 * policies say, level by level; optionally with the principal's identity policies, the resource's policy, a boundary
 * and a session policy, and the principal's and resource's accounts, for the whole decision.
 */
export function CanItPanel(props: { initialTarget?: string }) {
  const api = useApi(aiGovernanceApiRef);
  const [target, setTarget] = useState(props.initialTarget ?? '');
  const [action, setAction] = useState('bedrock:InvokeModel');
  const [resource, setResource] = useState('');
  const [context, setContext] = useState<ContextRow[]>([]);
  const [showParts, setShowParts] = useState(false);
  const [parts, setParts] = useState<PartsForm>(emptyParts);
  const [formError, setFormError] = useState<string | undefined>();
  const [sent, setSent] = useState<SimulationRequest | undefined>();
  const [state, run] = useAsyncFn(
    (req: SimulationRequest) => api.simulate(req),
    [api],
  );
  const sentPolicies = useMemo(
    () => (sent ? requestPoliciesOf(sent) : undefined),
    [sent],
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const req = buildRequest({ target, action, resource, context });
    const built = showParts ? buildRequestParts(parts) : { parts: {} };
    const problem = req.target
      ? actionProblem(req.action) ?? built.problem
      : 'Pick an account or OU: type its name or id.';
    setFormError(problem);
    if (!problem) {
      const full = { ...req, ...built.parts };
      setSent(full);
      run(full);
    }
  };

  return (
    <Flex direction="column" gap="4">
      <SectionCard
        heading="h2"
        title="Can it?"
        description="Would the organization's policies let a principal in this account do this?"
      >
        <form onSubmit={onSubmit} aria-label="Can it?">
          <Flex direction="column" gap="3">
            <Flex gap="3" style={{ flexWrap: 'wrap' }}>
              <TargetField value={target} onChange={setTarget} />
              <ActionField value={action} onChange={setAction} />
            </Flex>
            <TextField
              label="Resource"
              value={resource}
              onChange={setResource}
              placeholder="ARN, or leave empty for *"
              autoComplete="off"
              spellCheck="false"
            />
            <ContextRowsField rows={context} onChange={setContext} />
            <div>
              <Button
                size="small"
                variant="secondary"
                aria-expanded={showParts}
                onPress={() => setShowParts(v => !v)}
              >
                {showParts
                  ? 'Organization policies only'
                  : 'Add the principal’s own policies and accounts'}
              </Button>
            </div>
            {showParts && (
              <RequestPartsField value={parts} onChange={setParts} />
            )}
            {formError && (
              <Text
                color="danger"
                role="alert"
                style={{ whiteSpace: 'pre-line' }}
              >
                {formError}
              </Text>
            )}
            <div>
              <Button type="submit" variant="primary" isPending={state.loading}>
                Evaluate
              </Button>
            </div>
          </Flex>
        </form>
      </SectionCard>
      {state.error && (
        <ErrorState what="evaluate the request" error={state.error} />
      )}
      {state.value && !state.loading && (
        <Card>
          <CardBody>
            <SimulationResultView
              result={state.value}
              requestPolicies={sentPolicies}
              withParts={
                !!sent &&
                (sent.principal !== undefined ||
                  sent.resourceOwner !== undefined ||
                  (sentPolicies?.size ?? 0) > 0)
              }
            />
          </CardBody>
        </Card>
      )}
    </Flex>
  );
}
