/* A synthetic organization of any size, for benchmarks and scale tests. */
import type {
  OrgNode,
  PolicySummary,
  TreeResponse,
} from '@internal/plugin-ai-governance-common';

/**
 * A synthetic organization for benchmarks and scale tests: one root, `ous` OUs spread over two levels, and `accounts`
 * accounts dealt round-robin into the leaf OUs, each with tags and a few attached policies.
 */
export function generateOrg(options: {
  accounts: number;
  ous?: number;
}): TreeResponse {
  const ouCount = options.ous ?? Math.max(4, Math.ceil(options.accounts / 100));
  const policies: PolicySummary[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: true,
      targetCount: 1,
      size: 80,
    },
    {
      id: 'p-optout',
      name: 'AiOptOutAll',
      type: 'AISERVICES_OPT_OUT_POLICY',
      awsManaged: false,
      targetCount: 1,
      size: 90,
    },
  ];
  for (let i = 0; i < 12; i++) {
    policies.push({
      id: `p-guard${String(i).padStart(4, '0')}`,
      name: `Guardrail${i}`,
      type: i % 4 === 3 ? 'RESOURCE_CONTROL_POLICY' : 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      targetCount: 0,
      size: 400,
    });
  }
  const nodes: OrgNode[] = [
    {
      id: 'r-bench',
      kind: 'root',
      name: 'Root',
      tags: {},
      policyIds: ['p-FullAWSAccess', 'p-optout'],
    },
  ];
  const top = Math.max(1, Math.round(Math.sqrt(ouCount)));
  const leaves: string[] = [];
  for (let t = 0; t < top; t++) {
    const id = `ou-bench-top${String(t).padStart(5, '0')}`;
    nodes.push({
      id,
      kind: 'ou',
      name: `Division ${t}`,
      parentId: 'r-bench',
      tags: { owner: `division-${t}` },
      policyIds: [`p-guard${String(t % 12).padStart(4, '0')}`],
    });
  }
  for (let o = 0; nodes.length - 1 - top < ouCount - top; o++) {
    const parent = nodes[1 + (o % top)].id;
    const id = `ou-bench-leaf${String(o).padStart(5, '0')}`;
    leaves.push(id);
    nodes.push({
      id,
      kind: 'ou',
      name: `Team ${o}`,
      parentId: parent,
      tags: { team: `team-${o}` },
      policyIds: [`p-guard${String(o % 12).padStart(4, '0')}`],
    });
  }
  if (leaves.length === 0) leaves.push(nodes[1].id);
  for (let a = 0; a < options.accounts; a++) {
    const id = String(100000000000 + a);
    const policyIds =
      a % 7 === 0 ? [`p-guard${String(a % 12).padStart(4, '0')}`] : [];
    nodes.push({
      id,
      kind: 'account',
      name: `workload-${a}`,
      parentId: leaves[a % leaves.length],
      email: `aws+workload-${a}@example.com`,
      state: a % 97 === 0 ? 'SUSPENDED' : 'ACTIVE',
      tags: { owner: `owner-${a % 50}`, env: a % 3 === 0 ? 'prod' : 'dev' },
      policyIds,
    });
  }
  return {
    organization: { id: 'o-bench', managementAccountId: '000000000000' },
    nodes,
    policies,
    snapshotTime: new Date(0).toISOString(),
  };
}
