/* "What if?": propose one change (edit, attach, detach a policy, move an account) and see who gains or loses access. */
import { useApi } from '@backstage/core-plugin-api';
import {
  summarizePolicy,
  type PolicyType,
  type WhatIfChangeSet,
} from '@internal/plugin-ai-governance-common';
import {
  Button,
  Flex,
  Radio,
  RadioGroup,
  Select,
  Text,
  TextAreaField,
} from '@backstage/ui';
import { FormEvent, useEffect, useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aiGovernanceApiRef } from '../../api';
import { useTreeData } from '../../hooks/useTreeData';
import { SectionCard } from '../SectionCard';
import { ErrorState, LoadingState } from '../states';
import {
  accountChoices,
  Choice,
  policyChoices,
  targetChoices,
  toChange,
  WHAT_IF_OPS,
  WhatIfFormState,
  WhatIfOp,
} from './changeForm';
import { PlainSummary, WhatIfResultView } from './WhatIfResultView';

function Picker(props: {
  label: string;
  choices: Choice[];
  value?: string;
  onChange: (id: string | undefined) => void;
  placeholder: string;
}) {
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      options={props.choices.map(c => ({ id: c.id, label: c.label }))}
      selectedKey={props.value ?? null}
      onSelectionChange={key => props.onChange(key ? String(key) : undefined)}
      style={{ minWidth: 260 }}
    />
  );
}

/** The proposed document of an edit, loaded from the current one, with its plain-language reading as you type. */
function DocumentEditor(props: {
  policyId: string;
  value?: string;
  onChange: (text: string) => void;
}) {
  const api = useApi(aiGovernanceApiRef);
  const { policyId, value, onChange } = props;
  const [loaded, load] = useAsyncFn(
    async (id: string) => (await api.getPolicy(id)).policy,
    [api],
  );
  useEffect(() => {
    load(policyId).then(policy => {
      if (policy) onChange(policy.content);
    });
    // Load once per picked policy; typing must not reload it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [policyId, load]);
  const type: PolicyType | undefined = loaded.value?.type;
  const summary = useMemo(
    () => (value?.trim() ? summarizePolicy(value, { type }) : undefined),
    [value, type],
  );
  if (loaded.error) {
    return <ErrorState what="load the policy" error={loaded.error} />;
  }
  if (loaded.loading || value === undefined) {
    return <LoadingState what="the policy document" />;
  }
  return (
    <Flex direction="column" gap="2">
      <TextAreaField
        label="Proposed document"
        value={value}
        onChange={onChange}
        rows={14}
        style={{ fontFamily: 'monospace' }}
      />
      {summary && (
        <Flex direction="column" gap="1">
          <Text variant="body-small" color="secondary">
            The proposed document reads:
          </Text>
          <PlainSummary
            summary={summary}
            aria-label="Proposed document reads"
          />
        </Flex>
      )}
    </Flex>
  );
}

/**
 * Propose one change and see, before anything is applied, which accounts gain or lose which requests, with the
 * deciding statements and the plain-language summary of an edited policy. `initial` pre-fills the form (from a
 * policy or an OU: `?op=detach&policy=p-…&target=ou-…`).
 */
export function WhatIfView(props: { initial?: Partial<WhatIfFormState> }) {
  const api = useApi(aiGovernanceApiRef);
  const { tree, error: treeError, retry } = useTreeData();
  const [state, setState] = useState<WhatIfFormState>({
    op: 'detach',
    ...props.initial,
  });
  const [formError, setFormError] = useState<string>();
  const [preview, run] = useAsyncFn(
    (changeSet: WhatIfChangeSet) => api.whatIf(changeSet),
    [api],
  );

  if (treeError) {
    return (
      <ErrorState
        what="load the organization"
        error={treeError}
        onRetry={retry}
      />
    );
  }
  if (!tree) return <LoadingState what="the organization" />;

  const update = (patch: Partial<WhatIfFormState>) => {
    setFormError(undefined);
    setState(s => ({ ...s, ...patch }));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const built = toChange(state);
    if ('missing' in built) {
      setFormError(built.missing);
      return;
    }
    setFormError(undefined);
    run({ changes: [built.change] });
  };

  return (
    <Flex direction="column" gap="4">
      <SectionCard
        heading="h2"
        title="What if?"
        description="Propose a change and see which accounts would gain or lose which requests, before anyone applies it. Nothing is changed in AWS."
      >
        <form onSubmit={onSubmit} aria-label="What if?">
          <Flex direction="column" gap="3">
            <RadioGroup
              label="What to change"
              orientation="horizontal"
              value={state.op}
              onChange={op =>
                update({
                  op: op as WhatIfOp,
                  policyId: undefined,
                  targetId: undefined,
                  accountId: undefined,
                  document: undefined,
                })
              }
            >
              {WHAT_IF_OPS.map(o => (
                <Radio key={o.op} value={o.op}>
                  {o.label}
                </Radio>
              ))}
            </RadioGroup>
            <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
              {state.op !== 'move' && (
                <Picker
                  label="Policy"
                  placeholder="Pick a policy"
                  choices={policyChoices(tree, state.op)}
                  value={state.policyId}
                  onChange={policyId =>
                    update({
                      policyId,
                      targetId: undefined,
                      document: undefined,
                    })
                  }
                />
              )}
              {state.op === 'move' && (
                <Picker
                  label="Account"
                  placeholder="Pick an account"
                  choices={accountChoices(tree)}
                  value={state.accountId}
                  onChange={accountId =>
                    update({ accountId, targetId: undefined })
                  }
                />
              )}
              {state.op !== 'edit' && (
                <Picker
                  label={
                    {
                      attach: 'Attach to',
                      detach: 'Detach from',
                      move: 'Move to',
                    }[state.op]
                  }
                  placeholder="Pick a root, OU or account"
                  choices={targetChoices(tree, state)}
                  value={state.targetId}
                  onChange={targetId => update({ targetId })}
                />
              )}
            </Flex>
            {state.op === 'edit' && state.policyId && (
              <DocumentEditor
                key={state.policyId}
                policyId={state.policyId}
                value={state.document}
                onChange={document => update({ document })}
              />
            )}
            <Flex gap="3" align="center">
              <Button type="submit" isPending={preview.loading}>
                Preview
              </Button>
              {preview.loading && (
                <Text role="status" color="secondary">
                  Evaluating every account under the changed nodes…
                </Text>
              )}
            </Flex>
            {formError && (
              <Text color="danger" role="alert">
                {formError}
              </Text>
            )}
          </Flex>
        </form>
      </SectionCard>
      {preview.error && !preview.loading && (
        <ErrorState what="preview the change" error={preview.error} />
      )}
      {preview.value && !preview.loading && (
        <WhatIfResultView result={preview.value} />
      )}
    </Flex>
  );
}
