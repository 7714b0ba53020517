/**
 * The AWS-managed policies AWS Organizations creates on its own, and facts about policy types that every part of
 * the product needs (defaults, size limits).
 */
import type { OrgPolicy, PolicyType } from './types';
import { awsManagedPolicyArn } from './ids';

/** @public */
export const FULL_AWS_ACCESS_POLICY_ID = 'p-FullAWSAccess';
/** @public */
export const RCP_FULL_AWS_ACCESS_POLICY_ID = 'p-RCPFullAWSAccess';

/** The document of FullAWSAccess, as AWS returns it. @public */
export const FULL_AWS_ACCESS_CONTENT = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  null,
  2,
);

/** The document of RCPFullAWSAccess, as AWS returns it. @public */
export const RCP_FULL_AWS_ACCESS_CONTENT = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    ],
  },
  null,
  2,
);

/** FullAWSAccess, the SCP AWS attaches to every root, OU and account while SCPs are enabled. @public */
export const FULL_AWS_ACCESS_POLICY: OrgPolicy = {
  id: FULL_AWS_ACCESS_POLICY_ID,
  arn: awsManagedPolicyArn('SERVICE_CONTROL_POLICY', FULL_AWS_ACCESS_POLICY_ID),
  name: 'FullAWSAccess',
  type: 'SERVICE_CONTROL_POLICY',
  description: 'Allows access to every operation',
  awsManaged: true,
  content: FULL_AWS_ACCESS_CONTENT,
};

/** RCPFullAWSAccess, the RCP AWS attaches to every root, OU and account while RCPs are enabled. @public */
export const RCP_FULL_AWS_ACCESS_POLICY: OrgPolicy = {
  id: RCP_FULL_AWS_ACCESS_POLICY_ID,
  arn: awsManagedPolicyArn(
    'RESOURCE_CONTROL_POLICY',
    RCP_FULL_AWS_ACCESS_POLICY_ID,
  ),
  name: 'RCPFullAWSAccess',
  type: 'RESOURCE_CONTROL_POLICY',
  description: 'Allows access to every operation',
  awsManaged: true,
  content: RCP_FULL_AWS_ACCESS_CONTENT,
};

/** The AWS-managed policy AWS attaches by default for a policy type, if that type has one. @public */
export function defaultPolicyForType(type: PolicyType): OrgPolicy | undefined {
  if (type === 'SERVICE_CONTROL_POLICY') return FULL_AWS_ACCESS_POLICY;
  if (type === 'RESOURCE_CONTROL_POLICY') return RCP_FULL_AWS_ACCESS_POLICY;
  return undefined;
}

/** Every AWS-managed policy, by name. @public */
export const AWS_MANAGED_POLICIES: readonly OrgPolicy[] = [
  FULL_AWS_ACCESS_POLICY,
  RCP_FULL_AWS_ACCESS_POLICY,
];

/**
 * AWS's default quotas per policy type: maximum document size (characters) and maximum number of policies of the
 * type attached directly to one root, OU or account.
 * @public
 */
export const DEFAULT_POLICY_LIMITS: Readonly<
  Record<PolicyType, { maxSize: number; maxAttachmentsPerTarget: number }>
> = {
  SERVICE_CONTROL_POLICY: { maxSize: 10240, maxAttachmentsPerTarget: 10 },
  RESOURCE_CONTROL_POLICY: { maxSize: 5120, maxAttachmentsPerTarget: 5 },
  AISERVICES_OPT_OUT_POLICY: { maxSize: 2500, maxAttachmentsPerTarget: 10 },
  TAG_POLICY: { maxSize: 10000, maxAttachmentsPerTarget: 10 },
  BACKUP_POLICY: { maxSize: 10000, maxAttachmentsPerTarget: 10 },
  CHATBOT_POLICY: { maxSize: 10000, maxAttachmentsPerTarget: 10 },
  DECLARATIVE_POLICY_EC2: { maxSize: 10000, maxAttachmentsPerTarget: 10 },
};

/**
 * Size of a policy document as AWS counts it against the size quota: every character except whitespace outside
 * string literals.
 * @public
 */
export function policyDocumentSize(content: string): number {
  let size = 0;
  let inString = false;
  let escaped = false;
  for (const ch of content) {
    if (inString) {
      size++;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      size++;
    } else if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') {
      size++;
    }
  }
  return size;
}
