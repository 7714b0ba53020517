// Hostile requests against the demo backend, as an outside checker sends them: starts the demo backend
// (packages/backend, through the Node transform `yarn start` uses, like scripts/mcp-actions-check.mjs) on a free port
// with its own SQLite folder, the embedded sandbox and one static external-access token made up for this run, signs
// in as the demo guest and the demo admin, then sends every route under /api/ai-governance and every ai-governance
// MCP action requests without credentials, with the wrong user, and with bodies meant to hurt: 10 MB bodies, 100,000
// levels of nesting, 1,000,000-item arrays, a wrong type in every field, unknown fields, invalid UTF-8,
// prototype-pollution keys, wildcard patterns built to backtrack, policies with 10,000 statements or conditions,
// 100,000 context keys, what-if change sets at and over their bounds, path traversal in ids and very long query
// strings. Each answer must come within the bound below, be the expected 4xx (or the allowed answer) with a JSON
// error message that names no file, stack frame or token; the backend must answer a normal request right after it;
// and at the end the snapshot and the account requests are as they were. Stops the backend it started however it
// ends.
//
//   source scripts/toolchain.sh && node scripts/hostile-requests.mjs [--out DIR] [--counts FILE]
//
// Prints one PASS/FAIL line per check, the slowest answers, and `N passed, N failed`; --counts writes
// "<passed> <failed>" for scripts/test.sh. Exit status 0 when everything passed.
//
// The parts, in scripts/hostile-requests/: options.mjs (command line and bounds), results.mjs (checks and counts),
// http.mjs (sending a request and checking its answer), payloads.mjs (valid and hostile bodies), checks/*.mjs (one
// file per group of requests) and main.mjs (the order of it all); the backend is started by
// scripts/demo-backend/single.mjs.
import { writeFileSync } from 'node:fs';
import { main, startBackend } from './hostile-requests/main.mjs';
import { BOUND_MS, countsFile } from './hostile-requests/options.mjs';
import { check, timings, totals } from './hostile-requests/results.mjs';

const started = Date.now();
const backend = await startBackend();
try {
  await main(backend);
} catch (error) {
  check('hostile requests check', false, error.message);
}

const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log(
  `slowest answers (bound ${BOUND_MS} ms): ${slowest
    .map(t => `${t.ms} ms ${t.name}`)
    .join('; ')}`,
);
await backend.stop();
console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
const { passed, failed } = totals();
console.log(`${passed} passed, ${failed} failed`);
if (countsFile) writeFileSync(countsFile, `${passed} ${failed}\n`);
process.exit(failed === 0 ? 0 : 1);
