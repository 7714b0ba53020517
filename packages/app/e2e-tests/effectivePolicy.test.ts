import { expect, test } from '@playwright/test';
import { firstAccountUnder } from './support/dashboard';
import { failOnBrowserErrors } from './support/failOnBrowserErrors';
import { gotoSignedIn } from './support/signIn';

failOnBrowserErrors();

test("AI Governance: an AI Production account's effective management policies, where each value came from, and its AI posture findings", async ({
  page,
}) => {
  await gotoSignedIn(page, '/ai-governance', 'guest');
  const accountId = await firstAccountUnder(page, ['AI', 'Production']);
  expect(accountId, 'an account directly under AI / Production').not.toBeNull();
  await page
    .getByRole('tree', { name: 'Organization' })
    .locator(`[data-node-id="${accountId}"]`)
    .getByRole('link')
    .click();
  await expect(page).toHaveURL(
    new RegExp(`/ai-governance/nodes/${accountId}$`),
  );

  // The tag policy: the root assigns the environments and lets children append; the AI OU appends research.
  const tag = page.getByRole('region', { name: 'Effective Tag policy' });
  await expect(tag).toBeVisible();
  const environments = tag.getByRole('listitem', {
    name: 'tags › environment › tag_value = development, production, research',
  });
  await expect(environments).toBeVisible();
  await expect(environments.locator('[data-operator]')).toHaveCount(2);
  await expect(
    environments.locator('[data-operator="@@append"]'),
  ).toHaveAttribute(
    'aria-label',
    'added to by @@append in demo-tag-ai-environments at AI',
  );

  // The Bedrock policy attached to Production enforces the guardrail in us-east-1.
  const bedrock = page.getByRole('region', {
    name: 'Effective Amazon Bedrock policy',
  });
  await expect(
    bedrock.locator('[data-operator="@@assign"]').first(),
  ).toHaveAttribute('data-source-node', /^ou-/);
  await expect(bedrock).toContainText('us-east-1');

  // The demo's deliberate inconsistency: models allowed in Regions the enforced guardrail does not cover.
  const findings = page.getByRole('list', { name: 'Posture findings' });
  await expect(
    findings.locator('[data-code="POSTURE_GUARDRAIL_REGION_GAP"]'),
  ).toBeVisible();
});
