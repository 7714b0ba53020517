import { test } from '@playwright/test';

/**
 * React's development build reports these through console.error although they are deprecation notices about
 * third-party components (Material UI v4's ButtonBase calls findDOMNode under StrictMode). They are not errors of
 * this product; everything else that reaches console.error, and every uncaught exception, fails the test.
 */
const KNOWN_THIRD_PARTY_WARNINGS = [/^Warning: findDOMNode is deprecated/];

/**
 * Like `failOnBrowserErrors` from `@backstage/e2e-test-utils`, with the known third-party development warnings
 * above let through. Call it at the top of every spec file.
 */
export function failOnBrowserErrors() {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', error => {
      throw new Error(`Uncaught exception on page, ${error}`);
    });
    page.on('console', message => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (KNOWN_THIRD_PARTY_WARNINGS.some(pattern => pattern.test(text))) {
        return;
      }
      throw new Error(`Unexpected console error message "${text}"`);
    });
  });
}
