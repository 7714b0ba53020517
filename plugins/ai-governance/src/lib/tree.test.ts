import { generateOrg } from '../testing/generateOrg';
import { tree } from '../testing/fixtures';
import {
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import {
  ATTACHMENT_LIMITS,
  buildTreeIndex,
  countByType,
  flattenTree,
  matchQuery,
  ownerOf,
  pathTo,
} from './tree';

describe('tree', () => {
  const index = buildTreeIndex(tree);

  it('indexes roots, children (OUs first, then by name) and counts', () => {
    expect(index.roots.map(r => r.id)).toEqual(['r-demo']);
    expect(index.children.get('r-demo')!.map(n => n.name)).toEqual([
      'AI Development',
      'AI Production',
    ]);
    expect(index.accountCount).toBe(2);
    // ml-sandbox is SUSPENDED: listed, but not a vended account.
    expect(index.vendedAccountCount).toBe(1);
    expect(index.closingAccountCount).toBe(1);
    expect(index.ouCount).toBe(2);
  });

  it('flattens only expanded nodes', () => {
    const collapsed = flattenTree(index, new Set());
    expect(collapsed.map(r => r.node.id)).toEqual(['r-demo']);
    const open = flattenTree(index, new Set(['r-demo', 'ou-demo-prod']));
    expect(open.map(r => [r.node.id, r.depth, r.expanded])).toEqual([
      ['r-demo', 0, true],
      ['ou-demo-dev', 1, false],
      ['ou-demo-prod', 1, true],
      ['111111111111', 2, false],
    ]);
  });

  it('matches every term against name, id, email and tags, and opens the path to matches', () => {
    const f = matchQuery(index, 'ML  team');
    expect([...f.matched]).toEqual(['111111111111']);
    const rows = flattenTree(index, new Set(), f);
    expect(rows.map(r => [r.node.id, r.matched])).toEqual([
      ['r-demo', false],
      ['ou-demo-prod', false],
      ['111111111111', true],
    ]);
    expect(matchQuery(index, '2222').matched.has('222222222222')).toBe(true);
    expect(matchQuery(index, 'nothing-here').visible.size).toBe(0);
  });

  it('finds paths, owners and slot counts', () => {
    expect(pathTo(index, '111111111111')).toEqual([
      'r-demo',
      'ou-demo-prod',
      '111111111111',
    ]);
    expect(ownerOf(index.nodes.get('111111111111')!)).toBe('ml-team');
    expect(countByType(index.nodes.get('r-demo')!, index.policies)).toEqual([
      { type: 'SERVICE_CONTROL_POLICY', used: 1, limit: 10 },
      { type: 'AISERVICES_OPT_OUT_POLICY', used: 1, limit: 5 },
    ]);
  });

  // "Quotas and service limits for AWS Organizations" and "Managing AWS Organizations policies"
  // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html): at most 5 RCPs, 5 AI
  // services opt-out policies and 5 chat applications policies attached to one root, OU or account; 10 SCPs.
  it('counts slots against the per-type limits of the one policy type table (RCPs 5, not 10)', () => {
    const node = {
      ...index.nodes.get('r-demo')!,
      policyIds: ['p-r1', 'p-r2', 'p-c1'],
    };
    const policies = new Map<string, { type: PolicyType }>([
      ['p-r1', { type: 'RESOURCE_CONTROL_POLICY' }],
      ['p-r2', { type: 'RESOURCE_CONTROL_POLICY' }],
      ['p-c1', { type: 'CHATBOT_POLICY' }],
    ]);
    expect(countByType(node, policies)).toEqual([
      { type: 'RESOURCE_CONTROL_POLICY', used: 2, limit: 5 },
      { type: 'CHATBOT_POLICY', used: 1, limit: 5 },
    ]);
    expect(ATTACHMENT_LIMITS.SERVICE_CONTROL_POLICY).toBe(10);
    expect(ATTACHMENT_LIMITS.AISERVICES_OPT_OUT_POLICY).toBe(5);
    for (const type of POLICY_TYPES) {
      expect(ATTACHMENT_LIMITS[type]).toBe(
        POLICY_TYPE_FACTS[type].maxAttachmentsPerTarget,
      );
    }
  });

  it('handles an organization of 5,000 accounts', () => {
    const big = buildTreeIndex(generateOrg({ accounts: 5000 }));
    expect(big.accountCount).toBe(5000);
    const all = new Set(
      [...big.nodes.values()].filter(n => n.kind !== 'account').map(n => n.id),
    );
    expect(flattenTree(big, all)).toHaveLength(big.nodes.size);
    const f = matchQuery(big, 'workload-4999');
    expect([...f.matched]).toEqual(['100000004999']);
    expect(flattenTree(big, new Set(), f).map(r => r.node.kind)).toEqual([
      'root',
      'ou',
      'ou',
      'account',
    ]);
  });
});
