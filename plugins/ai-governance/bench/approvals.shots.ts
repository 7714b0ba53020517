/* eslint-disable no-restricted-imports -- a Node script writing files next to the docs */
/* eslint-disable @backstage/no-relative-monorepo-imports -- it drives the portal with the e2e specs' own helpers (packages/app/e2e-tests/support); a script, never part of the plugin's build */
import { expect, test } from '@playwright/test';
import path from 'path';
import { requestProductionAccount } from '../../../packages/app/e2e-tests/support/accountTemplates';
import { gotoSignedIn } from '../../../packages/app/e2e-tests/support/signIn';

/*
 * The screenshot of the approval queue for README.md and docs/vending.md, taken against the running portal on the
 * embedded defaults: `yarn workspace @internal/plugin-ai-governance playwright test -c bench/playwright.config.ts
 * approvals.shots`. The guest asks for a production account through the template; the demo admin, in a browser
 * context of their own, opens the queue. The request is left waiting.
 */

const OUT = path.resolve(__dirname, '../../../docs/images');

test('screenshot of the approval queue', async ({ page, browser }) => {
  const name = `Fraud Scoring ${Date.now().toString(36).slice(-4)}`;
  await gotoSignedIn(page, '/', 'guest');
  await requestProductionAccount(page, {
    name,
    costCenter: 'CC-7310',
    purpose: 'Serve the fraud scoring model to the payments API',
  });

  const adminContext = await browser.newContext({
    viewport: { width: 1280, height: 1100 },
  });
  try {
    const admin = await adminContext.newPage();
    await gotoSignedIn(admin, '/ai-governance/requests', 'admin');
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
