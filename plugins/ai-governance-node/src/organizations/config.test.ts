import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { ListRootsCommand } from '@aws-sdk/client-organizations';
import { startSandbox } from '@internal/organizations-sandbox';
import {
  organizationsClientFromConfig,
  readOrganizationsConfig,
} from './config';
import { getOrganizationsRateLimiter } from './client';

function config(organizations: object) {
  return new ConfigReader({ aiGovernance: { organizations } });
}

describe('readOrganizationsConfig', () => {
  it('fills in the defaults', () => {
    const c = readOrganizationsConfig(new ConfigReader({}));
    expect(c.region).toBe('us-east-1');
    expect(c.endpoint).toBeUndefined();
    expect(c.sandbox).toEqual({
      enabled: false,
      seed: 'demo',
      port: 0,
      persistFile: undefined,
      requestsPerSecond: undefined,
    });
  });

  it.each([
    [
      { accountId: 'management' },
      /accountId must be a 12-digit AWS account id/,
    ],
    [{ endpoint: 'localhost 4566' }, /endpoint must be a URL such as/],
    [
      { rateLimit: { requestsPerSecond: 0 } },
      /rateLimit.requestsPerSecond must be a positive number/,
    ],
    [{ sandbox: { port: 70000 } }, /sandbox.port must be a port number/],
  ])('rejects %j with a message that says what to fix', (org, message) => {
    expect(() => readOrganizationsConfig(config(org))).toThrow(message);
  });
});

describe('organizationsClientFromConfig', () => {
  it('talks to the configured endpoint through the shared limiter of that organization', async () => {
    const running = await startSandbox({ port: 0 });
    try {
      const cfg = config({
        endpoint: running.url,
        rateLimit: { requestsPerSecond: 500, maxConcurrency: 3 },
      });
      const logger = mockServices.logger.mock();
      const a = await organizationsClientFromConfig(cfg, logger);
      const b = await organizationsClientFromConfig(cfg, logger);
      expect(getOrganizationsRateLimiter(a)).toBe(
        getOrganizationsRateLimiter(b),
      );
      expect(getOrganizationsRateLimiter(a)?.maxConcurrency).toBe(3);
      const roots = await a.send(new ListRootsCommand({}));
      expect(roots.Roots).toHaveLength(1);
    } finally {
      await running.close();
    }
  });

  it('takes the credentials of the configured account from the standard aws block', async () => {
    const cfg = new ConfigReader({
      aws: {
        accounts: [
          {
            accountId: '123456789012',
            accessKeyId: 'AKIAEXAMPLEKEY',
            secretAccessKey: 'example-secret',
          },
        ],
      },
      aiGovernance: { organizations: { accountId: '123456789012' } },
    });
    const logger = mockServices.logger.mock();
    const client = await organizationsClientFromConfig(cfg, logger);
    const credentials = await client.config.credentials();
    expect(credentials.accessKeyId).toBe('AKIAEXAMPLEKEY');
    expect(await client.config.region()).toBe('us-east-1');
    // The secret never reaches the log.
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain(
      'example-secret',
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('as account 123456789012'),
    );
  });
});
