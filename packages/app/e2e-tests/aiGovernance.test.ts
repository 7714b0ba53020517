import { expect, test } from '@playwright/test';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';

failOnBrowserErrors();

/** A Bedrock foundation model the demo organization does not approve for AI Production. */
const UNAPPROVED_MODEL =
  process.env.AIGOV_UNAPPROVED_MODEL_ARN ??
  'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0';

test('AI Governance: an account under AI Production, its guardrails, and a denied Bedrock model', async ({
  page,
}) => {
  // Start on the dashboard's URL so the sign-in lands there rather than on the catalog index, whose table logs
  // React development warnings of its own (a missing key, h2 inside h5) that are not this plugin's.
  await page.goto('/ai-governance');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('tree', { name: 'Organization' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'AI Governance' }).click();
  await expect(page).toHaveURL(/\/ai-governance$/);

  const tree = page.getByRole('tree', { name: 'Organization' });
  await expect(tree).toBeVisible();

  // Open AI, then its Production OU, then the first account directly under it.
  const rowOf = (name: string) =>
    tree
      .getByRole('treeitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  for (const ou of ['AI', 'Production']) {
    await expect(rowOf(ou)).toHaveCount(1);
    if ((await rowOf(ou).getAttribute('aria-expanded')) === 'false') {
      await rowOf(ou)
        .getByRole('button', { name: `Expand ${ou}` })
        .click();
    }
  }
  const ouRow = rowOf('Production');
  const level = Number(await ouRow.getAttribute('aria-level'));
  const ouId = await ouRow.getAttribute('data-node-id');
  const accountId = await tree.evaluate(
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
  const action = page.getByRole('combobox', { name: 'Action' });
  await action.fill('bedrock:InvokeModel');
  await page.getByRole('textbox', { name: 'Resource' }).fill(UNAPPROVED_MODEL);
  await page.getByRole('button', { name: 'Evaluate' }).click();

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
