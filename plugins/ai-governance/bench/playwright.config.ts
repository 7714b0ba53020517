import { defineConfig } from '@playwright/test';

/**
 * The dashboard benchmark: `yarn workspace @internal/plugin-ai-governance bench:dashboard` with the portal running
 * (frontend on :3000, backend on :7007). Not part of the test suites.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.(bench|shots)\.ts$/,
  timeout: 300_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../node_modules/.cache/bench-results',
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
