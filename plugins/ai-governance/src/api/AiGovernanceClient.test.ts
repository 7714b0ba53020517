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
});
