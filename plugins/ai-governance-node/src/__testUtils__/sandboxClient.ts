// Test builder: the real Organizations client (AWS SDK over HTTP) for a sandbox on loopback, its rate limiter opened
// up so that a test is not paced like a real organization.
import { createOrganizationsClient } from '../organizations/client';
import { OrganizationsRateLimiter } from '../organizations/rateLimiter';

/** The client for the sandbox at `endpoint`. */
export function sandboxClient(endpoint: string) {
  return createOrganizationsClient({
    endpoint,
    rateLimiter: new OrganizationsRateLimiter({
      requestsPerSecond: 100_000,
      burst: 1000,
      maxConcurrency: 8,
    }),
  });
}
