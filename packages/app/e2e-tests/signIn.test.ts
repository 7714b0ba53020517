import { expect, test } from '@playwright/test';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';
import { signIn } from './support/signIn';

failOnBrowserErrors();

test('the sign-in page offers the guest (a requester) and the demo admin, each in its own browser context', async ({
  browser,
}) => {
  // Two browser contexts, each loading the portal's development bundle.
  test.setTimeout(240_000);
  const guestContext = await browser.newContext();
  const adminContext = await browser.newContext();
  try {
    const guest = await guestContext.newPage();
    const admin = await adminContext.newPage();

    await guest.goto('/ai-governance');
    await expect(guest.getByText('Demo admin')).toBeVisible();
    await signIn(guest, 'guest');
    await expect(
      guest.getByRole('tree', { name: 'Organization' }),
    ).toBeVisible();

    await admin.goto('/ai-governance');
    await signIn(admin, 'admin');
    await expect(
      admin.getByRole('tree', { name: 'Organization' }),
    ).toBeVisible();

    // Each context keeps its own identity: the settings page names who is signed in.
    const openSettings = (page: typeof admin) =>
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Settings' })
        .click();
    await openSettings(admin);
    await expect(
      admin.getByText('Demo governance admin').first(),
    ).toBeVisible();
    await openSettings(guest);
    await expect(guest.getByText('guest').first()).toBeVisible();
    await expect(guest.getByText('Demo governance admin')).toHaveCount(0);
  } finally {
    await guestContext.close();
    await adminContext.close();
  }
});
