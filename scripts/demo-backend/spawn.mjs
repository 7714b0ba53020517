// Starting the demo backend (packages/backend) as a child process, as the checks in scripts/ do: through the Node
// transform `yarn start` uses, without its file watcher, with app-config.yaml and one extra config file; and finding
// a free loopback port for it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);

/** A free loopback port. */
export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

const transform = createRequire(join(root, 'package.json')).resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

/**
 * Spawns the demo backend with `configFile` after app-config.yaml; its output is piped (stdout, stderr). `detached`
 * puts it in a process group of its own, so that signalling `-pid` reaches the whole group.
 */
export function spawnDemoBackend(configFile, { detached = false } = {}) {
  return spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      transform,
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: join(root, 'packages', 'backend'),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: join(root, 'tsconfig.json'),
      },
    },
  );
}
