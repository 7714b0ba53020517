import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { StatusResponse } from '@internal/plugin-ai-governance-common';
import request from 'supertest';
import {
  demoSandboxConfig,
  startPluginOnSandbox,
} from '../__testUtils__/pluginOnSandbox';

const config = {
  aiGovernance: {
    ...demoSandboxConfig.aiGovernance,
    inventory: { refreshCooldown: { seconds: 120 } },
  },
};

describe('POST /refresh', () => {
  it('answers 429 with Retry-After and when to retry to a user who asks again within the cooldown, and shows the crawl in /status', async () => {
    const { server } = await startPluginOnSandbox({
      config,
      permission: AuthorizeResult.ALLOW,
    });
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');
    // The startup crawl.
    expect((await request(server).get('/api/ai-governance/tree')).status).toBe(
      200,
    );

    const first = await request(server)
      .post('/api/ai-governance/refresh')
      .set(
        'Authorization',
        mockCredentials.user.header(alice.principal.userEntityRef),
      )
      .send({ wait: true });
    expect(first.status).toBe(200);
    const status: StatusResponse = first.body;
    expect(status.lastCrawl?.trigger).toBe('manual');
    expect(status.snapshotComplete).toBe(true);
    expect(status.lastFailure).toBeUndefined();

    const again = await request(server)
      .post('/api/ai-governance/refresh')
      .set(
        'Authorization',
        mockCredentials.user.header(alice.principal.userEntityRef),
      )
      .send({});
    expect(again.status).toBe(429);
    const retryAfter = Number(again.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(100);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(again.body.error.message).toMatch(
      /Try again after \d{4}-\d\d-\d\dT.*\(in \d+ s\)/,
    );

    const other = await request(server)
      .post('/api/ai-governance/refresh')
      .set(
        'Authorization',
        mockCredentials.user.header(bob.principal.userEntityRef),
      )
      .send({ wait: true });
    expect(other.status).toBe(200);

    const tree = await request(server).get('/api/ai-governance/tree');
    expect(tree.body.complete).toBe(true);

    // A crawl is started by a person: service principals pass every permission check unasked, so they are refused.
    const service = await request(server)
      .post('/api/ai-governance/refresh')
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(service.status).toBe(403);
  });
});
