/* eslint-disable no-restricted-imports -- a Node script writing files next to the docs */
/* eslint-disable @backstage/no-relative-monorepo-imports -- it drives the portal with the e2e specs' own helpers (packages/app/e2e-tests/support); a script, never part of the plugin's build */
import { expect, Locator, Page, test } from '@playwright/test';
import type { TreeResponse } from '@internal/plugin-ai-governance-common';
import path from 'path';
import { generateOrg } from '../src/testing/generateOrg';
import { requestProductionAccount } from '../../../packages/app/e2e-tests/support/accountTemplates';
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
 * organization of 5,000 accounts (GET /tree answered by page.route). The approval page shot uses a production
 * account request of the guest's that waits for approval: the oldest one, or a new one made through the template.
 */

const OUT = path.resolve(__dirname, '../../../docs/images');
async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}
/** A screenshot of one element (a card), however tall. */
async function shotOf(locator: Locator, name: string) {
  await locator.page().evaluate(() => document.fonts?.ready);
  await locator.screenshot({ path: path.join(OUT, `${name}.png`) });
}

/** The innermost card titled `title` (cards nest: `.last()` is the deepest one in document order). */
function cardTitled(page: Page, title: string) {
  return page
    .locator('.bui-Card')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .last();
}

/** The id of the node at `names` (e.g. `['AI', 'Production']`) from the root, in the tree the dashboard loaded. */
function idAt(tree: TreeResponse, names: string[]): string {
  const root = tree.nodes.find(n => n.kind === 'root');
  const node = names.reduce(
    (parent, name) =>
      tree.nodes.find(n => n.parentId === parent?.id && n.name === name),
    root,
  );
  expect(node, `${names.join(' / ')} in the demo organization`).toBeTruthy();
  return node!.id;
}

test('screenshots of each view on the demo organization', async ({ page }) => {
  await gotoSignedIn(page, '/', 'guest');
  const treeResponse = page.waitForResponse(r =>
    r.url().endsWith('/api/ai-governance/tree'),
  );
  await sidebarLink(page).click();
  const tree: TreeResponse = await (await treeResponse).json();
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

  // ml-platform-prod's effective management policies: the tag policy merged from the root and AI, the Bedrock one.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.goto(
    `/ai-governance/nodes/${idAt(tree, [
      'AI',
      'Production',
      'ml-platform-prod',
    ])}`,
  );
  const tagPolicy = page.getByRole('region', { name: 'Effective Tag policy' });
  const bedrockPolicy = page.getByRole('region', {
    name: 'Effective Amazon Bedrock policy',
  });
  await expect(tagPolicy).toBeVisible();
  await expect(bedrockPolicy).toContainText('us-east-1');
  await shotOf(tagPolicy, 'dashboard-effective-tag');
  await shotOf(bedrockPolicy, 'dashboard-effective-bedrock');

  // The AI / Production OU: what is attached there by type, with the slots used, and its AI posture findings.
  await page.goto(`/ai-governance/nodes/${idAt(tree, ['AI', 'Production'])}`);
  await expect(page.getByLabel('Attached policies')).toBeVisible();
  await shotOf(cardTitled(page, 'Attached here'), 'dashboard-attached-by-type');
  await expect(
    page
      .getByRole('list', { name: 'Posture findings' })
      .locator('[data-code="POSTURE_GUARDRAIL_REGION_GAP"]'),
  ).toBeVisible();
  await expect(page.getByLabel('SageMaker network guardrails')).toBeVisible();
  await shotOf(cardTitled(page, 'AI posture'), 'dashboard-ou-posture');

  // What if the approved-models SCP came off the AI OU?
  const approvedModels = tree.policies.find(
    p => p.name === 'guardrail-ai-approved-bedrock-models',
  );
  expect(approvedModels, 'the approved-models SCP').toBeTruthy();
  await page.goto(
    `/ai-governance/what-if?op=detach&policy=${
      approvedModels!.id
    }&target=${idAt(tree, ['AI'])}`,
  );
  await page.getByRole('button', { name: 'Preview' }).click();
  const result = page.getByLabel('What-if result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await page.setViewportSize({ width: 1280, height: 1400 });
  await shot(page, 'dashboard-what-if');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('screenshot of a production account request waiting for approval', async ({
  page,
}) => {
  await gotoSignedIn(page, '/ai-governance/requests', 'guest');
  const waiting = page
    .getByRole('region', { name: 'My requests' })
    .getByRole('row')
    .filter({ hasText: 'Waiting for approval' })
    .getByRole('link');
  const mine = page.getByRole('region', { name: 'My requests' });
  await expect(
    mine
      .getByRole('grid')
      .or(mine.getByText('You have not asked for an account yet')),
  ).toBeVisible();
  let href =
    (await waiting.count()) > 0
      ? await waiting.first().getAttribute('href')
      : null;
  if (!href) {
    const id = await requestProductionAccount(page, {
      name: `Docs shot ${Date.now().toString(36)}`,
      costCenter: 'CC-1234',
      purpose: 'Bedrock inference for the support assistant',
    });
    href = `/ai-governance/requests/${id}`;
  }
  await page.setViewportSize({ width: 1280, height: 2400 });
  await gotoSignedIn(page, href, 'guest');
  const table = page.getByRole('grid', {
    name: 'What the account would be allowed',
  });
  await expect(table).toBeVisible({ timeout: 60_000 });
  // The table with the sentence above it (the card also holds the chain and every policy in plain language).
  await shotOf(table.locator('..'), 'dashboard-request-allowed');
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

test('screenshot of the OU entity card', async ({ page }) => {
  await gotoSignedIn(page, '/', 'guest');
  const treeResponse = page.waitForResponse(r =>
    r.url().endsWith('/api/ai-governance/tree'),
  );
  await sidebarLink(page).click();
  const tree: TreeResponse = await (await treeResponse).json();
  await expect(page.getByRole('tree', { name: 'Organization' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.goto(
    `/catalog/default/resource/aws-${idAt(tree, ['AI', 'Production'])}`,
  );
  const ou = cardTitled(page, 'AWS organizational unit');
  await expect(
    ou.getByRole('list', { name: 'Guardrails by level' }),
  ).toBeVisible();
  await expect(ou.getByLabel('OUs and accounts under it')).toBeVisible();
  await shotOf(ou, 'dashboard-entity-ou');
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
