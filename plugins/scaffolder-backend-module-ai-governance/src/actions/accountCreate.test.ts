import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { AccountRequestRecord } from '@internal/plugin-ai-governance-common';
import yaml from 'yaml';
import { createAccountCreateAction } from './accountCreate';
import { examples } from './accountCreate.examples';

const JANE = 'user:default/jane';

/** A stand-in for the ai-governance backend's account request routes, on a real local HTTP server. */
class FakeBackend {
  server?: Server;
  calls: Array<{ method: string; url: string; auth?: string; body?: any }> =
    [];
  /** What POST /account-requests answers. */
  create: { status: number; body: any } = { status: 201, body: {} };
  /** What successive GETs of the request answer (the last repeats). */
  reads: AccountRequestRecord[] = [];

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      this.calls.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        body,
      });
      res.setHeader('Content-Type', 'application/json');
      if (req.headers.authorization !== `Bearer obo:${JANE}:ai-governance`) {
        res.statusCode = 401;
        res.end(
          JSON.stringify({
            error: { name: 'AuthenticationError', message: 'no' },
          }),
        );
        return;
      }
      if (req.method === 'POST') {
        res.statusCode = this.create.status;
        res.end(JSON.stringify(this.create.body));
        return;
      }
      const next =
        this.reads.length > 1 ? this.reads.shift()! : this.reads[0];
      res.end(JSON.stringify(next));
    });
    await new Promise<void>(r => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/ai-governance`;
  }

  async stop() {
    await new Promise(r => this.server?.close(r));
  }
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** Issues a token that names who it is on behalf of, so the fake backend can check it. */
const auth = {
  getPluginRequestToken: async ({
    onBehalfOf,
    targetPluginId,
  }: {
    onBehalfOf: BackstageCredentials;
    targetPluginId: string;
  }) => ({
    token: `obo:${(onBehalfOf.principal as any).userEntityRef}:${targetPluginId}`,
  }),
} as unknown as AuthService;

function record(overrides: Partial<AccountRequestRecord>): AccountRequestRecord {
  return {
    id: 'req-0123456789ab',
    state: 'approved',
    fields: {
      name: 'ML Research',
      environment: 'development',
      owner: 'group:default/ml-platform',
      costCenter: 'CC-1234',
      dataClassification: 'internal',
      purpose: 'Experiments',
    },
    email: 'aws+ml-research@example.com',
    requestedBy: JANE,
    targetOrganizationalUnit: 'AI/Development',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    history: [],
    ...overrides,
  };
}

const input = {
  name: 'ML Research',
  environment: 'development',
  owner: 'group:default/ml-platform',
  costCenter: 'CC-1234',
  dataClassification: 'internal',
  purpose: 'Experiments',
};

describe('ai-governance:account:create', () => {
  const backend = new FakeBackend();
  let action: ReturnType<typeof createAccountCreateAction>;

  beforeAll(async () => {
    const url = await backend.start();
    const discovery: DiscoveryService = {
      getBaseUrl: async () => url,
      getExternalBaseUrl: async () => url,
    };
    action = createAccountCreateAction({
      auth,
      discovery,
      appBaseUrl: 'http://portal.example/',
      pollIntervalMs: 1,
    });
  });
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.calls = [];
  });

  function context(overrides: Record<string, unknown> = {}) {
    const ctx = createMockActionContext({
      input: { ...input, ...overrides },
      task: { id: 'task-7' } as any,
    });
    return {
      ...ctx,
      getInitiatorCredentials: async () => mockCredentials.user(JANE),
    };
  }

  it('submits a development request as the initiating user and waits for its account', async () => {
    backend.create = {
      status: 201,
      body: { created: true, request: record({ state: 'approved' }) },
    };
    backend.reads = [
      record({ state: 'provisioning', engine: 'organizations-api' }),
      record({
        state: 'ready',
        accountId: '123456789012',
        accountArn: 'arn:aws:organizations::111:account/o-1/123456789012',
        organizationalUnitId: 'ou-abcd-12345678',
        engine: 'organizations-api',
        runLogRef: 'dev-ml-research-1234abcd',
      }),
    ];
    const ctx = context({ email: '' });
    await action.handler(ctx as any);

    expect(backend.calls[0]).toMatchObject({
      method: 'POST',
      url: '/api/ai-governance/account-requests',
      body: { ...input, taskId: 'task-7' },
    });
    expect(backend.calls[0].body.email).toBeUndefined();
    expect(backend.calls.slice(1).map(c => c.url)).toEqual([
      '/api/ai-governance/account-requests/req-0123456789ab',
      '/api/ai-governance/account-requests/req-0123456789ab',
    ]);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    expect(outputs).toEqual({
      requestId: 'req-0123456789ab',
      requestUrl: 'http://portal.example/ai-governance/requests/req-0123456789ab',
      requestState: 'ready',
      accountId: '123456789012',
      accountArn: 'arn:aws:organizations::111:account/o-1/123456789012',
      organizationalUnitId: 'ou-abcd-12345678',
      stackName: 'dev-ml-research-1234abcd',
      engine: 'organizations-api',
      dashboardUrl: 'http://portal.example/ai-governance/nodes/123456789012',
    });
  });

  it('ends a production request at once: submitted, waiting for approval, with a link', async () => {
    backend.create = {
      status: 201,
      body: {
        created: true,
        request: record({
          state: 'requested',
          fields: { ...record({}).fields, environment: 'production' },
        }),
      },
    };
    const ctx = context({ environment: 'production' });
    await action.handler(ctx as any);
    expect(backend.calls).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('requestState', 'requested');
    expect(ctx.output).toHaveBeenCalledWith('accountId', '');
    expect(ctx.output).toHaveBeenCalledWith(
      'dashboardUrl',
      'http://portal.example/ai-governance/requests/req-0123456789ab',
    );
  });

  it("fails with the backend's message when the request is refused", async () => {
    backend.create = {
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message:
            'The account name "ML Research" is already held by request req-aaaaaaaaaaaa of group:default/other',
        },
      },
    };
    await expect(action.handler(context() as any)).rejects.toThrow(
      /already held by request req-aaaaaaaaaaaa of group:default\/other/,
    );
  });

  it('fails with the reason when provisioning fails', async () => {
    backend.create = {
      status: 200,
      body: { created: false, request: record({ state: 'provisioning' }) },
    };
    backend.reads = [
      record({ state: 'failed', failureReason: 'The email is in use' }),
    ];
    await expect(action.handler(context() as any)).rejects.toThrow(
      /ended failed \(The email is in use\)/,
    );
  });

  it('stops waiting when the task is cancelled', async () => {
    backend.create = {
      status: 201,
      body: { created: true, request: record({ state: 'approved' }) },
    };
    backend.reads = [record({ state: 'provisioning' })];
    const controller = new AbortController();
    const ctx = { ...context(), signal: controller.signal };
    const run = action.handler(ctx as any);
    setImmediate(() => controller.abort(new Error('task cancelled')));
    await expect(run).rejects.toThrow(/task cancelled/);
  });

  it('dry run validates through the backend without storing a request', async () => {
    backend.create = {
      status: 200,
      body: { created: false, request: record({ state: 'approved', id: '' }) },
    };
    const ctx = { ...context(), isDryRun: true };
    await action.handler(ctx as any);
    expect(backend.calls.map(c => c.url)).toEqual([
      '/api/ai-governance/account-requests?dryRun=true',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('requestId', '');
    expect(ctx.output).toHaveBeenCalledWith('requestState', 'approved');
  });

  it('has examples that use its inputs', () => {
    const inputs = Object.keys((action.schema?.input as any).properties);
    for (const example of examples) {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe('ai-governance:account:create');
      for (const key of Object.keys(step.input)) {
        expect(inputs).toContain(key);
      }
    }
  });
});
