import { expect, test } from '@playwright/test';
import {
  getAiGovernance,
  guestToken,
  organizations,
  refresh,
} from './support/backend';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';
import { gotoSignedIn } from './support/signIn';

failOnBrowserErrors();

const POLICY_NAME = 'guardrail-deny-leave-organization';

test('Drift: a policy edited in the sandbox shows as changed, and the organization is back in sync once restored', async ({
  page,
  request,
}) => {
  const token = await guestToken(request);
  const status = await getAiGovernance(request, token, '/status');
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

    await gotoSignedIn(page, '/ai-governance', 'guest');
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
