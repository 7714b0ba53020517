import { expect, test } from '@playwright/test';
import { failOnBrowserErrors } from '@backstage/e2e-test-utils/playwright';

failOnBrowserErrors();

/** A Bedrock foundation model the demo organization does not approve for AI Production. */
const UNAPPROVED_MODEL =
  process.env.AIGOV_UNAPPROVED_MODEL_ARN ??
  'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0';

test('AI Governance: an account under AI Production, its guardrails, and a denied Bedrock model', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'AI Governance' }).click();
  await expect(page).toHaveURL(/\/ai-governance$/);

  const tree = page.getByRole('tree', { name: 'Organization' });
  await expect(tree).toBeVisible();

  // Open the AI Production OU in the tree, then the first account directly under it.
  const ouRow = tree
    .getByRole('treeitem')
    .filter({ has: page.getByRole('link', { name: 'AI Production', exact: true }) });
  await expect(ouRow).toHaveCount(1);
  if ((await ouRow.getAttribute('aria-expanded')) === 'false') {
    await ouRow.getByRole('button', { name: 'Expand AI Production' }).click();
  }
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
  expect(accountId, 'an account directly under AI Production').not.toBeNull();
  await tree.locator(`[data-node-id="${accountId}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/ai-governance/nodes/${accountId}$`));

  // Its inherited policies, level by level: AI Production is one level, with its guardrails.
  const chain = page.getByRole('list', { name: 'Guardrails by level' });
  await expect(chain).toBeVisible();
  const prodLevel = chain.getByRole('listitem').filter({ hasText: 'AI Production' });
  await expect(prodLevel).toHaveCount(1);
  await expect(prodLevel.getByRole('link').nth(1)).toBeVisible();
  await expect(chain.getByRole('listitem').last()).toContainText(
    '(this account)',
  );

  // Ask whether bedrock:InvokeModel on a model that is not approved is allowed.
  await page.getByRole('link', { name: 'Can it?' }).last().click();
  await expect(page).toHaveURL(/\/ai-governance\/can-it\?target=/);
  const action = page.getByRole('combobox', { name: 'Action' });
  await action.fill('bedrock:InvokeModel');
  await page.getByRole('textbox', { name: 'Resource' }).fill(UNAPPROVED_MODEL);
  await page.getByRole('button', { name: 'Evaluate' }).click();

  const verdict = page.getByRole('region', { name: 'Verdict' });
  await expect(verdict.getByText('Denied (explicit deny)').first()).toBeVisible();
  const deciding = page.getByRole('region', { name: 'Deciding statement' });
  await expect(deciding).toContainText('(Deny) in');
  // The statement is highlighted in its policy document.
  await expect(deciding.locator('mark').first()).toBeVisible();
  await expect(deciding.locator('mark').first()).not.toBeEmpty();
});
