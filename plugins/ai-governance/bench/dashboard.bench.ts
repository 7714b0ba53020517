/* eslint-disable no-console -- a benchmark prints its figures */
import { expect, Page, test } from '@playwright/test';
import { generateOrg } from '../src/testing/generateOrg';

/*
 * Measures the AI Governance page on generated organizations, with GET /api/ai-governance/tree answered from the
 * generated snapshot (page.route), against the running portal:
 *  - first tree paint after navigation: from the click on the sidebar item to the first frame with tree rows;
 *  - filter keystroke to repaint: from setting the filter's value to the first frame after the tree changed;
 *  - DOM rows: treeitem elements in the document, at the top and scrolled to the bottom.
 * Prints one line per figure, and the ratios between org sizes: the row count must not grow with the org.
 */

const SIZES = [500, 5000];
const NAV_RUNS = 5;
const QUERIES = [
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

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function stubOrg(page: Page, accounts: number) {
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

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'AI Governance' }),
  ).toBeVisible({ timeout: 30_000 });
}

/** Clicks the sidebar item and resolves with ms until the first frame that shows tree rows. */
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
async function timeKeystroke(page: Page, value: string): Promise<number> {
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

async function rowCount(page: Page) {
  return page.locator('[role="treeitem"]').count();
}

for (const accounts of SIZES) {
  test(`dashboard with ${accounts} accounts`, async ({ page }) => {
    await stubOrg(page, accounts);
    await signIn(page);
    const paints: number[] = [];
    for (let i = 0; i < NAV_RUNS; i++) {
      await page.goto('/catalog');
      await expect(
        page
          .getByRole('navigation', { name: 'sidebar nav' })
          .getByRole('link', { name: 'AI Governance' }),
      ).toBeVisible();
      paints.push(await timeFirstPaint(page));
    }
    const rowsInitial = await rowCount(page);

    const keystrokes: number[] = [];
    for (const q of QUERIES) keystrokes.push(await timeKeystroke(page, q));
    keystrokes.push(await timeKeystroke(page, ''));

    // A filter every account matches opens the whole organization: thousands of logical rows.
    await timeKeystroke(page, 'workload');
    const matches = await page.getByText(/^\d+ match/).textContent();
    const rowsAllOpen = await rowCount(page);
    const scroller = page.getByTestId('org-tree-scroll');
    await scroller.evaluate(el => el.scrollTo(0, el.scrollHeight));
    await page.evaluate(
      () =>
        new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    const rowsAllOpenBottom = await rowCount(page);

    const result = {
      accounts,
      firstPaintMs: {
        median: Math.round(median(paints)),
        max: Math.round(Math.max(...paints)),
        runs: paints.map(Math.round),
      },
      keystrokeMs: {
        median: Math.round(median(keystrokes)),
        max: Math.round(Math.max(...keystrokes)),
        runs: keystrokes.map(Math.round),
      },
      domRows: {
        initial: rowsInitial,
        allOpenTop: rowsAllOpen,
        allOpenBottom: rowsAllOpenBottom,
        logicalRows: matches,
      },
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
    (globalThis as any).__bench = [
      ...((globalThis as any).__bench ?? []),
      result,
    ];
    test
      .info()
      .annotations.push({ type: 'bench', description: JSON.stringify(result) });
  });
}

test.afterAll(() => {
  const results: any[] = (globalThis as any).__bench ?? [];
  if (results.length < 2) return;
  const [small, big] = results;
  console.log(
    `first tree paint: ${big.firstPaintMs.median} ms median at ${
      big.accounts
    } accounts (goal <= 1500), ${small.firstPaintMs.median} ms at ${
      small.accounts
    }; ratio ${(big.firstPaintMs.median / small.firstPaintMs.median).toFixed(
      2,
    )}`,
  );
  console.log(
    `filter keystroke to repaint: ${big.keystrokeMs.median} ms median, ${
      big.keystrokeMs.max
    } ms max at ${big.accounts} accounts (goal <= 100); ratio to ${
      small.accounts
    }: ${(big.keystrokeMs.median / small.keystrokeMs.median).toFixed(2)}`,
  );
  console.log(
    `DOM rows with every account shown: ${big.domRows.allOpenTop} (top) / ${
      big.domRows.allOpenBottom
    } (scrolled to the end) at ${big.accounts} accounts vs ${
      small.domRows.allOpenTop
    }/${small.domRows.allOpenBottom} at ${small.accounts}; ratio ${(
      big.domRows.allOpenBottom / small.domRows.allOpenBottom
    ).toFixed(2)} for ${big.accounts / small.accounts}x the accounts`,
  );
});
