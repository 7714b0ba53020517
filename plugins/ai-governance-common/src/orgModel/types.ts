/**
 * The normalized picture of an AWS organization that every part of the product shares: the crawler produces it
 * from a live organization, the org model file compiles to it, the sandbox exports it, the evaluator reads it.
 */

/**
 * The fifteen policy types of AWS Organizations (the SDK's `PolicyType`). SCPs and RCPs are authorization policies;
 * the others are management policies (see `POLICY_TYPE_FACTS`).
 * @public
 */
export type PolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'AISERVICES_OPT_OUT_POLICY'
  | 'TAG_POLICY'
  | 'BACKUP_POLICY'
  | 'CHATBOT_POLICY'
  | 'DECLARATIVE_POLICY_EC2'
  | 'BEDROCK_POLICY'
  | 'S3_POLICY'
  | 'SECURITYHUB_POLICY'
  | 'SECURITYHUB_CSPM_POLICY'
  | 'INSPECTOR_POLICY'
  | 'GUARDDUTY_POLICY'
  | 'NETWORK_SECURITY_DIRECTOR_POLICY'
  | 'UPGRADE_ROLLOUT_POLICY';

/** @public */
export const POLICY_TYPES: readonly PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'SECURITYHUB_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'INSPECTOR_POLICY',
  'GUARDDUTY_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
];

/** Account state as AWS reports it in `State` (the legacy `Status` is derived from it). @public */
export type AccountState =
  | 'PENDING_ACTIVATION'
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'PENDING_CLOSURE'
  | 'CLOSED';

/** @public */
export type OrgNodeKind = 'root' | 'ou' | 'account';

/** One root, organizational unit or account. @public */
export interface OrgNode {
  /** `r-xxxx`, `ou-xxxx-xxxxxxxx` or a 12-digit account id. */
  id: string;
  kind: OrgNodeKind;
  arn?: string;
  name: string;
  /** Undefined for a root. */
  parentId?: string;
  /** Accounts only. */
  email?: string;
  /** Accounts only. */
  state?: AccountState;
  /** Accounts only: INVITED or CREATED. */
  joinedMethod?: 'INVITED' | 'CREATED';
  /** Accounts only, ISO 8601. */
  joinedTimestamp?: string;
  /** Roots only: the policy types enabled on the root. */
  enabledPolicyTypes?: PolicyType[];
  tags: Record<string, string>;
  /** Ids of the policies attached directly to this node, of every type. */
  policyIds: string[];
}

/** One policy of any type. @public */
export interface OrgPolicy {
  /** `p-xxxxxxxx`, or `p-FullAWSAccess` / `p-RCPFullAWSAccess` for the AWS-managed ones. */
  id: string;
  arn?: string;
  name: string;
  type: PolicyType;
  description?: string;
  awsManaged: boolean;
  /** The policy document, exactly as stored (a JSON string). */
  content: string;
}

/** The organization itself. @public */
export interface OrgInfo {
  id: string;
  arn?: string;
  managementAccountId: string;
  managementAccountEmail?: string;
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
}

/**
 * One consistent picture of an organization.
 * Nodes appear parents before children (a root first, then its subtree in breadth-first order).
 * @public
 */
export interface OrgSnapshot {
  organization: OrgInfo;
  nodes: OrgNode[];
  policies: OrgPolicy[];
  /** ISO 8601 time the snapshot was taken or compiled. */
  capturedAt: string;
}
