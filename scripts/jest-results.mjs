// Reads Jest's --json results for scripts/test.sh.
//   node scripts/jest-results.mjs RESULTS.json               prints "<passed> <failed> <skipped>"
//   node scripts/jest-results.mjs RESULTS.json --must-run    checks that the tests needing PostgreSQL and the shared
//       corpus ran and passed (CI has both): prints what ran, and exits 1 when any of them was skipped or none ran.
import { readFileSync } from 'node:fs';

const [file, mode] = process.argv.slice(2);
const results = JSON.parse(readFileSync(file, 'utf8'));

if (mode !== '--must-run') {
  const failed =
    results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
  console.log(`${results.numPassedTests} ${failed} ${skipped}`);
  process.exit(0);
}

const tests = results.testResults.flatMap(suite =>
  suite.assertionResults.map(t => ({ file: suite.name, ...t })),
);
const prerequisites = {
  PostgreSQL: t => /\bPOSTGRES_\d+\b/.test(t.fullName),
  'the shared corpus (../shared/corpus)': t =>
    /[\\/]corpus\.test\.ts$/.test(t.file),
};
let ok = true;
for (const [what, needs] of Object.entries(prerequisites)) {
  const mine = tests.filter(needs);
  const ran = mine.filter(t => t.status === 'passed').length;
  const notRun = mine.filter(
    t => t.status !== 'passed' && t.status !== 'failed',
  );
  if (ran === 0 || notRun.length > 0) {
    ok = false;
    console.log(
      `CI: the tests that need ${what} did not all run: ${ran} passed, ${notRun.length} skipped` +
        notRun
          .slice(0, 10)
          .map(t => `\n  skipped: ${t.fullName}`)
          .join(''),
    );
  } else {
    console.log(`CI: ${ran} tests that need ${what} ran and passed`);
  }
}
process.exit(ok ? 0 : 1);
