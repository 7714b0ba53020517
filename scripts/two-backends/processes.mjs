// Starting and stopping the two-backend test's processes: PostgreSQL (unless given), the standalone sandbox and the
// two demo backends, each with its output captured to a log file; every child is stopped when this script ends.
import { spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  CRAWL_INTERVAL_S,
  CREATE_ACCOUNT_DELAY_MS,
  LEASE_S,
  START_TIMEOUT_S,
  dbPrefix,
  out,
  root,
} from './options.mjs';
import { freePort, spawnDemoBackend } from '../demo-backend/spawn.mjs';
import { Fatal, until } from './results.mjs';

export { freePort };

const children = new Set();
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
/** Signals every child still running. */
export function stopAll(signal = 'SIGTERM') {
  for (const child of children) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => stopAll('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });
}

/** Lines of a child's output, stamped with the time they arrived, kept and copied to a log file. */
function capture(child, file) {
  const log = createWriteStream(file, { flags: 'a' });
  const lines = [];
  const listeners = new Set();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', raw => {
      // eslint-disable-next-line no-control-regex
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      const entry = { at: Date.now(), line };
      lines.push(entry);
      log.write(`${line}\n`);
      for (const l of listeners) l(entry);
    });
  }
  return { lines, listeners, file };
}

/** PostgreSQL: AIGOV_TEST_POSTGRES_URL, or a throwaway cluster from scripts/postgres.sh. Returns { url, stop }. */
export async function startPostgres() {
  if (process.env.AIGOV_TEST_POSTGRES_URL) {
    return { url: process.env.AIGOV_TEST_POSTGRES_URL, stop: async () => {} };
  }
  // scripts/postgres.sh in a shell that keeps the cluster until its stdin closes (this script ends, however it
  // ends), then stops it and removes its folder. Not signalled by stopAll: its EXIT trap does the stopping.
  const shell = spawn(
    'bash',
    [
      '-c',
      'source scripts/postgres.sh && trap stop_test_postgres EXIT && start_test_postgres "$1" >&2 && echo "URL $AIGOV_TEST_POSTGRES_URL" && read -r _',
      'postgres',
      out,
    ],
    { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const output = capture(shell, join(out, 'postgres.log'));
  const url = await until('PostgreSQL started', 120, () => {
    if (shell.exitCode !== null) {
      throw new Fatal(`scripts/postgres.sh failed; see ${output.file}`);
    }
    return output.lines.map(l => /^URL (\S+)/.exec(l.line)?.[1]).find(Boolean);
  });
  return {
    url,
    stop: () =>
      new Promise(res => {
        shell.on('exit', res);
        shell.stdin.end();
      }),
  };
}

/** The standalone sandbox (`aigov sandbox --seed demo`) with slow account creation. Returns { process, url }. */
export async function startSandbox() {
  const sandbox = track(
    spawn(
      process.execPath,
      [
        'packages/cli/bin/aigov',
        'sandbox',
        '--seed',
        'demo',
        '--create-account-delay',
        String(CREATE_ACCOUNT_DELAY_MS),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const output = capture(sandbox, join(out, 'sandbox.log'));
  const url = await until('sandbox started', 120, () => {
    if (sandbox.exitCode !== null) {
      throw new Fatal(`the sandbox exited; see ${output.file}`);
    }
    return output.lines
      .map(l => /Sandbox listening on (\S+)/.exec(l.line)?.[1])
      .find(Boolean);
  });
  return { process: sandbox, url };
}

/** One backend's extra config file: its port, the shared database and sandbox, short intervals for the test. */
export function backendConfig({ name, port, postgresUrl, sandboxUrl }) {
  const file = join(out, `app-config.${name}.json`);
  const config = {
    app: { baseUrl: `http://127.0.0.1:${port}` },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: {
        client: 'pg',
        connection: postgresUrl,
        prefix: dbPrefix,
      },
    },
    aiGovernance: {
      organizations: {
        sandbox: { enabled: false },
        endpoint: sandboxUrl,
      },
      inventory: {
        // ISO strings, not { seconds: … }: an object would merge with app-config.yaml's { minutes: 30 }.
        schedule: {
          frequency: `PT${CRAWL_INTERVAL_S}S`,
          timeout: 'PT2M',
          // The first scheduled run comes after the inventory's one minute without scheduled crawls that follows
          // backend A's startup crawl, so it is not skipped.
          initialDelay: `PT${CRAWL_INTERVAL_S + 5}S`,
        },
      },
      vending: {
        // Deterministic and without a Pulumi CLI: the provisioner the product uses when none is installed.
        engine: 'organizations-api',
        pollIntervalMs: 500,
        provisioning: {
          leaseSeconds: LEASE_S,
          pollIntervalSeconds: 1,
          maxAttempts: 3,
        },
      },
    },
  };
  // JSON is YAML: Backstage reads it as a config file.
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/**
 * Starts the demo backend (packages/backend, through the Node transform `yarn start` uses, without its file watcher)
 * for `backend` ({ name, url, configFile }); sets backend.process and adds its output to backend.outputs.
 */
export function startBackend(backend) {
  const child = track(spawnDemoBackend(backend.configFile));
  backend.process = child;
  backend.starts = (backend.starts ?? 0) + 1;
  const output = capture(child, join(out, `backend-${backend.name}.log`));
  backend.outputs = [...(backend.outputs ?? []), output];
  return child;
}

/** Waits until the backend answers its readiness check; ends at once when it exited or logged a failed startup. */
export async function waitReady(backend, seconds = START_TIMEOUT_S) {
  await until(
    `backend ${backend.name} ready on ${backend.url}`,
    seconds,
    async () => {
      const output = backend.outputs.at(-1);
      if (backend.process.exitCode !== null) {
        throw new Fatal(
          `backend ${backend.name} exited with ${backend.process.exitCode}; see ${output.file}`,
        );
      }
      const failure = output.lines.find(l =>
        l.line.includes('Backend startup failed'),
      );
      if (failure) {
        // Backstage logs the failure and keeps the process, unready: stop it, it will not recover.
        backend.process.kill('SIGKILL');
        throw new Fatal(
          `backend ${backend.name}: ${failure.line.slice(0, 600)}; see ${
            output.file
          }`,
        );
      }
      const res = await fetch(`${backend.url}/.backstage/health/v1/readiness`, {
        signal: AbortSignal.timeout(3000),
      });
      return res.ok;
    },
    1000,
  );
}

/** SIGKILLs a backend; resolves when it has exited. */
export function kill(backend) {
  return new Promise(res => {
    if (backend.process.exitCode !== null) {
      res();
      return;
    }
    backend.process.once('exit', () => res());
    backend.process.kill('SIGKILL');
  });
}

/** Stops the backends that were started (SIGTERM, SIGKILL after 15 s); resolves when all have exited. */
export function stopBackends(backends) {
  return Promise.all(
    backends
      .filter(b => b.process)
      .map(
        b =>
          new Promise(res => {
            if (b.process.exitCode !== null) return res();
            b.process.once('exit', res);
            b.process.kill('SIGTERM');
            setTimeout(() => b.process.kill('SIGKILL'), 15_000).unref();
          }),
      ),
  );
}
