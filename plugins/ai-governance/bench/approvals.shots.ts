/* eslint-disable no-restricted-imports -- a Node script writing files next to the docs */
import { expect, Page, test } from '@playwright/test';
import path from 'path';

/*
 * The screenshot of the approval queue for README.md and docs/vending.md, taken against the running portal on the
 * embedded defaults: `yarn workspace @internal/plugin-ai-governance playwright test -c bench/playwright.config.ts
 * approvals.shots`. The guest asks for a production account through the template; the demo admin, in a browser
 * context of their own, opens the queue. The request is left waiting.
 */

const OUT = path.resolve(__dirname, '../../../docs/images');

/** Signs in from the sign-in page as the guest (Enter) or the demo admin (its card's Sign In). */
async function signIn(page: Page, as: 'guest' | 'admin') {
  await page.goto('/');
  if (as === 'guest') {
    await page.getByRole('button', { name: 'Enter' }).click();
  } else {
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Demo admin' })
      .getByRole('button', { name: 'Sign In' })
      .click();
  }
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'AI Governance' }),
  ).toBeVisible();
}

async function requestProductionAccount(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: /create/i })
    .click();
  const card = page
    .locator('div')
    .filter({
      has: page.getByRole('heading', { name: 'AI production account' }),
    })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('textbox', { name: 'Account name' }).fill(name);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('ml-research');
  await page
    .getByRole('option', { name: /ml-research/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'Cost center' }).fill('CC-7310');
  await page
    .getByRole('textbox', { name: 'Purpose' })
    .fill('Serve the fraud scoring model to the payments API');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByRole('link', { name: 'Follow the request in AI Governance' }),
  ).toBeVisible({ timeout: 60_000 });
}

test('screenshot of the approval queue', async ({ page, browser }) => {
  const name = `Fraud Scoring ${Date.now().toString(36).slice(-4)}`;
  await signIn(page, 'guest');
  await requestProductionAccount(page, name);

  const adminContext = await browser.newContext({
    viewport: { width: 1280, height: 1100 },
  });
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin');
    await admin.goto('/ai-governance/requests');
    const item = admin
      .getByRole('region', { name: 'Approval queue' })
      .locator('.bui-Card')
      .filter({ has: admin.getByRole('heading', { name, exact: true }) });
    await expect(
      item.getByRole('list', { name: 'Guardrails by level' }),
    ).toBeVisible();
    await admin.evaluate(() => document.fonts?.ready);
    await admin.screenshot({
      path: path.join(OUT, 'dashboard-approval-queue.png'),
    });
  } finally {
    await adminContext.close();
  }
});
