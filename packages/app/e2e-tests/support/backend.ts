/* Calling the portal's backend and its embedded AWS Organizations sandbox directly, as the browser or AWS SDK would. */
import { expect, type APIRequestContext } from '@playwright/test';

/** The backend of the portal under test. */
export const BACKEND = process.env.AIGOV_BACKEND_URL ?? 'http://localhost:7007';

/** A guest's Backstage token, to call the backend as the browser does. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.ok(), `guest sign-in: ${res.status()}`).toBe(true);
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** `GET /api/ai-governance<path>` with the token; fails the test on anything but a 2xx. */
export async function getAiGovernance(
  request: APIRequestContext,
  token: string,
  path: string,
) {
  const res = await request.get(`${BACKEND}/api/ai-governance${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok(), `GET ${path}: ${res.status()} ${await res.text()}`).toBe(
    true,
  );
  return res.json();
}

/** One AWS Organizations call against the sandbox (AWS JSON 1.1; the sandbox does not check signatures). */
export async function organizations(
  request: APIRequestContext,
  endpoint: string,
  operation: string,
  body: unknown,
) {
  const res = await request.post(`${endpoint.replace(/\/+$/, '')}/`, {
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSOrganizationsV20161128.${operation}`,
    },
    data: JSON.stringify(body),
  });
  expect(res.ok(), `${operation}: ${res.status()} ${await res.text()}`).toBe(
    true,
  );
  return res.json();
}

/** A full refresh, waiting out the per-user cooldown (429 with Retry-After) as a well-behaved client does. */
export async function refresh(request: APIRequestContext, token: string) {
  const post = () =>
    request.post(`${BACKEND}/api/ai-governance/refresh`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { wait: true },
    });
  let res = await post();
  if (res.status() === 429) {
    const seconds = Number(res.headers()['retry-after'] ?? '5');
    await new Promise(resolve => setTimeout(resolve, (seconds + 1) * 1000));
    res = await post();
  }
  expect(res.ok(), `refresh: ${res.status()} ${await res.text()}`).toBe(true);
}
