/**
 * The AWS-managed policies AWS Organizations creates on its own, and facts about policy types that every part of
 * the product needs (defaults, size limits).
 */
import { POLICY_TYPES, type OrgPolicy, type PolicyType } from './types';
import { POLICY_TYPE_FACTS } from './policyTypes';
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
 * type attached directly to one root, OU or account. Read from {@link POLICY_TYPE_FACTS}, the one table of them.
 * @public
 */
export const DEFAULT_POLICY_LIMITS: Readonly<
  Record<PolicyType, { maxSize: number; maxAttachmentsPerTarget: number }>
> = Object.fromEntries(
  POLICY_TYPES.map(t => [
    t,
    {
      maxSize: POLICY_TYPE_FACTS[t].maxSize,
      maxAttachmentsPerTarget: POLICY_TYPE_FACTS[t].maxAttachmentsPerTarget,
    },
  ]),
) as Record<PolicyType, { maxSize: number; maxAttachmentsPerTarget: number }>;

/**
 * Size of a policy document as AWS counts it against the size quota for an API caller: every character as sent,
 * whitespace included. (The console removes whitespace between JSON elements before it saves a policy; the API
 * stores and counts the document as given. "Quotas and service limits for AWS Organizations", maximum size of a
 * policy document, and measured: a pretty-printed SCP of 16,513 characters, 9,962 without whitespace, is refused with
 * POLICY_CONTENT_LIMIT_EXCEEDED.) Characters are Unicode code points.
 * @public
 */
export function policyDocumentSize(content: string): number {
  let size = 0;
  for (const _ of content) size++;
  return size;
}

/**
 * The document with whitespace between JSON elements removed, as the console saves it; the way to make a
 * pretty-printed policy fit the quota. The content must be JSON (JSON.parse's SyntaxError otherwise).
 * @public
 */
export function compactPolicyDocument(content: string): string {
  return JSON.stringify(JSON.parse(content));
}
