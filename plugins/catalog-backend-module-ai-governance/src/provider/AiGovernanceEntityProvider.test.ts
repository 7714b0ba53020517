import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import { compileOrgModel } from '@internal/plugin-ai-governance-common';
import { loadBaselineModel } from '@internal/plugin-ai-governance-node';
import {
  AiGovernanceEntityProvider,
  readCatalogOptions,
} from './AiGovernanceEntityProvider';

describe('AiGovernanceEntityProvider', () => {
  let server: http.Server;
  let reply: { status: number; body?: unknown };
  const requests: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({ url: req.url, authorization: req.headers.authorization });
      res.statusCode = reply.status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(reply.body ?? { error: { message: 'x' } }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise(r => server.close(r)));

  function setUp() {
    const { port } = server.address() as AddressInfo;
    const provider = AiGovernanceEntityProvider.create({
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      logger: mockServices.logger.mock(),
      taskRunner: { run: jest.fn() },
      catalog: readCatalogOptions(mockServices.rootConfig({ data: {} })),
    });
    const connection: jest.Mocked<EntityProviderConnection> = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    };
    return { provider, connection };
  }

  it('schedules itself, reads the tree as the catalog service and applies a full mutation', async () => {
    const snapshot = compileOrgModel(loadBaselineModel(demoOrgModelPath));
    reply = {
      status: 200,
      body: { ...snapshot, snapshotTime: snapshot.capturedAt },
    };
    const { provider, connection } = setUp();
    await provider.connect(connection);
    requests.length = 0;
    const count = await provider.refresh();
    expect(count).toBeGreaterThan(snapshot.nodes.length);
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('/api/ai-governance/tree');
    expect(requests[0].authorization).toMatch(/^Bearer .+/);
    // mockServices.auth tokens name the caller: the catalog's own service principal, for the target plugin.
    expect(requests[0].authorization).toContain(
      '"sub":"plugin:catalog","target":"ai-governance"',
    );
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    if (mutation.type !== 'full') throw new Error('full');
    expect(mutation.entities).toHaveLength(count!);
    expect(
      mutation.entities.every(
        e => e.locationKey === 'ai-governance-organization',
      ),
    ).toBe(true);
  });

  it('changes nothing while the inventory has no snapshot (503)', async () => {
    reply = { status: 503 };
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toBeUndefined();
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('fails the run, and changes nothing, when the backend refuses the read', async () => {
    reply = { status: 403 };
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow(/403/);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });
});
