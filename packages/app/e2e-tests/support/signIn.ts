/* Signing in to the demo portal as one of its two identities, from the e2e specs and the documentation shots. */
import { expect, type Page } from '@playwright/test';

/**
 * Who a spec signs in as on the embedded defaults (app-config.yaml `app.signInProviders`):
 * - `guest`: user:default/guest, a member of requester teams (platform, ml-research) and of no admin group;
 * - `admin`: user:default/demo-admin, a member of ai-governance-admins (the demo governance admin).
 * Use a separate browser context for each (`browser.newContext()`): the sign-in page remembers its last choice in
 * the context's local storage and signs that identity in again on the next full page load.
 */
export type DemoIdentity = 'guest' | 'admin';

/**
 * Signs in from the sign-in page the browser is on (after `page.goto(...)` to any portal URL). Returns once the
 * portal's sidebar shows, i.e. the app is signed in.
 */
export async function signIn(page: Page, as: DemoIdentity): Promise<void> {
  if (as === 'guest') {
    await page.getByRole('button', { name: 'Enter' }).click();
  } else {
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Demo admin' })
      .getByRole('button', { name: 'Sign In' })
      .click();
  }
  await expect(sidebarLink(page)).toBeVisible();
}

/** A link of the portal's sidebar; the AI Governance one shows once the app is signed in (the nav has no box). */
export function sidebarLink(
  page: Page,
  name: string | RegExp = 'AI Governance',
) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name });
}

/**
 * Loads `url`, signing in as `as` if the sign-in page shows (it does not when the context already signed in and
 * the sign-in page signs the remembered identity in again).
 */
export async function gotoSignedIn(
  page: Page,
  url: string,
  as: DemoIdentity,
): Promise<void> {
  await page.goto(url);
  const signInPage = page.getByText('Select a sign-in method');
  await expect(sidebarLink(page).or(signInPage).first()).toBeVisible();
  if (await signInPage.isVisible()) {
    await signIn(page, as);
  }
}
