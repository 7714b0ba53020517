// The command line and the settings of one invocation of scripts/two-backends.mjs: --runs, --out, --counts, the
// test's intervals and bounds, and the tag that names this invocation's databases and accounts.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
/** Resolves packages as the repository's root package does. */
export const requireFromRoot = createRequire(join(root, 'package.json'));

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) {
    usage(`--${name} needs a value`);
  }
  return value;
}
function usage(message) {
  console.error(
    `${message}\nusage: node scripts/two-backends.mjs [--runs N] [--out folder] [--counts file]`,
  );
  process.exit(2);
}
export const runs = Number(option('runs', '1'));
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) {
  usage(`--runs takes a whole number from 1 to 1000 (got ${option('runs')})`);
}
/** The folder of the logs and config files. */
export const out = resolve(option('out', join(root, '.aigov', 'two-backends')));
/** Where to write "<passed> <failed> <skipped>" for scripts/test.sh, if given. */
export const countsFile = option('counts', undefined);
mkdirSync(out, { recursive: true });

/**
 * Seconds between scheduled crawls in this test (the product's default is 30 minutes): just over the inventory's
 * one minute in which a backend skips a scheduled crawl after its own last crawl, so that rule never hides a second
 * crawl and each interval's crawl count is the lock's doing alone.
 */
export const CRAWL_INTERVAL_S = 65;
/** A provisioning claim's lease: a killed backend's request is resumed by the other this long after its last heartbeat. */
export const LEASE_S = 10;
/** How long the sandbox keeps CreateAccount IN_PROGRESS: the window in which a backend is killed mid-provisioning. */
export const CREATE_ACCOUNT_DELAY_MS = 5000;
/** Bounds of the waits (they end as soon as the condition holds; they only bound a hang). */
export const START_TIMEOUT_S = 300;
export const READY_TIMEOUT_S = 180;

/** Names this invocation's accounts (`<tag>-…`) and databases. */
export const tag = `tb${Date.now().toString(36)}`;
export const dbPrefix = `aigov_${tag}_`;
/** The owner of every requested account, and the group the guest user must have to sign in. */
export const owner = 'group:default/platform';
