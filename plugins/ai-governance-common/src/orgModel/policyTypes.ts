/**
 * One table of facts about every AWS Organizations policy type: what it is called, whether it is an authorization
 * or a management policy, AWS's default quotas for it, whether AWS computes an effective policy for it, and the AWS
 * page that documents it. Every part of the product (lint, the org model reader, the sandbox, the dashboard's slot
 * counter, the docs) reads its limits from here, so a quota is changed in one place.
 *
 * Sources (read December 2026):
 * - "Quotas and service limits for AWS Organizations",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html: maximum document size per
 *   type, number of policies of each type in an organization (SCPs 10,000, every other listed type 1,000).
 * - "Managing AWS Organizations policies",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html: the two categories and the
 *   per-type table (maximum number attached to one root, OU or account; whether the effective policy can be viewed).
 * - AWS raised the SCP quotas on 15 May 2026: 10 SCPs per target (was 5), 10,240 characters (was 5,120).
 * - The SDK's `EffectivePolicyType` enum: DescribeEffectivePolicy takes every management type and no authorization type.
 *
 * Where those pages give no number for a type (the types added in 2025 and 2026: Bedrock, S3, Security Hub,
 * Inspector, GuardDuty, network security director, upgrade rollout; the upgrade rollout syntax page gives its size,
 * 5,120), the table uses the value AWS documents for the
 * management types it does list (10 per target, 10,000 characters, 1,000 per organization) and says so in
 * `undocumented`; docs/policy-types.md cites that field.
 */
import type { PolicyType } from './types';

/** AWS's two broad categories of policy types. @public */
export type PolicyCategory = 'authorization' | 'management';

/** What the product knows about one policy type. @public */
export interface PolicyTypeFacts {
  type: PolicyType;
  /** AWS's name for the type, e.g. "Amazon Bedrock policy". */
  label: string;
  /** A few characters for chips and table columns, e.g. "Bedrock". */
  shortLabel: string;
  /** Authorization policies (SCP, RCP) filter permissions; management policies configure services. */
  category: PolicyCategory;
  /** Largest document AWS accepts, in characters as sent by an API caller (whitespace included). */
  maxSize: number;
  /** Most policies of the type attached directly to one root, OU or account. */
  maxAttachmentsPerTarget: number;
  /** Most customer-managed policies of the type in one organization. */
  maxPoliciesPerOrganization: number;
  /** Whether DescribeEffectivePolicy answers for the type (every management type, no authorization type). */
  supportsEffectivePolicy: boolean;
  /** Whether the management policy syntax of the type has the `@@enforced_for` operator (tag policies only). */
  hasEnforcedFor: boolean;
  /** The AWS user guide page of the type. */
  docUrl: string;
  /** Set when AWS's quota pages give no value for the type: which values were chosen, and from what. */
  undocumented?: string;
}

const GUIDE = 'https://docs.aws.amazon.com/organizations/latest/userguide';

const SILENT =
  "AWS's quota page lists no size, per-target or per-organization quota for this type; the values are the ones it documents for the other management types (10,000 characters, 10 per target, 1,000 per organization).";

function management(
  type: PolicyType,
  label: string,
  shortLabel: string,
  page: string,
  quotas: {
    maxSize?: number;
    maxAttachmentsPerTarget?: number;
    undocumented?: string;
    hasEnforcedFor?: boolean;
  } = {},
): PolicyTypeFacts {
  return {
    type,
    label,
    shortLabel,
    category: 'management',
    maxSize: quotas.maxSize ?? 10000,
    maxAttachmentsPerTarget: quotas.maxAttachmentsPerTarget ?? 10,
    maxPoliciesPerOrganization: 1000,
    supportsEffectivePolicy: true,
    hasEnforcedFor: quotas.hasEnforcedFor ?? false,
    docUrl: `${GUIDE}/${page}`,
    ...(quotas.undocumented ? { undocumented: quotas.undocumented } : {}),
  };
}

/**
 * Facts for each of the fifteen policy types AWS Organizations has, in the order the product lists them.
 * @public
 */
export const POLICY_TYPE_FACTS: Readonly<Record<PolicyType, PolicyTypeFacts>> =
  {
    SERVICE_CONTROL_POLICY: {
      type: 'SERVICE_CONTROL_POLICY',
      label: 'Service control policy',
      shortLabel: 'SCP',
      category: 'authorization',
      maxSize: 10240,
      maxAttachmentsPerTarget: 10,
      maxPoliciesPerOrganization: 10000,
      supportsEffectivePolicy: false,
      hasEnforcedFor: false,
      docUrl: `${GUIDE}/orgs_manage_policies_scps.html`,
    },
    RESOURCE_CONTROL_POLICY: {
      type: 'RESOURCE_CONTROL_POLICY',
      label: 'Resource control policy',
      shortLabel: 'RCP',
      category: 'authorization',
      maxSize: 5120,
      maxAttachmentsPerTarget: 5,
      maxPoliciesPerOrganization: 1000,
      supportsEffectivePolicy: false,
      hasEnforcedFor: false,
      docUrl: `${GUIDE}/orgs_manage_policies_rcps.html`,
    },
    AISERVICES_OPT_OUT_POLICY: management(
      'AISERVICES_OPT_OUT_POLICY',
      'AI services opt-out policy',
      'AI opt-out',
      'orgs_manage_policies_ai-opt-out.html',
      { maxSize: 2500, maxAttachmentsPerTarget: 5 },
    ),
    TAG_POLICY: management(
      'TAG_POLICY',
      'Tag policy',
      'Tag',
      'orgs_manage_policies_tag-policies.html',
      { hasEnforcedFor: true },
    ),
    BACKUP_POLICY: management(
      'BACKUP_POLICY',
      'Backup policy',
      'Backup',
      'orgs_manage_policies_backup.html',
    ),
    CHATBOT_POLICY: management(
      'CHATBOT_POLICY',
      'Chat applications policy',
      'Chat apps',
      'orgs_manage_policies_chatbot.html',
      { maxAttachmentsPerTarget: 5 },
    ),
    DECLARATIVE_POLICY_EC2: management(
      'DECLARATIVE_POLICY_EC2',
      'Declarative policy (EC2)',
      'Declarative EC2',
      'orgs_manage_policies_declarative.html',
    ),
    BEDROCK_POLICY: management(
      'BEDROCK_POLICY',
      'Amazon Bedrock policy',
      'Bedrock',
      'orgs_manage_policies_bedrock.html',
      { undocumented: SILENT },
    ),
    S3_POLICY: management(
      'S3_POLICY',
      'Amazon S3 policy',
      'S3',
      'orgs_manage_policies_s3.html',
      { undocumented: SILENT },
    ),
    SECURITYHUB_POLICY: management(
      'SECURITYHUB_POLICY',
      'Security Hub policy',
      'Security Hub',
      'orgs_manage_policies_security_hub.html',
      { undocumented: SILENT },
    ),
    SECURITYHUB_CSPM_POLICY: management(
      'SECURITYHUB_CSPM_POLICY',
      'Security Hub CSPM policy',
      'Security Hub CSPM',
      'orgs_manage_policies_security_hub_cspm.html',
      {
        undocumented:
          "AWS's quota page gives this type's size (10,000 characters) and per-organization quota (1,000) but no per-target quota; 10 per target is the value it documents for the other management types.",
      },
    ),
    INSPECTOR_POLICY: management(
      'INSPECTOR_POLICY',
      'Amazon Inspector policy',
      'Inspector',
      'orgs_manage_policies_inspector.html',
      { undocumented: SILENT },
    ),
    GUARDDUTY_POLICY: management(
      'GUARDDUTY_POLICY',
      'Amazon GuardDuty policy',
      'GuardDuty',
      'orgs_manage_policies_guardduty.html',
      { undocumented: SILENT },
    ),
    NETWORK_SECURITY_DIRECTOR_POLICY: management(
      'NETWORK_SECURITY_DIRECTOR_POLICY',
      'Network security director policy',
      'Network security',
      'orgs_manage_policies_network_security_director.html',
      { undocumented: SILENT },
    ),
    UPGRADE_ROLLOUT_POLICY: management(
      'UPGRADE_ROLLOUT_POLICY',
      'Upgrade rollout policy',
      'Upgrade rollout',
      'orgs_manage_policies_upgrade_rollout.html',
      {
        // "Upgrade rollout policy syntax and examples" (orgs_manage_policies_upgrade_syntax.html): "the maximum
        // policy size of 5,120 bytes".
        maxSize: 5120,
        undocumented:
          "AWS's quota page lists no quota for this type; its syntax page gives the size (5,120), and 10 per target and 1,000 per organization are the values the quota page documents for the other management types.",
      },
    ),
  };

/** The facts of one policy type. @public */
export function policyTypeFacts(type: PolicyType): PolicyTypeFacts {
  return POLICY_TYPE_FACTS[type];
}

/** Whether a type is a management policy type (written in the management policy syntax, with an effective policy). @public */
export function isManagementPolicyType(type: PolicyType): boolean {
  return POLICY_TYPE_FACTS[type].category === 'management';
}
