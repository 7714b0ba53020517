/* Finding things in the AI Governance dashboard of the demo organization: the tree's accounts, "Can it?" and "Who can?". */
import { expect, type Page } from '@playwright/test';

/** A Bedrock foundation model the demo organization does not approve for AI Production. */
export const UNAPPROVED_MODEL =
  process.env.AIGOV_UNAPPROVED_MODEL_ARN ??
  'arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0';

/**
 * Expands the OUs of `ouPath` (e.g. `['AI', 'Production']`) in the organization tree on the page and returns the id
 * of the first account directly under the last one, or null when it has none.
 */
export async function firstAccountUnder(
  page: Page,
  ouPath: string[],
): Promise<string | null> {
  const tree = page.getByRole('tree', { name: 'Organization' });
  await expect(tree).toBeVisible();
  const rowOf = (name: string) =>
    tree
      .getByRole('treeitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  for (const ou of ouPath) {
    await expect(rowOf(ou)).toHaveCount(1);
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

/** Fills the action and resource of "Can it?" or "Who can?" (whichever the page shows) and presses Evaluate. */
export async function evaluate(page: Page, action: string, resource: string) {
  const field = page.getByRole('combobox', { name: 'Action' });
  await field.fill(action);
  // Escape closes the suggestions, which hide the rest of the page from assistive technology, and keeps the text.
  await field.press('Escape');
  await expect(field).toHaveValue(action);
  await page.getByRole('textbox', { name: 'Resource' }).fill(resource);
  await page.getByRole('button', { name: 'Evaluate' }).click();
}
