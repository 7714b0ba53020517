import { expect, test } from '@playwright/test';
import { requestProductionAccount } from './support/accountTemplates';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';
import { gotoSignedIn } from './support/signIn';

failOnBrowserErrors();

test('a production account request waits for the demo admin, who approves it; the account lands under AI/Production and the requester is notified', async ({
  page,
  browser,
}) => {
  // A template run, an approval in a second browser, provisioning in the sandbox and three page visits.
  test.setTimeout(300_000);
  const name = `E2E Approval ${Date.now().toString(36)}`;

  // 1. The guest (a requester) asks for a production account.
  await gotoSignedIn(page, '/', 'guest');
  const requestId = await requestProductionAccount(page, {
    name,
    costCenter: 'CC-4242',
    purpose: 'End-to-end check of production approvals',
  });

  // 2. The request waits, and the Account requests tab says so.
  await gotoSignedIn(page, '/ai-governance/requests', 'guest');
  const mine = page.getByRole('region', { name: 'My requests' });
  const myRow = mine.getByRole('row').filter({ hasText: name });
  await expect(myRow).toContainText('Waiting for approval');
  // A requester has no approval queue.
  await expect(
    page.getByRole('region', { name: 'Approval queue' }),
  ).toHaveCount(0);

  // 3. The demo admin, in a browser context of their own, approves it with a comment.
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    admin.on('pageerror', error => {
      throw new Error(`Uncaught exception on the admin's page, ${error}`);
    });
    await gotoSignedIn(admin, '/ai-governance/requests', 'admin');
    const queue = admin.getByRole('region', { name: 'Approval queue' });
    const item = queue
      .locator('.bui-Card')
      .filter({ has: admin.getByRole('heading', { name, exact: true }) });
    await expect(item).toBeVisible();
    // The queue shows the form fields and the guardrails the account will get.
    await expect(item).toContainText('CC-4242');
    await expect(
      item.getByRole('list', { name: 'Guardrails by level' }),
    ).toBeVisible();
    await item.getByRole('button', { name: 'Approve…' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog
      .getByRole('textbox', { name: /Comment/ })
      .fill('Approved in the end-to-end test');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(
      admin.getByText(`Request for ${name} approved: provisioning starts now`),
    ).toBeVisible();
  } finally {
    await adminContext.close();
  }

  // 4. The requester's view follows the request to ready (signals, or polling), with the admin's comment.
  await gotoSignedIn(page, `/ai-governance/requests/${requestId}`, 'guest');
  await expect(
    page.getByRole('list', { name: 'History' }).getByRole('listitem'),
  ).toContainText(['Requested by guest']);
  await expect(page.getByText(/^Account \d{12} is ready$/)).toBeVisible({
    timeout: 180_000,
  });
  await expect(
    page.getByText('“Approved in the end-to-end test”'),
  ).toBeVisible();

  // 5. The account is in the tree under AI / Production.
  await page.getByRole('link', { name: 'Open the account' }).click();
  await expect(page).toHaveURL(/\/ai-governance\/nodes\/\d{12}$/);
  await expect(
    page
      .getByRole('navigation', { name: 'Path from the root' })
      .getByRole('link'),
  ).toHaveText(['Root', 'AI', 'Production', name]);

  // 6. The requester has a notification about it.
  await gotoSignedIn(page, '/notifications', 'guest');
  await expect(
    page
      .getByText(
        new RegExp(`^Account (request approved|ready): ${escapeRegExp(name)}$`),
      )
      .first(),
  ).toBeVisible();
});

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
