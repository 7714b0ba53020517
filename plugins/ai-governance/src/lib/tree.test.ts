import { generateOrg } from '../testing/generateOrg';
import { tree } from '../testing/fixtures';
import {
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
