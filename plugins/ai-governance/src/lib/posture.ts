/* The AI posture probes: the Bedrock models and SageMaker requests evaluated for a node. */
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

/**
 * A request that satisfies the guardrails a probe is not about, so that each probe's answer isolates one guardrail:
 * tagged as production AI resources must be, inside a VPC, encrypted with a KMS key, and through a Bedrock guardrail.
 */
const COMPLIANT = {
  region: { 'aws:RequestedRegion': POSTURE_REGION },
  tags: {
    'aws:RequestTag/ai:model-owner': 'posture-probe',
    'aws:RequestTag/ai:data-classification': 'internal',
    'aws:TagKeys': ['ai:model-owner', 'ai:data-classification'],
  },
  vpc: { 'sagemaker:VpcSubnets': 'subnet-0posture0probe0' },
  kms: {
    'sagemaker:VolumeKmsKey': `arn:aws:kms:${POSTURE_REGION}:111111111111:key/posture-probe`,
    'sagemaker:VolumeKmsKeyArn': `arn:aws:kms:${POSTURE_REGION}:111111111111:key/posture-probe`,
    'sagemaker:OutputKmsKeyArn': `arn:aws:kms:${POSTURE_REGION}:111111111111:key/posture-probe`,
  },
  bedrockGuardrail: {
    'bedrock:GuardrailIdentifier': `arn:aws:bedrock:${POSTURE_REGION}:111111111111:guardrail/posture-probe`,
  },
};

/** The handful of requests whose answers sum up a node's AI posture. */
export function postureProbes(target: string): PostureProbe[] {
  return [
    // Which models may be invoked at all (with a Bedrock guardrail applied, as a well-behaved caller does).
    ...POSTURE_MODELS.map(model => ({
      key: `bedrock:${model}`,
      group: 'bedrock' as const,
      label: model,
      request: {
        target,
        action: 'bedrock:InvokeModel',
        resource: modelArn(model),
        context: { ...COMPLIANT.region, ...COMPLIANT.bedrockGuardrail },
      },
    })),
    {
      key: 'sagemaker:CreateModel',
      group: 'network',
      label: 'SageMaker CreateModel outside a VPC',
      request: {
        target,
        action: 'sagemaker:CreateModel',
        resource: `arn:aws:sagemaker:${POSTURE_REGION}:*:model/*`,
        context: { ...COMPLIANT.region, ...COMPLIANT.tags, ...COMPLIANT.kms },
      },
    },
    {
      key: 'sagemaker:CreateTrainingJob',
      group: 'network',
      label: 'SageMaker CreateTrainingJob outside a VPC',
      request: {
        target,
        action: 'sagemaker:CreateTrainingJob',
        resource: `arn:aws:sagemaker:${POSTURE_REGION}:*:training-job/*`,
        context: { ...COMPLIANT.region, ...COMPLIANT.tags, ...COMPLIANT.kms },
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
        context: { ...COMPLIANT.region, ...COMPLIANT.tags, ...COMPLIANT.vpc },
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
