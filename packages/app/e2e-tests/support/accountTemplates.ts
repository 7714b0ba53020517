/* Filling and running the account-vending templates ("AI development account", "AI production account") in the portal. */
import { expect, type Page } from '@playwright/test';
import { sidebarLink } from './signIn';

/** What the requester types into the template's form. */
export interface AccountForm {
  /** The account name, e.g. `E2E Vending <time>`: unique per run, since the same name is the same request. */
  name: string;
  costCenter: string;
  purpose: string;
  /**
   * The owning team: one the guest belongs to (examples/org.yaml), since requests are bound to groups their
   * requester is in.
   */
  owner?: string;
}

/**
 * Opens Create from the sidebar (inside the app: a full page load would ask the guest to sign in again), chooses the
 * template, fills both pages, reviews and creates, and returns the `href` of the task output link named `outputLink`
 * once it shows.
 */
async function runAccountTemplate(
  page: Page,
  template: 'AI development account' | 'AI production account',
  form: AccountForm,
  outputLink: string,
): Promise<string> {
  await sidebarLink(page, /create/i).click();
  await expect(page).toHaveURL(/\/create/);
  // The template's card: the innermost element holding both its title and a Choose button.
  const card = page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: template }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByRole('textbox', { name: 'Account name' }).fill(form.name);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill(form.owner ?? 'ml-research');
  await page
    .getByRole('option', { name: new RegExp(form.owner ?? 'ml-research') })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  await page
    .getByRole('textbox', { name: 'Cost center' })
    .fill(form.costCenter);
  await page.getByRole('textbox', { name: 'Purpose' }).fill(form.purpose);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(form.name).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  const link = page.getByRole('link', { name: outputLink });
  await expect(link).toBeVisible({ timeout: 60_000 });
  return (await link.getAttribute('href')) ?? '';
}

/**
 * Runs "AI development account" (no approval): returns the account id the task's output links to in the dashboard,
 * and that link (absolute: it opens in a new tab).
 */
export async function requestDevelopmentAccount(
  page: Page,
  form: AccountForm,
): Promise<{ accountId: string; href: string }> {
  const href = await runAccountTemplate(
    page,
    'AI development account',
    form,
    'Open the account in AI Governance',
  );
  const match = /\/ai-governance\/nodes\/(\d{12})$/.exec(href);
  expect(match, `dashboard link ${href}`).not.toBeNull();
  return { accountId: match![1], href };
}

/**
 * Runs "AI production account": returns the request id the task's output links to (`/ai-governance/requests/<id>`).
 * The task ends at once: the request waits for an admin.
 */
export async function requestProductionAccount(
  page: Page,
  form: AccountForm,
): Promise<string> {
  const href = await runAccountTemplate(
    page,
    'AI production account',
    form,
    'Follow the request in AI Governance',
  );
  const match = /\/ai-governance\/requests\/([^/?#]+)$/.exec(href);
  expect(match, `request link ${href}`).not.toBeNull();
  return decodeURIComponent(match![1]);
}
