import {
  compactPolicyDocument,
  DEFAULT_POLICY_LIMITS,
  policyDocumentSize,
} from './awsManaged';
import {
  isManagementPolicyType,
  POLICY_TYPE_FACTS,
  policyTypeFacts,
} from './policyTypes';
import { POLICY_TYPES } from './types';

describe('POLICY_TYPE_FACTS', () => {
  it('has the fifteen types the AWS SDK lists, each with its own facts', () => {
    expect(POLICY_TYPES).toHaveLength(15);
    expect(new Set(POLICY_TYPES).size).toBe(15);
    for (const t of POLICY_TYPES) {
      expect(POLICY_TYPE_FACTS[t].type).toBe(t);
      expect(policyTypeFacts(t).docUrl).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\/organizations\/latest\/userguide\/orgs_manage_policies_/,
      );
    }
    expect(Object.keys(POLICY_TYPE_FACTS).sort()).toEqual(
      [...POLICY_TYPES].sort(),
    );
  });

  it('follows the quota tables (Quotas and service limits for AWS Organizations; Managing policies)', () => {
    // SCPs: 10 per target and 10,240 characters since May 2026; 10,000 per organization.
    expect(POLICY_TYPE_FACTS.SERVICE_CONTROL_POLICY).toMatchObject({
      maxAttachmentsPerTarget: 10,
      maxSize: 10240,
      maxPoliciesPerOrganization: 10000,
    });
    // RCPs, AI services opt-out and chat applications policies: 5 per target.
    expect(DEFAULT_POLICY_LIMITS.RESOURCE_CONTROL_POLICY).toEqual({
      maxAttachmentsPerTarget: 5,
      maxSize: 5120,
    });
    expect(DEFAULT_POLICY_LIMITS.AISERVICES_OPT_OUT_POLICY).toEqual({
      maxAttachmentsPerTarget: 5,
      maxSize: 2500,
    });
    expect(DEFAULT_POLICY_LIMITS.CHATBOT_POLICY.maxAttachmentsPerTarget).toBe(
      5,
    );
    expect(DEFAULT_POLICY_LIMITS.TAG_POLICY).toEqual({
      maxAttachmentsPerTarget: 10,
      maxSize: 10000,
    });
    expect(
      POLICY_TYPES.filter(
        t => POLICY_TYPE_FACTS[t].maxPoliciesPerOrganization !== 1000,
      ),
    ).toEqual(['SERVICE_CONTROL_POLICY']);
  });

  it('says where AWS is silent, and only there', () => {
    const silent = POLICY_TYPES.filter(t => POLICY_TYPE_FACTS[t].undocumented);
    expect(silent).toEqual([
      'BEDROCK_POLICY',
      'S3_POLICY',
      'SECURITYHUB_POLICY',
      'SECURITYHUB_CSPM_POLICY',
      'INSPECTOR_POLICY',
      'GUARDDUTY_POLICY',
      'NETWORK_SECURITY_DIRECTOR_POLICY',
      'UPGRADE_ROLLOUT_POLICY',
    ]);
  });

  it('puts SCPs and RCPs in the authorization category and offers the effective policy for the others only', () => {
    const authorization = POLICY_TYPES.filter(t => !isManagementPolicyType(t));
    expect(authorization).toEqual([
      'SERVICE_CONTROL_POLICY',
      'RESOURCE_CONTROL_POLICY',
    ]);
    for (const t of POLICY_TYPES) {
      expect(POLICY_TYPE_FACTS[t].supportsEffectivePolicy).toBe(
        isManagementPolicyType(t),
      );
    }
    expect(
      POLICY_TYPES.filter(t => POLICY_TYPE_FACTS[t].hasEnforcedFor),
    ).toEqual(['TAG_POLICY']);
  });
});

describe('policyDocumentSize', () => {
  it('counts every character an API caller sends, whitespace included', () => {
    expect(policyDocumentSize('{ "a" : 1 }\n')).toBe(12);
    expect(policyDocumentSize('{"a":1}')).toBe(7);
  });

  it('refuses the pretty-printed SCP AWS refuses: 16,513 characters as sent, 9,962 without whitespace', () => {
    // Measured against AWS with the CLI v2 and boto3: POLICY_CONTENT_LIMIT_EXCEEDED.
    const statements = [];
    let doc = '';
    for (let i = 0; ; i++) {
      statements.push({
        Sid: `S${i}`,
        Effect: 'Deny',
        Action: [`svc${i}:Action${i}`],
        Resource: '*',
      });
      doc = JSON.stringify(
        { Version: '2012-10-17', Statement: statements },
        null,
        4,
      );
      if (compactPolicyDocument(doc).length > 9900) break;
    }
    const max = DEFAULT_POLICY_LIMITS.SERVICE_CONTROL_POLICY.maxSize;
    expect(policyDocumentSize(compactPolicyDocument(doc))).toBeLessThan(max);
    expect(policyDocumentSize(doc)).toBeGreaterThan(max);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(policyDocumentSize('"é😀"')).toBe(4);
  });
});

describe('compactPolicyDocument', () => {
  it('removes whitespace between JSON elements and keeps it in strings', () => {
    expect(compactPolicyDocument('{\n  "a" : "x y"\n}')).toBe('{"a":"x y"}');
  });

  it('throws on a document that is not JSON', () => {
    expect(() => compactPolicyDocument('{')).toThrow(SyntaxError);
  });
});
