/**
 * What the linter is asked to check: the policy types it knows, their names and labels, the limits and the options
 * every rule family reads.
 */
import type { PolicyType } from '../../orgModel/types';
import type { IamCatalog } from '../catalog';
import { parseJsonDocument } from '../findings';

/** The policy types the linter knows, and the short names the CLI accepts. @public */
export type LintPolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'AISERVICES_OPT_OUT_POLICY'
  | 'TAG_POLICY'
  | 'BEDROCK_POLICY';

/** Size and count limits; defaults are AWS's. @public */
export interface PolicyLimits {
  /** Maximum size per policy type, in characters as AWS counts them (whitespace outside strings excluded). */
  size?: Partial<Record<PolicyType, number>>;
  /** Maximum number of policies of one type attached directly to one root, OU or account. */
  maxPoliciesPerTarget?: number;
}

/** The default maximum number of policies of one type on one target (configurable through PolicyLimits). @public */
export const DEFAULT_MAX_POLICIES_PER_TARGET = 10;

/** @public */
export interface LintOptions {
  type: LintPolicyType;
  limits?: PolicyLimits;
  /** Services, actions and condition keys; without it, the checks that need them are skipped. */
  catalog?: IamCatalog;
  /** The policy's name, for the check that only RCPFullAWSAccess may Allow in an RCP. */
  policyName?: string;
  /** The organization's management account, which must own the guardrails a Bedrock policy enforces. */
  managementAccountId?: string;
  /**
   * The guardrail versions (ARN with `:version`) known to exist in the management account; when given, a Bedrock
   * policy naming another one gets BEDROCK_GUARDRAIL_UNKNOWN.
   */
  knownGuardrailArns?: string[];
}

/** Maps the CLI's short and long type names to a policy type. @public */
export function toLintPolicyType(name: string): LintPolicyType | undefined {
  const n = name.trim().toUpperCase();
  const map: Record<string, LintPolicyType> = {
    SCP: 'SERVICE_CONTROL_POLICY',
    SERVICE_CONTROL_POLICY: 'SERVICE_CONTROL_POLICY',
    RCP: 'RESOURCE_CONTROL_POLICY',
    RESOURCE_CONTROL_POLICY: 'RESOURCE_CONTROL_POLICY',
    AISERVICES_OPT_OUT_POLICY: 'AISERVICES_OPT_OUT_POLICY',
    AI_OPT_OUT: 'AISERVICES_OPT_OUT_POLICY',
    TAG_POLICY: 'TAG_POLICY',
    TAG: 'TAG_POLICY',
    BEDROCK_POLICY: 'BEDROCK_POLICY',
    BEDROCK: 'BEDROCK_POLICY',
  };
  return map[n];
}

/**
 * Guesses the type of a document from its content: management policies have `services`/`tags`/`bedrock`, RCPs a
 * Principal.
 * @public
 */
export function guessPolicyType(text: string): LintPolicyType {
  const { json } = parseJsonDocument(text);
  if (json?.kind === 'object') {
    const keys = json.members.map(m => m.key);
    if (keys.includes('services')) return 'AISERVICES_OPT_OUT_POLICY';
    if (keys.includes('tags')) return 'TAG_POLICY';
    if (keys.includes('bedrock')) return 'BEDROCK_POLICY';
  }
  return /"Principal"\s*:/.test(text)
    ? 'RESOURCE_CONTROL_POLICY'
    : 'SERVICE_CONTROL_POLICY';
}

/** How messages name each policy type. */
export const TYPE_LABEL: Record<LintPolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policy',
  TAG_POLICY: 'tag policy',
  BEDROCK_POLICY: 'Amazon Bedrock policy',
};
