/* eslint-disable no-restricted-imports -- a Node script writing files next to the docs */
import { expect, Page, test } from '@playwright/test';
import path from 'path';
import { generateOrg } from '../src/testing/generateOrg';

/*
 * Screenshots of each dashboard view for docs/dashboard.md, taken against the running portal on the demo
 * organization: `yarn workspace @internal/plugin-ai-governance screenshots`. The last one uses a generated
 * organization of 5,000 accounts (GET /tree answered by page.route).
 */

const OUT = path.resolve(__dirname, '../../../docs/images');
const UNAPPROVED_MODEL =
  process.env.AIGOV_UNAPPROVED_MODEL_ARN ??
  'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0';

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'AI Governance' }),
  ).toBeVisible();
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

async function firstAccountUnder(page: Page, ouPath: string[]) {
  const tree = page.getByRole('tree', { name: 'Organization' });
  await expect(tree).toBeVisible();
  const rowOf = (name: string) =>
    tree
      .getByRole('treeitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  for (const ou of ouPath) {
    if ((await rowOf(ou).getAttribute('aria-expanded')) === 'false') {
      await rowOf(ou)
        .getByRole('button', { name: `Expand ${ou}` })
        .click();
    }
  }
  const ouRow = rowOf(ouPath[ouPath.length - 1]);
  const ouId = await ouRow.getAttribute('data-node-id');
  const level = Number(await ouRow.getAttribute('aria-level'));
  return tree.evaluate(
    (el, { ou, childLevel }) => {
      const rows = [...el.querySelectorAll('[role="treeitem"]')];
      const start = rows.findIndex(r => r.getAttribute('data-node-id') === ou);
      for (const row of rows.slice(start + 1)) {
        const l = Number(row.getAttribute('aria-level'));
        if (l < childLevel) break;
        const id = row.getAttribute('data-node-id') ?? '';
        if (l === childLevel && /^\d{12}$/.test(id)) return id;
      }
      return null;
    },
    { ou: ouId, childLevel: level + 1 },
  );
}

test('screenshots of each view on the demo organization', async ({ page }) => {
  await signIn(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'AI Governance' })
    .click();
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
  await page
    .getByRole('combobox', { name: 'Action' })
    .fill('bedrock:InvokeModel');
  await page.getByRole('textbox', { name: 'Resource' }).fill(UNAPPROVED_MODEL);
  await page.getByRole('button', { name: 'Evaluate' }).click();
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
  await page
    .getByRole('combobox', { name: 'Action' })
    .fill('bedrock:InvokeModel');
  await page.getByRole('textbox', { name: 'Resource' }).fill(UNAPPROVED_MODEL);
  await page.getByRole('button', { name: 'Evaluate' }).click();
  await expect(page.getByText(/accounts may call/)).toBeVisible();
  await shot(page, 'dashboard-who-can');
});

test('screenshots of the entity card and tab', async ({ page }) => {
  const entity =
    process.env.AIGOV_SHOT_ENTITY ??
    '/catalog/default/resource/aws-ml-platform-prod';
  await signIn(page);
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
  await signIn(page);
  await page.goto('/ai-governance');
  await expect(page.getByRole('tree', { name: 'Organization' })).toBeVisible();
  await page
    .getByRole('searchbox', { name: 'Filter the organization' })
    .fill('env=prod owner-7');
  await expect(page.getByText(/\d+ match/)).toBeVisible();
  await shot(page, 'dashboard-5000-filtered');
});
