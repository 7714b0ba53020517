/* The dashboard benchmark's stubbed method (the previous one, kept for comparison): GET /tree and /status answered
 * inside the browser with a generated organization, first paint timed from the sidebar click, the filter timed
 * from setting the input's value, and the DOM rows counted. */
import { Page } from '@playwright/test';
import { generateOrg } from '../src/testing/generateOrg';

/** Answers GET /tree with a generated organization of `accounts` accounts, and GET /status, inside the browser. */
export async function stubOrg(page: Page, accounts: number) {
  const body = JSON.stringify({
    ...generateOrg({ accounts }),
    snapshotTime: new Date().toISOString(),
  });
  await page.route('**/api/ai-governance/tree', route =>
    route.fulfill({ status: 200, contentType: 'application/json', body }),
  );
  await page.route('**/api/ai-governance/status', route =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        snapshotTime: new Date().toISOString(),
        snapshotAgeSeconds: 1,
        refreshing: false,
        source: { kind: 'sandbox' },
      }),
    }),
  );
}

export /** Clicks the sidebar item and resolves with ms until the first frame that shows tree rows. */
async function timeFirstPaint(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const link = [...document.querySelectorAll('nav a')].find(
          a => a.textContent?.trim() === 'AI Governance',
        ) as HTMLAnchorElement | undefined;
        if (!link) {
          reject(new Error('no AI Governance item in the sidebar'));
          return;
        }
        const t0 = performance.now();
        const done = () =>
          requestAnimationFrame(() => resolve(performance.now() - t0));
        const obs = new MutationObserver(() => {
          if (document.querySelector('[role="treeitem"]')) {
            obs.disconnect();
            done();
          }
        });
        obs.observe(document.body, { childList: true, subtree: true });
        link.click();
      }),
  );
}

/** Sets the filter's value and resolves with ms until the first frame after the tree changed. */
export async function timeKeystroke(
  page: Page,
  value: string,
): Promise<number> {
  return page.evaluate(
    v =>
      new Promise<number>(resolve => {
        const input = document.querySelector(
          'input[aria-label="Filter the organization"], [aria-label="Filter the organization"] input',
        ) as HTMLInputElement;
        const target =
          document.querySelector('[role="tree"]')?.parentElement
            ?.parentElement ?? document.body;
        let t0 = 0;
        const obs = new MutationObserver(() => {
          obs.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        obs.observe(target, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
        });
        const setter = Object.getOwnPropertyDescriptor(
          HTMLInputElement.prototype,
          'value',
        )!.set!;
        t0 = performance.now();
        setter.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    value,
  );
}

/** Tree rows in the DOM. */
export async function rowCount(page: Page) {
  return page.locator('[role="treeitem"]').count();
}
