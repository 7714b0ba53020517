import { ResponseError } from '@backstage/errors';
import { AiGovernanceClient } from './AiGovernanceClient';

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new AiGovernanceClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage/api/${id}` },
    fetchApi: {
      fetch: async (input: any, init?: RequestInit) => {
        calls.push({ url: String(input), init });
        return respond(String(input), init);
      },
    },
  });
  return { client, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('AiGovernanceClient', () => {
  it('reads through the fetch API at the discovered base URL', async () => {
    const { client, calls } = setup(() => json({ nodes: [] }));
    await expect(client.getTree()).resolves.toEqual({ nodes: [] });
    await client.getNode('ou-ab12-cdef3456');
    await client.getPolicy('p-1/../x');
    await client.getStatus();
    await client.getDrift();
    expect(calls.map(c => c.url)).toEqual([
      'http://backstage/api/ai-governance/tree',
      'http://backstage/api/ai-governance/nodes/ou-ab12-cdef3456',
      'http://backstage/api/ai-governance/policies/p-1%2F..%2Fx',
      'http://backstage/api/ai-governance/status',
      'http://backstage/api/ai-governance/drift',
    ]);
  });

  it('posts JSON bodies', async () => {
    const { client, calls } = setup(() => json({ findings: [] }));
    await client.lint('{}', 'SERVICE_CONTROL_POLICY');
    await client.lint('{}', 'RESOURCE_CONTROL_POLICY', 'RCPFullAWSAccess');
    await client.simulate({ target: '1', action: 'bedrock:InvokeModel' });
    await client.whoCan({ action: 'bedrock:InvokeModel' });
    expect(
      calls.map(c => [c.url.split('/').pop(), c.init?.method, c.init?.body]),
    ).toEqual([
      [
        'lint',
        'POST',
        JSON.stringify({ content: '{}', type: 'SERVICE_CONTROL_POLICY' }),
      ],
      [
        'lint',
        'POST',
        JSON.stringify({
          content: '{}',
          type: 'RESOURCE_CONTROL_POLICY',
          name: 'RCPFullAWSAccess',
        }),
      ],
      [
        'simulate',
        'POST',
        JSON.stringify({ target: '1', action: 'bedrock:InvokeModel' }),
      ],
      ['who-can', 'POST', JSON.stringify({ action: 'bedrock:InvokeModel' })],
    ]);
    expect(
      (calls[0].init?.headers as Record<string, string>)['Content-Type'],
    ).toBe('application/json');
  });

  it('accepts an empty body from refresh', async () => {
    const { client, calls } = setup(() => new Response(null, { status: 202 }));
    await expect(client.refresh()).resolves.toBeUndefined();
    expect(calls[0].init?.method).toBe('POST');
  });

  it('reads action suggestions as strings or objects', async () => {
    const { client, calls } = setup(url =>
      url.includes('prefix=bed')
        ? json({
            actions: [
              'bedrock:InvokeModel',
              {
                action: 'bedrock:Converse',
                resourceTypes: ['foundation-model'],
              },
            ],
          })
        : json([]),
    );
    await expect(client.listActions('bed')).resolves.toEqual([
      { action: 'bedrock:InvokeModel' },
      { action: 'bedrock:Converse', resourceTypes: ['foundation-model'] },
    ]);
    expect(calls[0].url).toBe(
      'http://backstage/api/ai-governance/actions?prefix=bed',
    );
  });

  it('throws a ResponseError carrying the status on failure', async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotAllowedError', message: 'denied' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    const err = await client.getTree().catch(e => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect(err.statusCode).toBe(403);
  });
  describe('account requests', () => {
    const record = {
      id: 'car-abcdef12',
      state: 'requested',
      fields: {
        name: 'ML Prod',
        environment: 'production',
        owner: 'group:default/ml-platform',
        costCenter: 'CC-1',
        dataClassification: 'confidential',
        purpose: 'Inference',
      },
      email: 'aws+ml-prod@example.com',
      requestedBy: 'user:default/guest',
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
      history: [],
    };

    it('lists with the state and mine filters in the query', async () => {
      const { client, calls } = setup(() => json({ items: [record] }));
      await expect(client.listAccountRequests()).resolves.toEqual({
        items: [record],
      });
      await client.listAccountRequests({ state: 'requested' });
      await client.listAccountRequests({ mine: true });
      await client.listAccountRequests({ state: 'ready', mine: true });
      expect(calls.map(c => [c.url, c.init?.method])).toEqual([
        ['http://backstage/api/ai-governance/account-requests', undefined],
        [
          'http://backstage/api/ai-governance/account-requests?state=requested',
          undefined,
        ],
        [
          'http://backstage/api/ai-governance/account-requests?mine=true',
          undefined,
        ],
        [
          'http://backstage/api/ai-governance/account-requests?state=ready&mine=true',
          undefined,
        ],
      ]);
    });

    it('creates with the form fields as the JSON body', async () => {
      const { client, calls } = setup(() =>
        json({ request: record, created: true }, 201),
      );
      const body = { ...(record.fields as any), taskId: 'task-1' };
      await expect(client.createAccountRequest(body)).resolves.toEqual({
        request: record,
        created: true,
      });
      expect(calls[0].url).toBe(
        'http://backstage/api/ai-governance/account-requests',
      );
      expect(calls[0].init?.method).toBe('POST');
      expect(JSON.parse(String(calls[0].init?.body))).toEqual(body);
    });

    it('reads one request by its encoded id, bare or wrapped', async () => {
      const { client, calls } = setup(url =>
        url.endsWith('wrapped') ? json({ request: record }) : json(record),
      );
      await expect(client.getAccountRequest('car-abcdef12')).resolves.toEqual(
        record,
      );
      await expect(client.getAccountRequest('wrapped')).resolves.toEqual(
        record,
      );
      await client.getAccountRequest('a/../b');
      expect(calls.map(c => c.url)).toEqual([
        'http://backstage/api/ai-governance/account-requests/car-abcdef12',
        'http://backstage/api/ai-governance/account-requests/wrapped',
        'http://backstage/api/ai-governance/account-requests/a%2F..%2Fb',
      ]);
    });

    it('posts approve, reject and cancel with the trimmed comment', async () => {
      const { client, calls } = setup(() =>
        json({ ...record, state: 'approved' }),
      );
      await expect(
        client.approveAccountRequest('car-1', '  looks fine '),
      ).resolves.toMatchObject({ state: 'approved' });
      await client.approveAccountRequest('car-1');
      await client.rejectAccountRequest('car-1', 'no budget');
      await client.cancelAccountRequest('car-1', '   ');
      expect(
        calls.map(c => [
          c.url.replace('http://backstage/api/ai-governance', ''),
          c.init?.method,
          c.init?.body,
        ]),
      ).toEqual([
        [
          '/account-requests/car-1/approve',
          'POST',
          JSON.stringify({ comment: 'looks fine' }),
        ],
        ['/account-requests/car-1/approve', 'POST', '{}'],
        [
          '/account-requests/car-1/reject',
          'POST',
          JSON.stringify({ comment: 'no budget' }),
        ],
        ['/account-requests/car-1/cancel', 'POST', '{}'],
      ]);
    });

    it("throws the server's message and status on a refusal", async () => {
      const { client } = setup(() =>
        json(
          {
            error: {
              name: 'ConflictError',
              message:
                'Request car-1 was already approved by user:default/admin.',
            },
            response: { statusCode: 409 },
          },
          409,
        ),
      );
      const err = await client
        .approveAccountRequest('car-1', 'ok')
        .catch(e => e);
      expect(err).toBeInstanceOf(ResponseError);
      expect(err.statusCode).toBe(409);
      expect(err.body.error.message).toBe(
        'Request car-1 was already approved by user:default/admin.',
      );
    });
  });
});
