/*
 * End-to-end tests of the demo portal. `scripts/test.sh` starts the portal on the embedded defaults and runs this
 * suite in headless Chromium from Debian's `chromium` package; Playwright never downloads a browser here.
 * Run it alone against a portal you started with `scripts/start.sh`: `yarn playwright test`.
 */
import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

const chromiumPath = process.env.AIGOV_CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },

  // A portal is expected on :3000/:7007 (scripts/test.sh starts one); locally, start it when it is not running.
  webServer: process.env.CI
    ? []
    : [
        {
          command: 'yarn start',
          url: 'http://localhost:3000',
          reuseExistingServer: true,
          timeout: 300_000,
        },
      ],

  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,

  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report' }]],

  use: {
    actionTimeout: 0,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
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

  outputDir: 'node_modules/.cache/e2e-test-results',

  // One project per package with an e2e-tests folder, on the system Chromium.
  projects: generateProjects({ channel: 'chromium' }).map(project => ({
    ...project,
    use: { ...project.use, channel: undefined },
  })),
});
