import { expect, Page, test } from '@playwright/test';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';

failOnBrowserErrors();

/** Fills and runs the "AI development account" template; returns the account id the task links to. */
async function requestDevelopmentAccount(page: Page, name: string) {
  // Navigate inside the app: a full page load would ask the guest to sign in again.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: /create/i })
    .click();
  await expect(page).toHaveURL(/\/create/);
  // The template's card: the innermost element holding both its title and a Choose button.
  const card = page
    .locator('div')
    .filter({
      has: page.getByRole('heading', { name: 'AI development account' }),
    })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByRole('textbox', { name: 'Account name' }).fill(name);
  // A team the guest belongs to (examples/org.yaml): requests are bound to groups their requester is in.
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('ml-research');
  await page
    .getByRole('option', { name: /ml-research/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('textbox', { name: 'Cost center' }).fill('CC-1234');
  await page
    .getByRole('textbox', { name: 'Purpose' })
    .fill('End-to-end check of account vending');
  await page.getByRole('button', { name: 'Review' }).click();

  await expect(page.getByText(name).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  const link = page.getByRole('link', {
    name: 'Open the account in AI Governance',
  });
  await expect(link).toBeVisible({ timeout: 60_000 });
  const href = (await link.getAttribute('href')) ?? '';
  const match = /\/ai-governance\/nodes\/(\d{12})$/.exec(href);
  expect(match, `dashboard link ${href}`).not.toBeNull();
  return { accountId: match![1], href };
}

test('AI development account: a user fills the template, the account lands under AI Development with its tags, once', async ({
  page,
}) => {
  // Two template runs and a dashboard visit: more than the suite's default per-test budget.
  test.setTimeout(240_000);
  const name = `E2E Vending ${Date.now().toString(36)}`;
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const first = await requestDevelopmentAccount(page, name);

  // The dashboard shows it at once (the action tells the inventory), under AI Development, with its tags.
  // The output link is absolute (it opens in a new tab): load it here, signing in again if asked.
  await page.goto(first.href);
  const enter = page.getByRole('button', { name: 'Enter' });
  if (
    await enter.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    )
  ) {
    await enter.click();
  }
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
  const second = await requestDevelopmentAccount(page, name);
  expect(second.accountId).toBe(first.accountId);
});
