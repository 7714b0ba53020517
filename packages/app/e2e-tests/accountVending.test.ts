import { expect, test } from '@playwright/test';
import {
  AccountForm,
  requestDevelopmentAccount,
} from './support/accountTemplates';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';
import { gotoSignedIn } from './support/signIn';

failOnBrowserErrors();

test('AI development account: a user fills the template, the account lands under AI Development with its tags, once', async ({
  page,
}) => {
  // Two template runs and a dashboard visit: more than the suite's default per-test budget.
  test.setTimeout(240_000);
  const name = `E2E Vending ${Date.now().toString(36)}`;
  const form: AccountForm = {
    name,
    costCenter: 'CC-1234',
    purpose: 'End-to-end check of account vending',
  };
  await gotoSignedIn(page, '/', 'guest');

  const first = await requestDevelopmentAccount(page, form);

  // The dashboard shows it at once (the action tells the inventory), under AI Development, with its tags.
  // The output link is absolute (it opens in a new tab): load it here, signing in again if asked.
  await gotoSignedIn(page, first.href, 'guest');
  await expect(page).toHaveURL(
    new RegExp(`/ai-governance/nodes/${first.accountId}$`),
  );
  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
  // Under AI / Development, with its tags.
  const path = page.getByRole('navigation', { name: 'Path from the root' });
  await expect(path.getByRole('link')).toHaveText([
    'Root',
    'AI',
    'Development',
    name,
  ]);
  for (const [key, value] of [
    ['ai-governance:cost-center', 'CC-1234'],
    ['ai-governance:environment', 'development'],
    ['ai-governance:data-classification', 'internal'],
  ]) {
    await expect(
      page
        .getByRole('term')
        .filter({ hasText: key })
        .locator('xpath=following-sibling::dd[1]'),
    ).toHaveText(value);
  }

  // The same request again: the same account, not a second one.
  const second = await requestDevelopmentAccount(page, form);
  expect(second.accountId).toBe(first.accountId);
});
