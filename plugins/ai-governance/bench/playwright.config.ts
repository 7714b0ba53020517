/* Playwright configuration of the dashboard benchmark and the documentation screenshots. */
import { defineConfig } from '@playwright/test';
import { benchPort } from './benchSettings';

/**
 * The dashboard benchmark, `yarn workspace @internal/plugin-ai-governance bench:dashboard`, starts its own server:
 * the production build served by the backend, with a 5,000-account sandbox organization (bench/serveProduction.ts),
 * and stops it at the end. The documentation screenshots (`yarn workspace @internal/plugin-ai-governance
 * screenshots`) run against the portal of `scripts/start.sh` (frontend on :3000, backend on :7007).
 * Neither is part of the test suites. Browser: Debian's chromium (CHROMIUM_PATH), never a downloaded one.
 */
const benchmark = process.argv.some(a => a.includes('dashboard.bench'));
const port = benchPort();

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.(bench|shots)\.ts$/,
  timeout: 300_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../node_modules/.cache/bench-results',
  webServer: benchmark
    ? {
        command:
          'node --require @backstage/cli/config/nodeTransform.cjs bench/serveProduction.ts',
        cwd: '..',
        url: `http://localhost:${port}/.backstage/health/v1/readiness`,
        // Building the app (when packages/app/dist is missing) and starting the backend take minutes on 2 cores.
        timeout: 15 * 60_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      }
    : undefined,
  use: {
    actionTimeout: 15_000,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
