// The command line and the bounds of one run of scripts/hostile-requests.mjs: --out, --counts, the waits' bounds,
// the answer bound every hostile request is held to, and the API's path.
import { join, resolve } from 'node:path';
import { root } from '../demo-backend/spawn.mjs';

const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
/** The folder of the backend's log, its config and failures.jsonl. */
export const out = resolve(
  option('--out') ?? join(root, '.aigov', 'hostile-requests'),
);
/** Where to write "<passed> <failed>" for scripts/test.sh, if given. */
export const countsFile = option('--counts');
export const START_TIMEOUT_S = 300;
export const SNAPSHOT_TIMEOUT_S = 180;
/** Every hostile request must be answered within this bound (upload and answer included). */
export const BOUND_MS = 5000;
export const API = '/api/ai-governance';
