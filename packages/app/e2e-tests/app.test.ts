import { test, expect } from '@playwright/test';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';

failOnBrowserErrors();

test('a guest signs in and reaches the AI Governance page from the sidebar', async ({
  page,
}) => {
  await page.goto('/');

  const enterButton = page.getByRole('button', { name: 'Enter' });
  await expect(enterButton).toBeVisible();
  await enterButton.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const aiGovernance = nav.getByRole('link', { name: 'AI Governance' });
  await expect(aiGovernance).toBeVisible();
  await aiGovernance.click();

  await expect(page).toHaveURL(/\/ai-governance/);
  await expect(
    page.getByRole('heading', { name: 'AI Governance' }).first(),
  ).toBeVisible();
});
