import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import {
  type AccountRequestRecord,
  compileOrgModel,
  type OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { loadBaselineModel } from '@internal/plugin-ai-governance-node';
import {
  AiGovernanceEntityProvider,
  readCatalogOptions,
} from './AiGovernanceEntityProvider';
import { entityNameOf } from './entityVocabulary';

function demoSnapshot(): OrgSnapshot {
  return compileOrgModel(loadBaselineModel(demoOrgModelPath), {
    capturedAt: '2026-01-01T00:00:00.000Z',
  });
}

const treeOf = (snapshot: OrgSnapshot) => ({
  ...snapshot,
  snapshotTime: snapshot.capturedAt,
});

/** A vended account's request record, as `GET /account-requests` serves it. */
function requestRecord(
  id: string,
  accountId: string,
  owner: string,
): AccountRequestRecord {
  return {
    id,
    state: 'ready',
    fields: {
      name: 'vended',
      environment: 'development',
      owner,
      costCenter: 'CC-1',
      dataClassification: 'internal',
      purpose: 'test',
    },
    email: 'aws+vended@example.com',
    requestedBy: 'user:default/alice',
    accountId,
    targetOrganizationalUnit: 'AI/Development',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  } as AccountRequestRecord;
}

describe('AiGovernanceEntityProvider', () => {
  let server: http.Server;
  let tree: { status: number; body?: unknown };
  let accountRequests: { status: number; body?: unknown };
  let posture: { status: number; body?: unknown };
  /** Status of GET /policies/{id}; 200 serves the policy of the current tree. */
  let policyStatus: number;
  const requests: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({ url: req.url, authorization: req.headers.authorization });
      let reply = tree;
      if (req.url?.startsWith('/api/ai-governance/account-requests'))
        reply = accountRequests;
      if (req.url === '/api/ai-governance/posture') reply = posture;
      const policyId = /^\/api\/ai-governance\/policies\/([^/?]+)$/.exec(
        req.url ?? '',
      )?.[1];
      if (policyId) {
        const policy = (tree.body as OrgSnapshot).policies.find(
          p => p.id === decodeURIComponent(policyId),
        );
        reply = policy
          ? {
              status: policyStatus,
              body: { policy, targets: [], snapshotTime: 'x' },
            }
          : { status: 404 };
      }
      res.statusCode = reply.status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(reply.body ?? { error: { message: 'x' } }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise(r => server.close(r)));
  beforeEach(() => {
    requests.length = 0;
    tree = { status: 200, body: treeOf(demoSnapshot()) };
    accountRequests = { status: 200, body: { items: [] } };
    posture = { status: 200, body: { findings: [] } };
    policyStatus = 200;
  });

  /** The ids of the policies whose documents the provider reads: SCPs, RCPs, Bedrock and AI opt-out policies. */
  const contentPolicyIds = (snapshot: OrgSnapshot) =>
    snapshot.policies
      .filter(p =>
        [
          'SERVICE_CONTROL_POLICY',
          'RESOURCE_CONTROL_POLICY',
          'BEDROCK_POLICY',
          'AISERVICES_OPT_OUT_POLICY',
        ].includes(p.type),
      )
      .map(p => p.id);
  const policyReads = () =>
    requests
      .map(r => r.url ?? '')
      .filter(u => u.startsWith('/api/ai-governance/policies/'));

  function setUp(catalog: { fullMutationEvery?: number } = {}) {
    const { port } = server.address() as AddressInfo;
    const provider = AiGovernanceEntityProvider.create({
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      logger: mockServices.logger.mock(),
      taskRunner: { run: jest.fn() },
      catalog: readCatalogOptions(
        mockServices.rootConfig({ data: { aiGovernance: { catalog } } }),
      ),
    });
    const connection: jest.Mocked<EntityProviderConnection> = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    };
    return { provider, connection };
  }

  const mutation = (
    connection: jest.Mocked<EntityProviderConnection>,
    call: number,
  ): EntityProviderMutation => connection.applyMutation.mock.calls[call][0];

  it('schedules itself, reads the tree and the account requests as the catalog service, and applies a full mutation first', async () => {
    const { provider, connection } = setUp();
    await provider.connect(connection);
    const result = await provider.refresh();
    expect(result?.mutation).toBe('full');
    expect(result!.entities).toBeGreaterThan(demoSnapshot().nodes.length);
    expect(requests.slice(0, 3).map(r => r.url)).toEqual([
      '/api/ai-governance/tree',
      '/api/ai-governance/account-requests?state=provisioning,ready,failed&limit=1000',
      '/api/ai-governance/posture',
    ]);
    // Then each document the AI details and summaries need, once.
    const ids = contentPolicyIds(demoSnapshot());
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toContain('p-FullAWSAccess');
    expect(policyReads().sort()).toEqual(
      ids.map(id => `/api/ai-governance/policies/${id}`).sort(),
    );
    expect(requests).toHaveLength(3 + ids.length);
    for (const r of requests) {
      // mockServices.auth tokens name the caller: the catalog's own service principal, for the target plugin.
      expect(r.authorization).toContain(
        '"sub":"plugin:catalog","target":"ai-governance"',
      );
    }
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const m = mutation(connection, 0);
    if (m.type !== 'full') throw new Error(`expected full, got ${m.type}`);
    expect(m.entities).toHaveLength(result!.entities);
    expect(
      m.entities.every(e => e.locationKey === 'ai-governance-organization'),
    ).toBe(true);
  });

  it('applies nothing when the next snapshot gives the same entities', async () => {
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await provider.refresh();
    await expect(provider.refresh()).resolves.toMatchObject({
      mutation: 'none',
      added: 0,
      removed: 0,
    });
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('then applies delta mutations: the moved account as added, the removed account as removed', async () => {
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await provider.refresh();

    const next = demoSnapshot();
    const accounts = next.nodes.filter(n => n.kind === 'account');
    const [moved, gone] = accounts;
    const target = next.nodes.find(
      n => n.kind === 'ou' && n.id !== moved.parentId,
    )!;
    moved.parentId = target.id;
    moved.name = 'moved-and-renamed';
    next.nodes = next.nodes.filter(n => n.id !== gone.id);
    tree = { status: 200, body: treeOf(next) };

    const result = await provider.refresh();
    expect(result?.mutation).toBe('delta');
    const m = mutation(connection, 1);
    if (m.type !== 'delta') throw new Error(`expected delta, got ${m.type}`);
    const addedNames = m.added.map(d => d.entity.metadata.name);
    expect(addedNames).toContain(entityNameOf('account', moved.id));
    const movedEntity = m.added.find(
      d => d.entity.metadata.name === entityNameOf('account', moved.id),
    )!.entity;
    expect(movedEntity.metadata.title).toBe('moved-and-renamed');
    expect(movedEntity.spec!.dependsOn).toEqual([
      `resource:default/${entityNameOf('ou', target.id)}`,
    ]);
    // Only what changed: far fewer entities than the snapshot holds.
    expect(m.added.length).toBeLessThan(result!.entities / 2);
    expect(m.added.length).toBe(result!.added);
    expect(m.removed).toEqual([
      {
        entityRef: `resource:default/${entityNameOf('account', gone.id)}`,
        locationKey: 'ai-governance-organization',
      },
    ]);
    expect(
      m.added.every(d => d.locationKey === 'ai-governance-organization'),
    ).toBe(true);
  });

  it('applies a full mutation again every fullMutationEvery runs', async () => {
    const { provider, connection } = setUp({ fullMutationEvery: 3 });
    await provider.connect(connection);
    const kinds: string[] = [];
    for (let i = 0; i < 7; i++)
      kinds.push((await provider.refresh())!.mutation);
    expect(kinds).toEqual([
      'full',
      'none',
      'none',
      'full',
      'none',
      'none',
      'full',
    ]);
  });

  it('applies a full mutation after the catalog failed to take one', async () => {
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await provider.refresh();
    const next = demoSnapshot();
    next.nodes.find(n => n.kind === 'account')!.name = 'renamed';
    tree = { status: 200, body: treeOf(next) };
    connection.applyMutation.mockRejectedValueOnce(new Error('database gone'));
    await expect(provider.refresh()).rejects.toThrow(
      /next run applies a full mutation.*database gone/,
    );
    await expect(provider.refresh()).resolves.toMatchObject({
      mutation: 'full',
    });
  });

  it('gives an untagged vended account the owner group of its account request', async () => {
    const snapshot = demoSnapshot();
    const account = snapshot.nodes.find(n => n.kind === 'account')!;
    account.tags = {};
    tree = { status: 200, body: treeOf(snapshot) };
    accountRequests = {
      status: 200,
      body: {
        items: [
          requestRecord('req-new', account.id, 'group:default/ml-research'),
          requestRecord('req-old', account.id, 'group:default/older-team'),
        ],
      },
    };
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await provider.refresh();
    const m = mutation(connection, 0);
    if (m.type !== 'full') throw new Error('full');
    const entity = m.entities.find(
      d => d.entity.metadata.name === entityNameOf('account', account.id),
    )!.entity;
    expect(entity.spec!.owner).toBe('group:default/ml-research');
    expect(
      entity.metadata.annotations!['ai-governance.io/account-request'],
    ).toBe('req-new');
  });

  it('annotates accounts with the posture findings about them, and a delta carries a posture change', async () => {
    const snapshot = demoSnapshot();
    const account = snapshot.nodes.find(
      n =>
        n.kind === 'account' &&
        n.id !== snapshot.organization.managementAccountId,
    )!;
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await provider.refresh();
    posture = {
      status: 200,
      body: {
        findings: [
          {
            code: 'POSTURE_AI_OPT_OUT_NOT_SET',
            severity: 'warning',
            message: 'not opted out',
            fix: 'attach an opt-out policy',
            accountIds: [account.id],
            accountNames: [account.name],
            policies: [],
          },
        ],
      },
    };
    const result = await provider.refresh();
    expect(result?.mutation).toBe('delta');
    const m = mutation(connection, 1);
    if (m.type !== 'delta') throw new Error('delta');
    const entity = m.added.find(
      d => d.entity.metadata.name === entityNameOf('account', account.id),
    )!.entity;
    expect(entity.metadata.annotations).toMatchObject({
      'ai-governance.io/ai-posture': 'findings',
      'ai-governance.io/ai-posture-warnings': '1',
      'ai-governance.io/ai-posture-codes': 'POSTURE_AI_OPT_OUT_NOT_SET',
    });
    // The account and every OU above it up to the root, nothing else.
    const depth = (id?: string): number =>
      id ? 1 + depth(snapshot.nodes.find(n => n.id === id)!.parentId) : 0;
    expect(m.added).toHaveLength(depth(account.id));
  });

  it('fails the run, and changes nothing, when the posture check cannot be read', async () => {
    posture = { status: 500 };
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow(/500/);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('changes nothing while the inventory has no snapshot (503)', async () => {
    tree = { status: 503 };
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toBeUndefined();
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('fails the run, and changes nothing, when the backend refuses the tree or the account requests', async () => {
    const { provider, connection } = setUp();
    await provider.connect(connection);
    tree = { status: 403 };
    await expect(provider.refresh()).rejects.toThrow(/403/);
    tree = { status: 200, body: treeOf(demoSnapshot()) };
    accountRequests = { status: 500 };
    await expect(provider.refresh()).rejects.toThrow(/500/);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('reads the policy documents once per snapshot, and a changed document changes the annotations in a delta', async () => {
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await provider.refresh();
    const first = policyReads().length;
    expect(first).toBeGreaterThan(0);
    await expect(provider.refresh()).resolves.toMatchObject({
      mutation: 'none',
    });
    expect(policyReads()).toHaveLength(first);

    // A new snapshot where the approved-models SCP allows one more model (same policy id).
    const next = demoSnapshot();
    next.capturedAt = '2026-01-02T00:00:00.000Z';
    const models = next.policies.find(
      p => p.name === 'guardrail-ai-approved-bedrock-models',
    )!;
    models.content = models.content.replace(
      'amazon.titan-text-express-v1',
      'amazon.titan-text-express-v1","arn:aws:bedrock:*::foundation-model/meta.llama3-1-70b-instruct-v1:0',
    );
    expect(models.content).toContain('meta.llama3');
    tree = { status: 200, body: treeOf(next) };
    const result = await provider.refresh();
    expect(policyReads()).toHaveLength(2 * first);
    expect(result?.mutation).toBe('delta');
    const m = mutation(connection, 1);
    if (m.type !== 'delta') throw new Error('delta');
    const account = next.nodes.find(n => n.name === 'ml-research-dev')!;
    const entity = m.added.find(
      d => d.entity.metadata.name === entityNameOf('account', account.id),
    )!.entity;
    expect(
      entity.metadata.annotations!['ai-governance.io/bedrock-model-allow-list'],
    ).toContain('meta.llama3-1-70b-instruct-v1:0');
    // The policy's own entity carries the new summary.
    const policyEntity = m.added.find(
      d => d.entity.metadata.title === 'guardrail-ai-approved-bedrock-models',
    )!.entity;
    expect(policyEntity.metadata.description).toContain('meta.llama3');
  });

  it('fails the run, and changes nothing, when a policy document cannot be read', async () => {
    policyStatus = 500;
    const { provider, connection } = setUp();
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow(/500/);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });
});
