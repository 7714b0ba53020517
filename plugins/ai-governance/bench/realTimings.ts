/* The dashboard benchmark's real method: the production build's loads timed from navigation start by a probe that
 * records the first frame showing a tree row, with the resource timings of the load, and real key presses timed
 * from their keydown; with waiting for the crawled organization and a signed-in browser context. */
import {
  Browser,
  BrowserContext,
  Page,
  request as playwrightRequest,
} from '@playwright/test';
import { PROD_URL, REAL_ACCOUNTS, signIn } from './dashboardPage';

/** A guest session's token, as the app gets one: the refresh call of the guest provider. */
async function guestToken(): Promise<string> {
  const api = await playwrightRequest.newContext();
  try {
    const res = await api.get(
      `${PROD_URL}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    if (!res.ok()) {
      throw new Error(
        `guest sign-in failed: ${res.status()} ${await res.text()}`,
      );
    }
    return (await res.json()).backstageIdentity.token;
  } finally {
    await api.dispose();
  }
}

/** Waits until GET /tree serves the crawled organization (the crawl starts with the backend). */
export async function waitForTree(): Promise<{
  accounts: number;
  bytes: number;
}> {
  const token = await guestToken();
  const api = await playwrightRequest.newContext();
  try {
    const deadline = Date.now() + 15 * 60_000;
    let last = '';
    while (Date.now() < deadline) {
      const res = await api.get(`${PROD_URL}/api/ai-governance/tree`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.ok()) {
        const body = await res.body();
        const tree = JSON.parse(body.toString('utf8'));
        const accounts = tree.nodes.filter(
          (n: any) => n.kind === 'account',
        ).length;
        if (accounts >= REAL_ACCOUNTS) return { accounts, bytes: body.length };
        last = `${accounts} accounts so far`;
      } else {
        last = `${res.status()} ${(await res.text()).slice(0, 200)}`;
      }
      await new Promise(r => setTimeout(r, 2000));
    }
    throw new Error(
      `GET /tree did not serve ${REAL_ACCOUNTS} accounts in 15 minutes (last: ${last})`,
    );
  } finally {
    await api.dispose();
  }
}

/** Records, from navigation start, the first frame that shows a tree row (installed before any script runs). */
export const FIRST_ROW_PROBE = () => {
  const w = window as any;
  w.__firstRow = undefined;
  const obs = new MutationObserver(() => {
    if (
      w.__firstRow === undefined &&
      document.querySelector('[role="treeitem"]')
    ) {
      obs.disconnect();
      w.__firstRow = -1;
      requestAnimationFrame(() => {
        w.__firstRow = performance.now();
      });
    }
  });
  obs.observe(document, { childList: true, subtree: true });
};

export interface Load {
  firstRowMs: number;
  /** The app's HTML, scripts and styles all downloaded (the last of them to end). */
  bundleEndMs: number;
  treeFetchStartMs: number;
  treeResponseEndMs: number;
  scriptKb: number;
}

/** Navigates to the dashboard and reads the probe and the resource timings of that load. */
export async function timedLoad(
  page: Page,
  how: 'goto' | 'reload',
): Promise<Load> {
  if (how === 'goto') await page.goto(`${PROD_URL}/ai-governance`);
  else await page.reload();
  await page.waitForFunction(
    () => ((window as any).__firstRow ?? -1) > 0,
    undefined,
    {
      timeout: 120_000,
    },
  );
  return page.evaluate(() => {
    const resources = performance.getEntriesByType(
      'resource',
    ) as PerformanceResourceTiming[];
    const tree = resources.filter(r =>
      r.name.includes('/api/ai-governance/tree'),
    );
    const scripts = resources.filter(
      r => r.initiatorType === 'script' || /\.js(\?|$)/.test(r.name),
    );
    const bundle = resources.filter(r => /\/static\//.test(r.name));
    const last = tree[tree.length - 1];
    return {
      firstRowMs: (window as any).__firstRow as number,
      bundleEndMs: Math.max(0, ...bundle.map(r => r.responseEnd)),
      treeFetchStartMs: last ? last.fetchStart : NaN,
      treeResponseEndMs: last ? last.responseEnd : NaN,
      scriptKb: scripts.reduce((sum, r) => sum + r.transferSize, 0) / 1024,
    };
  });
}

export const FILTER_INPUT =
  'input[aria-label="Filter the organization"], [aria-label="Filter the organization"] input';

/** Presses one key in the filter and resolves with ms from its keydown to the first frame after the tree changed. */
export async function timeKeyPress(page: Page, key: string): Promise<number> {
  await page.evaluate(selector => {
    const w = window as any;
    const input = document.querySelector(selector) as HTMLInputElement;
    const root =
      document.querySelector('[role="tree"]')?.parentElement?.parentElement ??
      document.body;
    w.__keystroke = new Promise<number>(resolve => {
      let t0: number | undefined;
      input.addEventListener(
        'keydown',
        e => {
          t0 = e.timeStamp;
        },
        { once: true },
      );
      const obs = new MutationObserver(() => {
        if (t0 === undefined) return;
        obs.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0!));
      });
      obs.observe(root, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
      });
      setTimeout(() => {
        obs.disconnect();
        resolve(NaN);
      }, 10_000);
    });
  }, FILTER_INPUT);
  await page.keyboard.press(key);
  return page.evaluate(() => (window as any).__keystroke as Promise<number>);
}

/** Waits two animation frames. */
export const nextFrames = (page: Page) =>
  page.evaluate(
    () =>
      new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))),
  );

/** A browser context with a signed-in session. */
export async function signedInContext(
  browser: Browser,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await signIn(page);
  await page.close();
  return context;
}
