/* eslint-disable no-restricted-imports -- a Node script writing files next to the docs */
/* eslint-disable @backstage/no-relative-monorepo-imports -- it drives the portal with the e2e specs' own helpers (packages/app/e2e-tests/support); a script, never part of the plugin's build */
import { expect, Page, test } from '@playwright/test';
import path from 'path';
import { generateOrg } from '../src/testing/generateOrg';
import {
  evaluate,
  firstAccountUnder,
  UNAPPROVED_MODEL,
} from '../../../packages/app/e2e-tests/support/dashboard';
import {
  gotoSignedIn,
  sidebarLink,
} from '../../../packages/app/e2e-tests/support/signIn';

/*
 * Screenshots of each dashboard view for docs/dashboard.md, taken against the running portal on the demo
 * organization: `yarn workspace @internal/plugin-ai-governance screenshots`. The last one uses a generated
 * organization of 5,000 accounts (GET /tree answered by page.route).
 */

const OUT = path.resolve(__dirname, '../../../docs/images');
async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

test('screenshots of each view on the demo organization', async ({ page }) => {
  await gotoSignedIn(page, '/', 'guest');
  await sidebarLink(page).click();
  await expect(page.getByRole('tree', { name: 'Organization' })).toBeVisible();
  await shot(page, 'dashboard-tree');

  const accountId = await firstAccountUnder(page, ['AI', 'Production']);
  await page.goto(`/ai-governance/nodes/${accountId}`);
  await expect(
    page.getByRole('list', { name: 'Guardrails by level' }),
  ).toBeVisible();
  await expect(page.getByLabel('Bedrock models')).toBeVisible();
  await shot(page, 'dashboard-node');
  // The whole detail column, with a viewport tall enough for the chain and the AI posture.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await expect(page.getByLabel('SageMaker network guardrails')).toBeVisible();
  await shot(page, 'dashboard-node-posture');
  await page.setViewportSize({ width: 1280, height: 800 });

  // A policy with lint findings if the account's chain has one, else the first customer-managed one.
  const hrefs = await page
    .getByRole('list', { name: 'Guardrails by level' })
    .locator('a[href*="/policies/p-"]')
    .evaluateAll(as => [...new Set(as.map(a => a.getAttribute('href')!))])
    .then(all => all.filter(h => !h.includes('FullAWSAccess')));
  let shown = false;
  for (const href of hrefs) {
    await page.goto(href);
    await expect(
      page.getByRole('region', { name: /^Document of/ }),
    ).toBeVisible();
    await expect(page.getByText('Linting…')).toHaveCount(0);
    if ((await page.getByRole('note').count()) > 0) {
      shown = true;
      break;
    }
  }
  if (!shown) await page.goto(hrefs[0]);
  await expect(page.getByText('Linting…')).toHaveCount(0);
  await shot(page, 'dashboard-policy');

  await page.goto(`/ai-governance/can-it?target=${accountId}`);
  await evaluate(page, 'bedrock:InvokeModel', UNAPPROVED_MODEL);
  await expect(
    page
      .getByRole('region', { name: 'Deciding statement' })
      .locator('mark')
      .first(),
  ).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1250 });
  await shot(page, 'dashboard-can-it');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto('/ai-governance/who-can');
  await evaluate(page, 'bedrock:InvokeModel', UNAPPROVED_MODEL);
  await expect(page.getByText(/accounts may call/)).toBeVisible();
  await shot(page, 'dashboard-who-can');
});

test('screenshots of the entity card and tab', async ({ page }) => {
  const entity =
    process.env.AIGOV_SHOT_ENTITY ??
    '/catalog/default/resource/aws-account-193505762647'; // ml-platform-prod, from the catalog module
  await gotoSignedIn(page, '/', 'guest');
  await page.goto(entity);
  const card = page
    .locator('.bui-Card')
    .filter({ has: page.getByRole('heading', { name: 'AWS guardrails' }) });
  await expect(
    card.getByRole('list', { name: 'Guardrails by level' }),
  ).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1100 });
  await shot(page, 'dashboard-entity-card');
  await page.goto(`${entity}/ai-governance`);
  await expect(page.getByLabel('Bedrock models')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1100 });
  await shot(page, 'dashboard-entity-tab');
});

test('screenshot of a 5,000-account organization, filtered', async ({
  page,
}) => {
  const body = JSON.stringify({
    ...generateOrg({ accounts: 5000 }),
    snapshotTime: new Date().toISOString(),
  });
  await page.route('**/api/ai-governance/tree', route =>
    route.fulfill({ status: 200, contentType: 'application/json', body }),
  );
  await gotoSignedIn(page, '/', 'guest');
  await page.goto('/ai-governance');
  await expect(page.getByRole('tree', { name: 'Organization' })).toBeVisible();
  await page
    .getByRole('searchbox', { name: 'Filter the organization' })
    .fill('env=prod owner-7');
  await expect(page.getByText(/\d+ match/)).toBeVisible();
  await shot(page, 'dashboard-5000-filtered');
});
