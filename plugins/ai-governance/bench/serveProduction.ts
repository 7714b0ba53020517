/* eslint-disable no-console -- a benchmark's server reports what it does */
/*
 * The dashboard benchmark's server: the app's production bundle (packages/app/dist, built by `yarn workspace app
 * build` as `yarn build:all` and the backend image build it) served by the demo backend's app-backend, on one
 * loopback port, with the AI Governance sandbox seeded from a generated organization of 5,000 accounts that the
 * inventory crawls at startup. So the browser downloads and parses the real bundle and GET /tree returns the real
 * inventory's snapshot.
 *
 * Started by bench/playwright.config.ts (webServer); stopped with SIGTERM, it stops the backend and removes its
 * temporary folder (generated org model, config, SQLite files).
 * Environment: AIGOV_BENCH_PORT (default 7017), AIGOV_BENCH_ACCOUNTS (default 5000), AIGOV_BENCH_BUILD=1 to rebuild
 * the app even when packages/app/dist exists.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOrgModel } from '@internal/plugin-ai-governance-common';
import { benchAccounts, benchPort } from './benchSettings';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const port = benchPort();
const accounts = benchAccounts();
const baseUrl = `http://localhost:${port}`;

const appIndex = path.join(repoRoot, 'packages', 'app', 'dist', 'index.html');
if (process.env.AIGOV_BENCH_BUILD === '1' || !fs.existsSync(appIndex)) {
  console.log('building the app for production: yarn workspace app build');
  const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error(
      `yarn workspace app build failed (exit status ${build.status}); the benchmark needs the production bundle`,
    );
    process.exit(1);
  }
} else {
  console.log(
    `using the production bundle in packages/app/dist (built ${fs
      .statSync(appIndex)
      .mtime.toISOString()}; AIGOV_BENCH_BUILD=1 rebuilds it)`,
  );
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-dashboard-bench-'));
const orgFile = path.join(dir, 'org.json');
// The same shape as the evaluator and inventory benchmarks' organization: 250 OUs, 60 policies.
fs.writeFileSync(
  orgFile,
  JSON.stringify(generateOrgModel({ accounts, ous: 250, policies: 60, seed: 3 })),
);
const configFile = path.join(dir, 'app-config.bench.yaml');
// JSON is YAML: the embedded defaults, moved to one port where the backend serves the app, with a private database.
fs.writeFileSync(
  configFile,
  JSON.stringify({
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: baseUrl },
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(dir, 'sqlite') },
      },
    },
    aiGovernance: {
      organizations: {
        sandbox: { enabled: true, seed: orgFile, port: 0 },
        // The crawl is not what this benchmark measures: let it go as fast as the sandbox answers.
        rateLimit: { requestsPerSecond: 2000, maxConcurrency: 8 },
      },
    },
  }),
);

console.log(
  `serving the production app and a ${accounts}-account sandbox organization at ${baseUrl}`,
);
// The backend from its sources, as `backstage-cli package start` runs it but without its file watcher: edits
// elsewhere in the checkout must not restart it (and abort its crawl) in the middle of a measurement.
const backend: ChildProcess = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    'src/index.ts',
    '--config',
    path.join(repoRoot, 'app-config.yaml'),
    '--config',
    configFile,
  ],
  // Its own process group, so that stopping it stops everything it started.
  {
    cwd: path.join(repoRoot, 'packages', 'backend'),
    stdio: 'inherit',
    detached: true,
    // NODE_ENV as `backstage-cli package start` sets it: the guest sign-in of the embedded defaults allows only
    // development. The bundle the browser runs is the production build either way.
    env: { ...process.env, NODE_ENV: 'development', BROWSER: 'none' },
  },
);
const killBackend = (signal: NodeJS.Signals) => {
  try {
    process.kill(-backend.pid!, signal);
  } catch {
    // the group is gone already
  }
};

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (backend.exitCode === null) killBackend('SIGTERM');
  const done = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  if (backend.exitCode !== null) done();
  else {
    backend.once('exit', done);
    setTimeout(() => {
      killBackend('SIGKILL');
      done();
    }, 10_000).unref();
  }
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(130));
backend.on('exit', code => {
  if (!stopping) {
    console.error(`the backend exited (status ${code})`);
    stop(1);
  }
});
