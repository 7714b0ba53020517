/* "Can it?": the form that asks whether the organization's policies allow one request, and its answer. */
import { useApi } from '@backstage/core-plugin-api';
import type { SimulationRequest } from '@internal/plugin-ai-governance-common';
import { Button, Card, CardBody, Flex, Text, TextField } from '@backstage/ui';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { SectionCard } from '../SectionCard';
import { ErrorState } from '../states';
import { ActionField, actionProblem } from './ActionField';
import { ContextRowsField } from './ContextRowsField';
import { buildRequest, ContextRow } from './request';
import { SimulationResultView } from './SimulationResultView';
import { TargetField } from './TargetField';

/**
 * "Can it?": pick an account or OU, an action, a resource and request context, and see what the organization's
 * policies say, level by level.
 */
export function CanItPanel(props: { initialTarget?: string }) {
  const api = useApi(aiGovernanceApiRef);
  const [target, setTarget] = useState(props.initialTarget ?? '');
  const [action, setAction] = useState('bedrock:InvokeModel');
  const [resource, setResource] = useState('');
  const [context, setContext] = useState<ContextRow[]>([]);
  const [formError, setFormError] = useState<string | undefined>();
  const [state, run] = useAsyncFn(
    (req: SimulationRequest) => api.simulate(req),
    [api],
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const req = buildRequest({ target, action, resource, context });
    const problem = req.target
      ? actionProblem(req.action)
      : 'Pick an account or OU: type its name or id.';
    setFormError(problem);
    if (!problem) run(req);
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
            {formError && (
              <Text color="danger" role="alert">
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
            <SimulationResultView result={state.value} />
          </CardBody>
        </Card>
      )}
    </Flex>
  );
}
