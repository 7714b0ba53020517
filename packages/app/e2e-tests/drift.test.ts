import { APIRequestContext, expect, test } from '@playwright/test';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';

failOnBrowserErrors();

const BACKEND = process.env.AIGOV_BACKEND_URL ?? 'http://localhost:7007';
const POLICY_NAME = 'guardrail-deny-leave-organization';

/** A guest's Backstage token, to call the backend as the browser does. */
async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.ok(), `guest sign-in: ${res.status()}`).toBe(true);
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** One AWS Organizations call against the sandbox (AWS JSON 1.1; the sandbox does not check signatures). */
async function organizations(
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
async function refresh(request: APIRequestContext, token: string) {
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

test('Drift: a policy edited in the sandbox shows as changed, and the organization is back in sync once restored', async ({
  page,
  request,
}) => {
  const token = await guestToken(request);
  const statusRes = await request.get(`${BACKEND}/api/ai-governance/status`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(statusRes.ok()).toBe(true);
  const status = await statusRes.json();
  expect(status.source?.kind, 'the portal reads the embedded sandbox').toBe(
    'sandbox',
  );
  const endpoint: string = status.source.endpoint;

  const { Policies } = await organizations(request, endpoint, 'ListPolicies', {
    Filter: 'SERVICE_CONTROL_POLICY',
  });
  const summary = (Policies as Array<{ Id: string; Name: string }>).find(
    p => p.Name === POLICY_NAME,
  );
  expect(summary, `${POLICY_NAME} in the sandbox`).toBeDefined();
  const policyId = summary!.Id;
  const { Policy } = await organizations(request, endpoint, 'DescribePolicy', {
    PolicyId: policyId,
  });
  const original: string = Policy.Content;

  const edited = JSON.parse(original);
  edited.Statement = [
    ...(Array.isArray(edited.Statement)
      ? edited.Statement
      : [edited.Statement]),
    {
      Sid: 'E2EDriftCheck',
      Effect: 'Deny',
      Action: 'organizations:CloseAccount',
      Resource: '*',
    },
  ];

  try {
    await organizations(request, endpoint, 'UpdatePolicy', {
      PolicyId: policyId,
      Content: JSON.stringify(edited),
    });
    await refresh(request, token);

    await page.goto('/ai-governance');
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      page.getByRole('tree', { name: 'Organization' }),
    ).toBeVisible();
    await page.getByRole('tab', { name: 'Drift' }).click();
    await expect(page).toHaveURL(/\/ai-governance\/drift$/);

    const changed = page.getByRole('list', { name: 'Changed policies' });
    await expect(changed).toBeVisible();
    const link = changed.getByRole('link', { name: POLICY_NAME });
    await expect(link).toHaveAttribute(
      'href',
      new RegExp(`/ai-governance/policies/${policyId}$`),
    );
    await expect(changed).toContainText("differs from the baseline's document");

    // The link opens the live policy, with the statement added in the sandbox.
    await link.click();
    await expect(page).toHaveURL(
      new RegExp(`/ai-governance/policies/${policyId}$`),
    );
    await expect(page.getByText('E2EDriftCheck').first()).toBeVisible();
  } finally {
    await organizations(request, endpoint, 'UpdatePolicy', {
      PolicyId: policyId,
      Content: original,
    });
    await refresh(request, token);
  }

  // Restored: the dashboard says the organization matches the baseline again.
  await page.getByRole('tab', { name: 'Drift' }).click();
  await expect(
    page.getByText(/^The organization matches the baseline/),
  ).toBeVisible();
});
