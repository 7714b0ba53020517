import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  NodeResponse,
  PolicyResponse,
  StatusResponse,
  TreeResponse,
} from '@internal/plugin-ai-governance-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import knexFactory from 'knex';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
} from '@aws-sdk/client-organizations';
import {
  inventoryServiceRef,
  type InventoryService,
} from '@internal/plugin-ai-governance-node';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  demoSandboxConfig,
  startPluginOnSandbox,
} from './__testUtils__/pluginOnSandbox';

const ROUTES: Array<['get' | 'post', string]> = [
  ['get', '/api/ai-governance/tree'],
  ['get', '/api/ai-governance/nodes/r-abcd'],
  ['get', '/api/ai-governance/nodes/123456789012/effective-policies'],
  ['get', '/api/ai-governance/policies/p-FullAWSAccess'],
  ['post', '/api/ai-governance/refresh'],
  ['get', '/api/ai-governance/status'],
  ['post', '/api/ai-governance/lint'],
  ['post', '/api/ai-governance/simulate'],
  ['post', '/api/ai-governance/who-can'],
  ['post', '/api/ai-governance/what-if'],
  ['get', '/api/ai-governance/drift/what-if'],
  ['get', '/api/ai-governance/drift/posture'],
  ['get', '/api/ai-governance/actions?prefix=bedrock:Inv'],
  ['get', '/api/ai-governance/drift'],
  ['get', '/api/ai-governance/posture'],
  ['post', '/api/ai-governance/account-requests'],
  ['get', '/api/ai-governance/account-requests'],
  ['get', '/api/ai-governance/account-requests/req-000000000000'],
  ['post', '/api/ai-governance/account-requests/req-000000000000/approve'],
  ['post', '/api/ai-governance/account-requests/req-000000000000/reject'],
  ['post', '/api/ai-governance/account-requests/req-000000000000/cancel'],
];

describe('aiGovernancePlugin routes', () => {
  describe('without credentials', () => {
    let server: Parameters<typeof request>[0];
    beforeAll(async () => {
      ({ server } = await startPluginOnSandbox());
    });

    it.each(ROUTES)('%s %s answers 401', async (method, path) => {
      const res = await request(server)
        [method](path)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });
  });

  describe('without permission', () => {
    let server: Parameters<typeof request>[0];
    beforeAll(async () => {
      ({ server } = await startPluginOnSandbox({
        permission: AuthorizeResult.DENY,
      }));
    });

    it.each(ROUTES)('%s %s answers 403', async (method, path) => {
      const res = await request(server)[method](path).send({});
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });
  });
});

describe('openapi.yaml', () => {
  it('describes every route, with the method it answers', () => {
    const text = readFileSync(
      resolve(__dirname, 'schema/openapi.yaml'),
      'utf8',
    );
    const described = new Set<string>();
    let path = '';
    for (const line of text.split('\n')) {
      const p = /^ {2}(\/\S+):$/.exec(line);
      if (p) path = p[1];
      const m = /^ {4}(get|post):$/.exec(line);
      if (m && path) described.add(`${m[1]} ${path}`);
      if (/^\S/.test(line)) path = '';
    }
    const mounted = ROUTES.map(
      ([method, url]) =>
        `${method} ${url
          .replace('/api/ai-governance', '')
          .replace(/\/nodes\/[^/]+/, '/nodes/{id}')
          .replace(/\/policies\/.*/, '/policies/{id}')
          .replace(/\/account-requests\/req-[^/]+/, '/account-requests/{id}')
          .replace(/\?.*/, '')}`,
    );
    expect([...described].sort()).toEqual([...mounted].sort());
  });
});

describe('aiGovernancePlugin inventory', () => {
  it('serves the demo organization it crawled from the embedded sandbox', async () => {
    const { server } = await startPluginOnSandbox({
      permission: AuthorizeResult.ALLOW,
    });

    const tree = await request(server)
      .get('/api/ai-governance/tree')
      .set('Accept-Encoding', 'gzip');
    expect(tree.status).toBe(200);
    expect(tree.headers['content-encoding']).toBe('gzip');
    const body: TreeResponse = tree.body;
    const root = body.nodes[0];
    expect(root.kind).toBe('root');
    expect(body.nodes.filter(n => n.kind === 'ou').length).toBeGreaterThan(3);
    expect(
      body.nodes.some(n => n.kind === 'account' && n.state === 'ACTIVE'),
    ).toBe(true);
    expect(body.policies.every(p => !('content' in p))).toBe(true);
    const fullAccess = body.policies.find(p => p.id === 'p-FullAWSAccess')!;
    const typeOf = new Map(body.policies.map(p => [p.id, p.type]));
    for (const n of body.nodes) {
      const grouped = Object.entries(n.policyIdsByType!).flatMap(
        ([type, ids]) =>
          ids!.map(id => {
            expect(typeOf.get(id)).toBe(type);
            return id;
          }),
      );
      expect(grouped.sort()).toEqual([...n.policyIds].sort());
    }
    expect(root.policyIdsByType!.SERVICE_CONTROL_POLICY).toContain(
      'p-FullAWSAccess',
    );
    expect(fullAccess.targetCount).toBe(
      body.nodes.filter(n => n.policyIds.includes('p-FullAWSAccess')).length,
    );

    // The same ETag answers 304 with no body.
    const again = await request(server)
      .get('/api/ai-governance/tree')
      .set('If-None-Match', tree.headers.etag);
    expect(again.status).toBe(304);

    const account = body.nodes.find(
      n => n.kind === 'account' && n.parentId !== root.id,
    )!;
    const node = await request(server).get(
      `/api/ai-governance/nodes/${account.id}`,
    );
    expect(node.status).toBe(200);
    const nodeBody: NodeResponse = node.body;
    expect(nodeBody.path[0].id).toBe(root.id);
    expect(nodeBody.path[nodeBody.path.length - 1].id).toBe(account.id);
    expect(nodeBody.inherited.map(l => l.node.id)).toEqual(
      nodeBody.path.map(p => p.id),
    );
    expect(nodeBody.attached.map(p => p.id).sort()).toEqual(
      [...account.policyIds].sort(),
    );

    const policy = await request(server).get(
      '/api/ai-governance/policies/p-FullAWSAccess',
    );
    expect(policy.status).toBe(200);
    const policyBody: PolicyResponse = policy.body;
    expect(JSON.parse(policyBody.policy.content).Statement).toBeDefined();
    expect(policyBody.targets).toHaveLength(fullAccess.targetCount);

    expect(
      (await request(server).get('/api/ai-governance/nodes/ou-none-00000000'))
        .status,
    ).toBe(404);
    expect(
      (await request(server).get('/api/ai-governance/policies/p-00000000'))
        .status,
    ).toBe(404);

    // The demo org is the governance baseline applied: on the embedded default there is no drift.
    const drift = await request(server).get('/api/ai-governance/drift');
    expect(drift.status).toBe(200);
    expect(drift.body).toMatchObject({
      inSync: true,
      items: [],
      baseline: 'governance-baseline',
    });

    const status = await request(server).get('/api/ai-governance/status');
    const statusBody: StatusResponse = status.body;
    expect(statusBody.source.kind).toBe('sandbox');
    expect(statusBody.lastCrawl?.trigger).toBe('startup');
    expect(statusBody.lastCrawl?.calls).toBe(statusBody.lastCrawl?.lowerBound);
    expect(statusBody.snapshotTime).toBe(body.snapshotTime);
  });

  it('crawls again on POST /refresh and rejects a malformed body without crawling', async () => {
    const { server } = await startPluginOnSandbox({
      permission: AuthorizeResult.ALLOW,
    });
    const first = await request(server).get('/api/ai-governance/tree');
    const bad = await request(server)
      .post('/api/ai-governance/refresh')
      .send({ accountIds: ['Production'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /accountIds.0: an account id is 12 digits/,
    );

    const refreshed = await request(server)
      .post('/api/ai-governance/refresh')
      .send({ wait: true });
    expect(refreshed.status).toBe(200);
    expect((refreshed.body as StatusResponse).lastCrawl?.trigger).toBe(
      'manual',
    );
    const second = await request(server).get('/api/ai-governance/tree');
    expect(second.body.snapshotTime >= first.body.snapshotTime).toBe(true);
    expect(second.body.nodes).toEqual(first.body.nodes);
  });

  it('answers the tree uncompressed to a client that does not take gzip', async () => {
    const { server } = await startPluginOnSandbox({
      permission: AuthorizeResult.ALLOW,
    });
    const res = await request(server)
      .get('/api/ai-governance/tree')
      .set('Accept-Encoding', 'identity')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(() => gunzipSync(res.body)).toThrow();
    expect(JSON.parse(res.body.toString()).nodes.length).toBeGreaterThan(5);
  });
});

describe('aiGovernancePlugin across restarts and writes', () => {
  it('serves the stored snapshot at once after a restart', async () => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    try {
      const first = await startPluginOnSandbox({
        features: [mockServices.database.factory({ knex })],
        permission: AuthorizeResult.ALLOW,
      });
      const before = await request(first.server).get('/api/ai-governance/tree');
      expect(before.status).toBe(200);
      await first.stop();

      // The restarted backend's sandbox starts empty, and nothing is crawled at startup when a snapshot is stored:
      // it serves the demo organization it stored before.
      const second = await startPluginOnSandbox({
        features: [mockServices.database.factory({ knex })],
        config: {
          aiGovernance: {
            organizations: { sandbox: { enabled: true, seed: 'empty' } },
          },
        },
        permission: AuthorizeResult.ALLOW,
      });
      const after = await request(second.server).get('/api/ai-governance/tree');
      expect(after.status).toBe(200);
      expect(after.body.snapshotTime).toBe(before.body.snapshotTime);
      expect(after.body.nodes).toEqual(before.body.nodes);
      const status = await request(second.server).get(
        '/api/ai-governance/status',
      );
      expect(status.body.refreshing).toBe(false);
      await second.stop();
    } finally {
      await knex.destroy();
    }
  });

  it('re-reads what another plugin wrote through inventoryServiceRef, without a full crawl', async () => {
    // Another plugin (the scaffolder module, in the product) takes the inventory through deps.
    let hub: InventoryService | undefined;
    const writer = createBackendPlugin({
      pluginId: 'writer',
      register(env) {
        env.registerInit({
          deps: { inventory: inventoryServiceRef },
          async init({ inventory }) {
            hub = inventory;
          },
        });
      },
    });
    const { server } = await startPluginOnSandbox({
      features: [
        writer,
        // Backstage's events service, shared by the plugins of this backend (no events backend: in-process only).
        eventsServiceFactory,
      ],
      config: { ...demoSandboxConfig, events: { useEventBus: 'never' } },
      permission: AuthorizeResult.ALLOW,
    });
    await request(server).get('/api/ai-governance/tree');
    const client = await hub!.getClient();
    const rootId = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
    const { OrganizationalUnit: ou } = await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: rootId,
        Name: 'Written',
      }),
    );
    expect(
      (await request(server).get(`/api/ai-governance/nodes/${ou!.Id}`)).status,
    ).toBe(404);

    await hub!.notifyWrites({ ouIds: [ou!.Id!] });

    const node = await request(server).get(
      `/api/ai-governance/nodes/${ou!.Id}`,
    );
    expect(node.status).toBe(200);
    expect(node.body.path.map((p: { id: string }) => p.id)).toEqual([
      rootId,
      ou!.Id,
    ]);
    const status = await request(server).get('/api/ai-governance/status');
    expect(status.body.lastCrawl.trigger).toBe('write');
    expect(status.body.lastCrawl.calls).toBeLessThan(10);
    expect((await hub!.getSource()).kind).toBe('sandbox');
  });
});
