/* What the dashboard benchmark's two methods share: the production server's URL, the loads and filter queries per
 * run, the median, and signing in as the guest through the sign-in page. */
import { expect, Page } from '@playwright/test';
import { benchAccounts, benchPort } from './benchSettings';

/** The production server the benchmark starts. */
export const PROD_URL = `http://localhost:${benchPort()}`;
/** Accounts in the crawled sandbox organization. */
export const REAL_ACCOUNTS = benchAccounts();
/** Loads timed per method. */
export const NAV_RUNS = 5;
/** The filter queries typed, in order. */
export const QUERIES = [
  'w',
  'wo',
  'work',
  'workload-4',
  'workload-49',
  'workload-499',
  'workload-4999',
  'env=prod',
  'owner-7',
  'team',
];

/** The median of the numbers. */
export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Signs in through the sign-in page (the guest) and waits for the sidebar. */
export async function signIn(page: Page) {
  await page.goto(`${PROD_URL}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'AI Governance' }),
  ).toBeVisible({ timeout: 30_000 });
}
