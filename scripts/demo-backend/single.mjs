// One demo backend for a check run by one script (scripts/hostile-requests.mjs, scripts/mcp-actions-check.mjs): on a
// free port with its own SQLite folder, the embedded sandbox and one static external-access token made up for this
// run; its output in <out>/backend.log; waits bounded by its exit; stopped however the script ends.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnDemoBackend } from './spawn.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * Empties `out`, then starts the backend with config file `<out>/<configName>` whose static token has `subject`.
 * Answers { base, port, token, until, waitReady, stop }. The token is never written to the log.
 */
export async function startSingleBackend({ out, configName, subject }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const token = randomBytes(24).toString('hex');
  const configFile = join(out, configName);
  // JSON is YAML: Backstage reads it as a config file, after app-config.yaml.
  writeFileSync(
    configFile,
    `${JSON.stringify(
      {
        app: { baseUrl: base },
        backend: {
          baseUrl: base,
          listen: { port, host: '127.0.0.1' },
          cors: { origin: base },
          database: {
            client: 'better-sqlite3',
            connection: { directory: join(out, 'sqlite') },
          },
          auth: {
            externalAccess: [{ type: 'static', options: { token, subject } }],
          },
        },
      },
      null,
      2,
    )}\n`,
  );

  const logFile = join(out, 'backend.log');
  const log = createWriteStream(logFile);
  const backend = spawnDemoBackend(configFile, { detached: true });
  backend.stdout.pipe(log);
  backend.stderr.pipe(log);
  /** Kills the backend's process group at once (on an abnormal exit, where nothing can be awaited). */
  function kill() {
    if (backend.exitCode === null) {
      try {
        process.kill(-backend.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  /** SIGTERM, then SIGKILL if it has not exited after 15 s (a backend whose startup failed may not stop on SIGTERM). */
  async function stop() {
    if (backend.exitCode !== null) return;
    const exited = new Promise(r => backend.once('exit', r));
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, sleep(15_000)]);
    kill();
  }
  process.on('exit', kill);
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));

  /** Calls probe every `intervalMs` until it answers something truthy (answered); ends when the backend exits. */
  async function until(what, seconds, probe, intervalMs = 1000) {
    const end = Date.now() + seconds * 1000;
    let last;
    while (Date.now() < end) {
      if (backend.exitCode !== null) {
        throw new Error(
          `the backend exited with ${backend.exitCode} while waiting for ${what}; see ${logFile}`,
        );
      }
      try {
        const value = await probe();
        if (value) return value;
      } catch (error) {
        last = error;
      }
      await sleep(intervalMs);
    }
    throw new Error(
      `no ${what} after ${seconds} s${
        last ? ` (last error: ${last.message})` : ''
      }; see ${logFile}`,
    );
  }

  /** Waits for the readiness check and prints how long the start took. */
  async function waitReady(seconds) {
    const started = Date.now();
    await until('readiness', seconds, async () => {
      const res = await fetch(`${base}/.backstage/health/v1/readiness`, {
        signal: AbortSignal.timeout(3000),
      });
      return res.ok;
    });
    console.log(
      `backend ready on ${base} after ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
  }

  return { base, port, token, until, waitReady, stop };
}
