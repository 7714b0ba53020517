/**
 * What the AI posture check probes by default: the Regions where Amazon Bedrock serves model inference and the AI
 * services an AI services opt-out policy can opt out of.
 */
/**
 * Commercial Regions where Amazon Bedrock serves model inference (the Regions column of "Supported foundation models
 * in Amazon Bedrock", read on BEDROCK_MODELS_AS_OF). The posture check probes these and every Region a Bedrock policy
 * names.
 * @public
 */
export const BEDROCK_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/**
 * The service keys of AI services opt-out policies ("AI services opt-out policy syntax and examples",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html); `default`
 * covers them all.
 * @public
 */
export const AI_OPT_OUT_SERVICES: readonly string[] = [
  'aidevops',
  'aiops',
  'awssupplychain',
  'chimesdkvoiceanalytics',
  'cloudwatch',
  'codeguruprofiler',
  'codewhisperer',
  'comprehend',
  'connectamazonq',
  'connectoptimization',
  'contactlens',
  'frauddetector',
  'guardduty',
  'lex',
  'polly',
  'quicksightq',
  'rekognition',
  'securitylake',
  'textract',
  'transcribe',
  'translate',
];
