/**
 * The sandbox over HTTP: AWS JSON 1.1 (`POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<Operation>`) on a
 * loopback port, plus a small control API under `/_sandbox/` (faults, stats, snapshot).
 */
import { existsSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import type { OrgModel } from '@internal/plugin-ai-governance-common';
import { FaultOptions, validateFaultOptions } from './faults';
import type { SandboxLimits } from './limits';
import { loadOrgModelFile } from './loadOrgModelFile';
import {
  hostRefusedBody,
  isAllowedHostHeader,
  listenHost,
  urlHost,
} from './loopback';
import { OrganizationsSandbox } from './OrganizationsSandbox';
import { readStateFile, writeStateFile } from './persistence';
import type { SandboxState } from './records';
import { readJsonObject, send, TARGET_PREFIX } from './wire/awsJson';

/** @public */
export interface StartSandboxOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /**
   * Address to listen on. Default 127.0.0.1 (loopback: only this machine can reach the sandbox, which has no
   * authentication). Whatever the address, requests must name a loopback host or one of `allowedHosts`.
   */
  host?: string;
  /** Host names accepted in the `Host` header besides localhost, 127.0.0.0/8 and [::1] (e.g. a container's name). */
  allowedHosts?: string[];
  /** The organization to start with: an org model, or the path of an org model file. Default: management only. */
  seed?: OrgModel | string;
  faults?: FaultOptions;
  /** How long CreateAccount stays IN_PROGRESS. Default 2,000 ms. */
  createAccountDelayMs?: number;
  /** How long CloseAccount stays PENDING_CLOSURE. Default 2,000 ms. */
  closeAccountDelayMs?: number;
  /** Keep the state in this JSON file: loaded at start when present (instead of the seed), written after changes. */
  persistFile?: string;
  limits?: SandboxLimits;
  /** Clock, for tests that step time instead of waiting. Default Date.now. */
  now?: () => number;
}

/** A running sandbox. @public */
export interface RunningSandbox {
  /** `http://127.0.0.1:<port>`: the endpoint to give an AWS SDK or CLI. */
  url: string;
  port: number;
  sandbox: OrganizationsSandbox;
  /** Stops listening, closes open connections and writes the persist file. */
  close(): Promise<void>;
}

/**
 * Starts a sandbox on 127.0.0.1 and resolves once it listens.
 * @public
 */
export async function startSandbox(
  options: StartSandboxOptions = {},
): Promise<RunningSandbox> {
  const seed =
    typeof options.seed === 'string'
      ? loadOrgModelFile(options.seed)
      : options.seed;
  let dirty = false;
  const sandbox = new OrganizationsSandbox({
    seed,
    faults: options.faults,
    createAccountDelayMs: options.createAccountDelayMs,
    closeAccountDelayMs: options.closeAccountDelayMs,
    limits: options.limits,
    now: options.now,
    onChange: () => {
      dirty = true;
    },
  });
  const persistFile = options.persistFile;
  const stored: SandboxState | undefined = persistFile
    ? readStateFile(persistFile)
    : undefined;
  if (stored) {
    sandbox.importState(stored);
  }
  const flush = () => {
    if (persistFile && dirty) {
      // Still dirty when the write fails: the next change or close() writes again.
      writeStateFile(persistFile, sandbox.exportState());
      dirty = false;
    }
  };
  if (persistFile && !existsSync(persistFile)) {
    dirty = true;
    flush();
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: refuse requests addressed to any name but a loopback one (see loopback.ts).
    if (!isAllowedHostHeader(req.headers.host, options.allowedHosts)) {
      send(res, 403, hostRefusedBody(req.headers.host));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && typeof target === 'string') {
      if (!target.startsWith(TARGET_PREFIX)) {
        send(res, 400, {
          __type: 'UnknownOperationException',
          message: `This endpoint serves AWS Organizations (${TARGET_PREFIX}*), not ${target}.`,
        });
        return;
      }
      const operation = target.slice(TARGET_PREFIX.length);
      const input = await readJsonObject(req, res, (status, message) =>
        send(res, status, { __type: 'SerializationException', message }),
      );
      if (!input) return;
      const result = await sandbox.call(operation, input);
      flush();
      send(res, result.statusCode, result.body);
      return;
    }
    const json = 'application/json';
    if (url.pathname === '/_sandbox/stats' && req.method === 'GET') {
      send(res, 200, sandbox.stats(), json);
    } else if (
      url.pathname === '/_sandbox/stats/reset' &&
      req.method === 'POST'
    ) {
      sandbox.resetStats();
      send(res, 200, sandbox.stats(), json);
    } else if (url.pathname === '/_sandbox/faults' && req.method === 'GET') {
      send(res, 200, sandbox.getFaults(), json);
    } else if (
      url.pathname === '/_sandbox/faults' &&
      (req.method === 'POST' || req.method === 'PATCH')
    ) {
      const body = await readJsonObject(req, res, (status, message) =>
        send(
          res,
          status,
          {
            error: `${message} The body must be a JSON object of fault options.`,
          },
          json,
        ),
      );
      if (!body) return;
      const next =
        req.method === 'PATCH'
          ? { ...sandbox.getFaults(), ...(body as object) }
          : body;
      const problems = validateFaultOptions(next);
      if (problems.length > 0) {
        send(
          res,
          400,
          { error: 'Invalid fault options; nothing changed.', problems },
          json,
        );
        return;
      }
      sandbox.setFaults(next as FaultOptions);
      send(res, 200, sandbox.getFaults(), json);
    } else if (url.pathname === '/_sandbox/snapshot' && req.method === 'GET') {
      send(res, 200, sandbox.snapshot(), json);
    } else if (
      url.pathname === '/_sandbox/operations' &&
      req.method === 'GET'
    ) {
      send(res, 200, sandbox.operations(), json);
    } else {
      send(
        res,
        404,
        {
          error: `Not found: ${req.method} ${url.pathname}. AWS Organizations calls are POST / with an X-Amz-Target header; the control API is under /_sandbox/ (stats, stats/reset, faults, snapshot, operations).`,
        },
        json,
      );
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) {
        send(res, 500, {
          __type: 'ServiceException',
          message: String(error?.message ?? error),
        });
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost(options.host), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost(options.host)}:${port}`,
    port,
    sandbox,
    close() {
      closed ??= new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        if (persistFile) {
          dirty = true;
          flush();
        }
      });
      return closed;
    },
  };
}
