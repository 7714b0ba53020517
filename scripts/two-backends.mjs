// Two backends, one PostgreSQL: starts one standalone organizations sandbox (`aigov sandbox --seed demo`) and two
// processes of the demo backend (packages/backend, through the same Node transform `yarn start` uses, without its
// file watcher) on two loopback ports, both on one PostgreSQL database set (a fresh `backend.database.prefix` per
// invocation) and both pointed at that one sandbox. Then, for each of --runs rounds, it checks:
//
//   - account requests run exactly once while both backends are up: development requests (approved at once) and
//     production requests approved by the demo admin, each submitted to one backend or the other, end `ready` after
//     one provisioning run, with one account each in the sandbox; the two backends race to approve each production
//     request and exactly one approval wins;
//   - a scaffolder task of the "AI development account" template runs once: it completes, its request was provisioned
//     once, and its account exists once;
//   - killing (SIGKILL) the backend that is provisioning a request, while the sandbox still shows the account's
//     creation in progress, leaves the other backend to resume it after the lease expires and finish it with one
//     account; the killed backend is started again for the next round.
//
// and over the whole invocation:
//
//   - one scheduled crawl per interval across both backends (the scheduler's global lock on the inventory's crawl
//     task): at least one ran, watched for a full interval after it, no two start less than 3/4 interval apart, and
//     there are no more crawls than intervals;
//   - both backends serve the same snapshot (`GET /status` snapshot time and the `/tree` ETag);
//   - zero duplicate accounts: no account name or root email of this invocation appears twice in the sandbox.
//
// Prints one PASS/FAIL line per check and run, a line of counts (`two-backends: runs … duplicates …`), and with
// --counts <file> writes "<passed> <failed> <skipped>" there for scripts/test.sh. Exits non-zero when a check failed.
//
//   node scripts/two-backends.mjs [--runs 20] [--out .aigov/two-backends] [--counts <file>]
//
// The parts, in scripts/two-backends/: options.mjs (command line and settings), results.mjs (checks, counts, bounded
// waits), processes.mjs (starting and stopping PostgreSQL, the sandbox, the backends), http.mjs (sign-in and API
// calls), observe.mjs (reading the sandbox, the database and the logs), checks/*.mjs (one file per group of checks)
// and main.mjs (the order of it all).
//
// PostgreSQL: AIGOV_TEST_POSTGRES_URL (scripts/test.sh exports it) or, unset, a throwaway cluster from
// scripts/postgres.sh for this invocation. Its databases are dropped at the end.
import { writeFileSync } from 'node:fs';
import { main } from './two-backends/main.mjs';
import { countsFile } from './two-backends/options.mjs';
import { stopAll } from './two-backends/processes.mjs';
import { check, totals } from './two-backends/results.mjs';

try {
  await main();
} catch (error) {
  check('two-backend test ran to its end', false, error.stack ?? String(error));
}
const { passed, failed, failures } = totals();
if (failures.length) console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
if (countsFile) writeFileSync(countsFile, `${passed} ${failed} 0\n`);
stopAll('SIGKILL');
process.exit(failed === 0 ? 0 : 1);
