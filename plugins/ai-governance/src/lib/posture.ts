import type {
  InheritedLevel,
  SimulationRequest,
} from '@internal/plugin-ai-governance-common';

/** Foundation models probed for the posture summary: a spread of providers, some usually approved, some not. */
export const POSTURE_MODELS = [
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'amazon.titan-text-express-v1',
  'meta.llama3-1-70b-instruct-v1:0',
  'deepseek.r1-v1:0',
];

export const POSTURE_REGION = 'us-east-1';

export function modelArn(modelId: string, region = POSTURE_REGION) {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

export interface PostureProbe {
  key: string;
  group: 'bedrock' | 'network' | 'encryption';
  label: string;
  request: SimulationRequest;
}

/** The handful of requests whose answers sum up a node's AI posture. */
export function postureProbes(target: string): PostureProbe[] {
  const context = { 'aws:RequestedRegion': POSTURE_REGION };
  return [
    ...POSTURE_MODELS.map(model => ({
      key: `bedrock:${model}`,
      group: 'bedrock' as const,
      label: model,
      request: {
        target,
        action: 'bedrock:InvokeModel',
        resource: modelArn(model),
        context,
      },
    })),
    {
      key: 'sagemaker:CreateEndpoint',
      group: 'network',
      label: 'SageMaker CreateEndpoint without VpcSubnets',
      request: {
        target,
        action: 'sagemaker:CreateEndpoint',
        resource: `arn:aws:sagemaker:${POSTURE_REGION}:*:endpoint/*`,
        context,
      },
    },
    {
      key: 'sagemaker:CreateModel',
      group: 'network',
      label: 'SageMaker CreateModel without VpcSubnets',
      request: {
        target,
        action: 'sagemaker:CreateModel',
        resource: `arn:aws:sagemaker:${POSTURE_REGION}:*:model/*`,
        context,
      },
    },
    {
      key: 'sagemaker:CreateEndpointConfig',
      group: 'encryption',
      label: 'SageMaker CreateEndpointConfig without a KMS key',
      request: {
        target,
        action: 'sagemaker:CreateEndpointConfig',
        resource: `arn:aws:sagemaker:${POSTURE_REGION}:*:endpoint-config/*`,
        context,
      },
    },
  ];
}

/** The AI services opt-out policies in force at a node, with the level each comes from. */
export function optOutPolicies(inherited: InheritedLevel[]) {
  return inherited.flatMap(level =>
    level.policies
      .filter(p => p.type === 'AISERVICES_OPT_OUT_POLICY')
      .map(policy => ({ policy, level: level.node })),
  );
}
