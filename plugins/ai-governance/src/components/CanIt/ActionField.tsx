import { useApi } from '@backstage/core-plugin-api';
import { CSSProperties, useEffect, useId, useState } from 'react';
import { aiGovernanceApiRef } from '../../api';

export const inputStyle: CSSProperties = {
  font: 'inherit',
  fontSize: 14,
  padding: '6px 10px',
  borderRadius: 6,
  border: '1px solid var(--bui-border-2, #bbb)',
  background: 'var(--bui-bg-neutral-1, #fff)',
  color: 'var(--bui-fg-primary, #222)',
  minWidth: 0,
  width: '100%',
  boxSizing: 'border-box',
};

export const labelStyle: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  gap: 4,
  fontSize: 13,
  fontWeight: 600,
  flex: 1,
  minWidth: 180,
};

/** Actions offered when the backend's IAM catalog cannot be reached. */
export const FALLBACK_ACTIONS = [
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'bedrock:Converse',
  'bedrock:ConverseStream',
  'bedrock:CreateModelCustomizationJob',
  'bedrock:PutFoundationModelEntitlement',
  'bedrock:CreateAgent',
  'bedrock:CreateGuardrail',
  'sagemaker:CreateEndpoint',
  'sagemaker:CreateEndpointConfig',
  'sagemaker:CreateModel',
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateDomain',
  'comprehend:DetectSentiment',
  'rekognition:DetectLabels',
  'textract:AnalyzeDocument',
  'organizations:LeaveOrganization',
  'iam:CreateUser',
  's3:PutObject',
  'ec2:RunInstances',
];

/**
 * Set once the backend answers 404 for the action catalog (an older backend without `GET /actions`): from then on
 * the built-in list is used without asking again, per API instance.
 */
const catalogMissing = new WeakSet<object>();

/** An IAM action input with suggestions from the backend's action catalog as the user types. */
export function ActionField(props: {
  value: string;
  onChange(value: string): void;
  label?: string;
}) {
  const api = useApi(aiGovernanceApiRef);
  const listId = useId();
  const [suggestions, setSuggestions] = useState<string[]>(FALLBACK_ACTIONS);
  // Ask the catalog only once the user types: opening a view costs no request.
  const [edited, setEdited] = useState(false);
  const prefix = props.value.trim();
  useEffect(() => {
    if (!edited) return undefined;
    let cancelled = false;
    const fallback = () =>
      FALLBACK_ACTIONS.filter(a =>
        a.toLowerCase().startsWith(prefix.toLowerCase()),
      );
    if (prefix.length < 2 || catalogMissing.has(api)) {
      setSuggestions(fallback());
      return undefined;
    }
    const timer = setTimeout(() => {
      api
        .listActions(prefix)
        .then(list => {
          if (!cancelled) {
            setSuggestions(
              list.length ? list.slice(0, 100).map(a => a.action) : fallback(),
            );
          }
        })
        .catch(e => {
          if ((e as { statusCode?: number })?.statusCode === 404) {
            catalogMissing.add(api);
          }
          if (!cancelled) setSuggestions(fallback());
        });
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, prefix, edited]);
  return (
    <label style={labelStyle}>
      {props.label ?? 'Action'}
      <input
        style={inputStyle}
        value={props.value}
        onChange={e => {
          setEdited(true);
          props.onChange(e.target.value);
        }}
        list={listId}
        placeholder="service:Action, e.g. bedrock:InvokeModel"
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id={listId} data-testid="action-suggestions">
        {suggestions.map(a => (
          <option key={a} value={a} />
        ))}
      </datalist>
    </label>
  );
}
