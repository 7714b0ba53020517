import { test } from '@playwright/test';

/**
 * React's development build reports its warnings through console.error. Those raised inside Backstage's own
 * packages (the scaffolder pages render lists without keys; Material UI v4's ButtonBase calls findDOMNode under
 * StrictMode) are not this product's. Everything else that reaches console.error, and every uncaught exception,
 * fails the test.
 */
function isThirdPartyReactWarning(text: string): boolean {
  if (!text.startsWith('Warning: ')) return false;
  return (
    /findDOMNode is deprecated/.test(text) ||
    /\(webpack-internal:\/\/\/\.\.\/\.\.\/node_modules\/@backstage\//.test(text)
  );
}

/**
 * Like `failOnBrowserErrors` from `@backstage/e2e-test-utils`, with React's development warnings from Backstage's
 * own packages let through. Call it at the top of every spec file.
 */
export function failOnBrowserErrors() {
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', error => {
      throw new Error(`Uncaught exception on page, ${error}`);
    });
    page.on('console', message => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (isThirdPartyReactWarning(text)) return;
      throw new Error(`Unexpected console error message "${text}"`);
    });
  });
}
