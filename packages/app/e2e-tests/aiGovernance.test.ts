import { expect, test } from '@playwright/test';
import {
  evaluate,
  firstAccountUnder,
  UNAPPROVED_MODEL,
} from './support/dashboard';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';
import { gotoSignedIn, sidebarLink } from './support/signIn';

failOnBrowserErrors();

test('AI Governance: an account under AI Production, its guardrails, and a denied Bedrock model', async ({
  page,
}) => {
  // Start on the dashboard's URL so the sign-in lands there rather than on the catalog index, whose table logs
  // React development warnings of its own (a missing key, h2 inside h5) that are not this plugin's.
  await gotoSignedIn(page, '/ai-governance', 'guest');
  await expect(page.getByRole('tree', { name: 'Organization' })).toBeVisible();

  await sidebarLink(page).click();
  await expect(page).toHaveURL(/\/ai-governance$/);

  const tree = page.getByRole('tree', { name: 'Organization' });
  await expect(tree).toBeVisible();

  // Open AI, then its Production OU, then the first account directly under it.
  const accountId = await firstAccountUnder(page, ['AI', 'Production']);
  expect(accountId, 'an account directly under AI / Production').not.toBeNull();
  await tree.locator(`[data-node-id="${accountId}"]`).getByRole('link').click();
  await expect(page).toHaveURL(
    new RegExp(`/ai-governance/nodes/${accountId}$`),
  );

  // Its inherited policies, level by level: Root, AI, Production, then the account itself.
  const chain = page.getByRole('list', { name: 'Guardrails by level' });
  await expect(chain).toBeVisible();
  const levels = chain.getByRole('listitem');
  await expect(levels).toHaveCount(4);
  await expect(levels.nth(1)).toHaveAttribute('aria-label', 'Level 2: AI');
  await expect(levels.nth(2)).toHaveAttribute(
    'aria-label',
    'Level 3: Production',
  );
  // Guardrails are attached above the account, each a link to its policy.
  await expect(
    chain.locator('a[href*="/ai-governance/policies/"]').first(),
  ).toBeVisible();
  await expect(levels.last()).toContainText('(this account)');

  // Ask whether bedrock:InvokeModel on a model that is not approved is allowed.
  await page.getByRole('link', { name: 'Can it?' }).last().click();
  await expect(page).toHaveURL(/\/ai-governance\/can-it\?target=/);
  await evaluate(page, 'bedrock:InvokeModel', UNAPPROVED_MODEL);

  const verdict = page.getByRole('region', { name: 'Verdict' });
  await expect(
    verdict.getByText('Denied (explicit deny)').first(),
  ).toBeVisible();
  const deciding = page.getByRole('region', {
    name: 'Deciding statement',
    exact: true,
  });
  await expect(deciding).toContainText(
    'DenyInvokingUnapprovedFoundationModels (Deny) in',
  );
  // The statement is highlighted in its policy document.
  await expect(deciding.locator('mark').first()).toBeVisible();
  await expect(deciding.locator('mark').first()).not.toBeEmpty();
});
