import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EffectivePoliciesResponse,
  TreeResponse,
} from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import { startPluginOnSandbox } from '../__testUtils__/pluginOnSandbox';

/**
 * End to end in one process: the plugin crawls the demo organization from the embedded sandbox over HTTP, and the
 * route answers an AI Production account's effective management policies from that crawled snapshot.
 */
describe('GET /nodes/:id/effective-policies on the crawled demo organization', () => {
  it('gives every management type the root enables, and each value the policy, node and operator behind it', async () => {
    const { server } = await startPluginOnSandbox({
      permission: AuthorizeResult.ALLOW,
    });
    const tree: TreeResponse = (
      await request(server).get('/api/ai-governance/tree')
    ).body;
    const byName = (name: string, parentId?: string) =>
      tree.nodes.find(
        n =>
          n.name === name &&
          (parentId === undefined || n.parentId === parentId),
      )!;
    const ai = byName('AI');
    const production = byName('Production', ai.id);
    const account = tree.nodes.find(
      n => n.kind === 'account' && n.parentId === production.id,
    )!;
    const res = await request(server).get(
      `/api/ai-governance/nodes/${account.id}/effective-policies`,
    );
    expect(res.status).toBe(200);
    const body = res.body as EffectivePoliciesResponse;

    const root = tree.nodes.find(n => n.kind === 'root')!;
    const managementEnabled = (root.enabledPolicyTypes ?? []).filter(
      t => t !== 'SERVICE_CONTROL_POLICY' && t !== 'RESOURCE_CONTROL_POLICY',
    );
    expect(body.types.length).toBeGreaterThan(0);
    expect(body.types.map(t => t.type).sort()).toEqual(
      [...managementEnabled].sort(),
    );
    // Every value of every type names at least one policy, attached on the account's own chain.
    const chainIds = new Set([root.id, ai.id, production.id, account.id]);
    for (const type of body.types) {
      for (const entry of type.entries) {
        expect(entry.sources.length).toBeGreaterThan(0);
        for (const s of entry.sources)
          expect(chainIds.has(s.node.id)).toBe(true);
      }
      expect(type.chain.map(l => l.node.id)).toEqual([
        root.id,
        ai.id,
        production.id,
        account.id,
      ]);
    }
    // The demo's tag policies: the root assigns the environments and lets children append; the AI OU appends one.
    const tag = body.types.find(t => t.type === 'TAG_POLICY');
    const environments = tag?.entries.find(
      e => e.path.join('/') === 'tags/environment/tag_value',
    );
    expect(environments?.value).toEqual([
      'development',
      'production',
      'research',
    ]);
    expect(
      environments?.sources.map(s => [s.operator, s.policy.name, s.node.id]),
    ).toEqual([
      ['@@assign', 'demo-tag-owner-environment', root.id],
      ['@@append', 'demo-tag-ai-environments', ai.id],
    ]);
  }, 60_000);
});
