/**
 * A generator of large org models for benchmarks: N accounts, M OUs, P policies, nesting up to depth 5.
 * Deterministic: the same options always give the same model.
 */
import { MAX_OU_DEPTH } from './readTree';
import type {
  OrgModel,
  OrgModelAccount,
  OrgModelOrganizationalUnit,
  OrgModelPolicy,
} from './model';
import { DEFAULT_POLICY_LIMITS } from './awsManaged';
import { seededRandom } from '../random';

/** @public */
export interface GenerateOrgModelOptions {
  /** Member accounts (the management account comes on top). */
  accounts: number;
  /** Organizational units. */
  ous: number;
  /** Customer-managed SCPs, attached across the tree. */
  policies: number;
  /** Deepest OU level (1 to 5). Defaults to 5. */
  depth?: number;
  /** PRNG seed. Defaults to 1. */
  seed?: number;
  /** Owner groups to spread over accounts (tag `owner: group:default/<team>`). Defaults to 20. */
  teams?: number;
}

const SERVICES = [
  'bedrock',
  'sagemaker',
  's3',
  'ec2',
  'iam',
  'kms',
  'lambda',
  'dynamodb',
  'rds',
  'cloudtrail',
];

/**
 * Builds a large org model in memory (policy documents inline).
 * @public
 */
export function generateOrgModel(options: GenerateOrgModelOptions): OrgModel {
  const depth = Math.max(
    1,
    Math.min(MAX_OU_DEPTH, options.depth ?? MAX_OU_DEPTH),
  );
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)];
  const teams = Math.max(1, options.teams ?? 20);

  // OUs: the first few at level 1, then each new OU goes under a random OU whose level is below the maximum.
  type Slot = { ou: OrgModelOrganizationalUnit; level: number };
  const rootOus: OrgModelOrganizationalUnit[] = [];
  const slots: Slot[] = [];
  const level1 = Math.min(
    options.ous,
    Math.max(1, Math.ceil(Math.sqrt(options.ous))),
  );
  for (let i = 0; i < options.ous; i++) {
    const ou: OrgModelOrganizationalUnit = {
      name: `ou-${String(i).padStart(4, '0')}`,
    };
    const parents = slots.filter(s => s.level < depth);
    if (i < level1 || parents.length === 0) {
      rootOus.push(ou);
      slots.push({ ou, level: 1 });
    } else {
      const parent = pick(parents);
      (parent.ou.organizationalUnits ??= []).push(ou);
      slots.push({ ou, level: parent.level + 1 });
    }
  }

  // Accounts: spread over the OUs (a few in the root).
  const rootAccounts: OrgModelAccount[] = [];
  for (let i = 0; i < options.accounts; i++) {
    const team = `team-${String(Math.floor(rand() * teams)).padStart(2, '0')}`;
    const account: OrgModelAccount = {
      name: `account-${String(i).padStart(5, '0')}`,
      email: `account-${String(i).padStart(5, '0')}@example.com`,
      tags: { owner: `group:default/${team}` },
    };
    if (slots.length === 0 || rand() < 0.02) rootAccounts.push(account);
    else (pick(slots).ou.accounts ??= []).push(account);
  }

  // Policies: deny statements over a few services, attached to random OUs and accounts within AWS's per-target limit.
  const policies: OrgModelPolicy[] = [];
  const targets: Array<{ policies?: string[] }> = [...slots.map(s => s.ou)];
  const allAccounts: OrgModelAccount[] = [...rootAccounts];
  for (const s of slots) allAccounts.push(...(s.ou.accounts ?? []));
  targets.push(...allAccounts);
  const maxPerTarget =
    DEFAULT_POLICY_LIMITS.SERVICE_CONTROL_POLICY.maxAttachmentsPerTarget - 1;
  for (let i = 0; i < options.policies; i++) {
    const name = `guardrail-${String(i).padStart(4, '0')}`;
    const service = pick(SERVICES);
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: `DenyRisky${i}`,
          Effect: 'Deny',
          Action: [`${service}:Delete*`, `${service}:Put*Policy`],
          Resource: '*',
          Condition: {
            StringNotLike: {
              'aws:PrincipalArn': 'arn:aws:iam::*:role/PlatformAdmin',
            },
          },
        },
      ],
    });
    policies.push({
      name,
      type: 'SERVICE_CONTROL_POLICY',
      description: `Generated guardrail ${i}`,
      document,
    });
    if (targets.length === 0) continue;
    const attachTo = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < attachTo; k++) {
      const target = pick(targets);
      const list = (target.policies ??= ['FullAWSAccess']);
      if (list.length <= maxPerTarget && !list.includes(name)) list.push(name);
    }
  }

  return {
    apiVersion: 'ai-governance/v1',
    kind: 'Organization',
    metadata: {
      name: `generated-${options.accounts}a-${options.ous}ou-${options.policies}p`,
    },
    spec: {
      managementAccount: {
        name: 'management',
        email: 'management@example.com',
      },
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      policies,
      root: {
        organizationalUnits: rootOus,
        accounts: rootAccounts,
      },
    },
  };
}
