/* The IAM action field of "Can it?" and "Who can?": a combobox that suggests actions as the user types. */
import { useApi } from '@backstage/core-plugin-api';
import { Combobox } from '@backstage/ui';
import { useEffect, useMemo, useState } from 'react';
import { aiGovernanceApiRef } from '../../api';

/** The shape of an IAM action, `service:Action` (wildcards allowed in the action part). */
const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

/** What is wrong with an action the user typed, or undefined when it has the shape of one. */
export function actionProblem(action: string): string | undefined {
  return ACTION_PATTERN.test(action.trim())
    ? undefined
    : 'Enter the action as service:Action, for example bedrock:InvokeModel.';
}

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
  const options = useMemo(
    () => suggestions.map(a => ({ id: a, label: a })),
    [suggestions],
  );
  return (
    <Combobox
      label={props.label ?? 'Action'}
      allowsCustomValue
      options={options}
      search={{
        inputValue: props.value,
        onInputChange: value => {
          setEdited(true);
          props.onChange(value);
        },
        // The suggestions are already the actions that start with what the user typed.
        filter: () => true,
      }}
      menuTrigger="input"
      placeholder="service:Action, e.g. bedrock:InvokeModel"
      style={{ flex: 1, minWidth: 180 }}
    />
  );
}
