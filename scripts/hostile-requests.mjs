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
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  appendFileSync,
  createWriteStream,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = resolve(
  option('--out') ?? join(root, '.aigov', 'hostile-requests'),
);
const countsFile = option('--counts');
const START_TIMEOUT_S = 300;
const SNAPSHOT_TIMEOUT_S = 180;
/** Every hostile request must be answered within this bound (upload and answer included). */
const BOUND_MS = 5000;
const API = '/api/ai-governance';

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  // Answers echo hostile input (NUL, line breaks, bytes that are not UTF-8): shown escaped, one line per check.
  const shown = `${name}${detail ? `: ${detail}` : ''}`.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\ufffd]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  console.log(`${ok ? 'PASS' : 'FAIL'} ${shown}`);
}

/** A free loopback port. */
function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// Made up for this run and never written to the log: the static token of an outside caller (a service).
const token = randomBytes(24).toString('hex');
const configFile = join(out, 'app-config.hostile-requests.json');
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
          externalAccess: [
            {
              type: 'static',
              options: { token, subject: 'hostile-requests' },
            },
          ],
        },
      },
    },
    null,
    2,
  )}\n`,
);

const requireFromRoot = createRequire(join(root, 'package.json'));
const transform = requireFromRoot.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);
const log = createWriteStream(join(out, 'backend.log'));
const backend = spawn(
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
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      ESBK_TSCONFIG_PATH: join(root, 'tsconfig.json'),
    },
  },
);
backend.stdout.pipe(log);
backend.stderr.pipe(log);
/** Kills the backend's process group at once (on an abnormal exit, where nothing can be awaited). */
function killBackend() {
  if (backend.exitCode === null) {
    try {
      process.kill(-backend.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
/** SIGTERM, then SIGKILL if it has not exited after 15 s. */
async function stopBackend() {
  if (backend.exitCode !== null) return;
  const exited = new Promise(r => backend.once('exit', r));
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(15_000)]);
  killBackend();
}
process.on('exit', killBackend);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function until(what, seconds, probe, intervalMs = 1000) {
  const end = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < end) {
    if (backend.exitCode !== null) {
      throw new Error(
        `the backend exited with ${
          backend.exitCode
        } while waiting for ${what}; see ${join(out, 'backend.log')}`,
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
    }; see ${join(out, 'backend.log')}`,
  );
}

/**
 * One raw HTTP request (node:http, so the path is sent exactly as given, `..` and all, and the body byte for byte).
 * Answers { status, text, json, ms, error } where error is set when no answer came within `bound` ms.
 */
function send({
  method = 'GET',
  path,
  body,
  auth,
  contentType = 'application/json',
  headers = {},
  bound = BOUND_MS,
  chunked = false,
}) {
  const payload =
    body === undefined
      ? undefined
      : Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const started = performance.now();
  return new Promise(res => {
    let settled = false;
    const finish = result => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      res({ ...result, ms: Math.round(performance.now() - started) });
    };
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(auth && { Authorization: `Bearer ${auth}` }),
          ...(payload && {
            'Content-Type': contentType,
            // Chunked: no length announced, so the server must count while it reads.
            ...(!chunked && { 'Content-Length': payload.length }),
          }),
          ...headers,
        },
      },
      response => {
        const chunks = [];
        response.on('data', c => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          finish({
            status: response.statusCode,
            text,
            json,
            contentType: response.headers['content-type'] ?? '',
          });
        });
        response.on('error', e =>
          finish({ status: 0, text: '', error: e.message }),
        );
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: 0, text: '', error: `no answer within ${bound} ms` });
    }, bound);
    req.on('error', e => {
      // The server may answer (413) and close before the whole body is sent: the answer is what counts.
      finish({ status: 0, text: '', error: e.code ?? e.message });
    });
    if (payload && chunked) {
      for (let i = 0; i < payload.length; i += 65_536) {
        req.write(payload.subarray(i, i + 65_536));
      }
      req.end();
    } else if (payload) req.end(payload);
    else req.end();
  });
}

const timings = [];
let guest;
let admin;

/** What an error answer must not carry: stack frames, file paths, tokens. */
function leaks(text) {
  const found = [];
  if (/"stack"\s*:/.test(text)) found.push('a stack trace');
  if (/\bat \S+ \(?[^\s()]+:\d+:\d+\)?/.test(text)) found.push('a stack frame');
  if (/(^|[\s"'(])\/(work|tmp|home|root|usr|opt|var)\//.test(text))
    found.push('a file path');
  if (/node_modules|\.tsx?:\d+/.test(text)) found.push('a source location');
  for (const [what, secret] of [
    ['the static token', token],
    ['the guest token', guest],
    ['the admin token', admin],
  ]) {
    if (secret && text.includes(secret)) found.push(what);
  }
  return found;
}

/** The error message of a Backstage error body ({ error: { message } }), if any. */
const errorMessage = json =>
  typeof json?.error?.message === 'string' ? json.error.message : undefined;

/** A normal request right after: the backend still answers. */
async function healthy() {
  const res = await send({ path: `${API}/status`, auth: token });
  return res.status === 200;
}

/**
 * Sends `request` and checks the answer: its status is one of `expect` (numbers, or 'allowed' for any 2xx), within
 * the bound, an error answer has a JSON message without leaks, and the backend answers a normal request after it.
 */
async function hostile(name, request, expect) {
  const expected = [expect].flat();
  const res = await send(request);
  timings.push({ name, ms: res.ms });
  const problems = [];
  if (res.error) problems.push(res.error);
  const allowed =
    expected.includes(res.status) ||
    (expected.includes('allowed') && res.status >= 200 && res.status < 300);
  if (!res.error && !allowed) {
    problems.push(`status ${res.status}, expected ${expected.join(' or ')}`);
  }
  if (res.status >= 400) {
    const message = errorMessage(res.json);
    if (!message) {
      problems.push(
        `no JSON error message (${
          res.contentType || 'no content type'
        }: ${JSON.stringify(res.text.slice(0, 120))})`,
      );
    }
    const leaked = leaks(res.text);
    if (leaked.length) problems.push(`the answer carries ${leaked.join(', ')}`);
  }
  if (!(await healthy()))
    problems.push('the backend did not answer GET /status after it');
  if (problems.length) {
    // The whole exchange, for whoever reads the failure: the request (bodies cut) and the answer.
    appendFileSync(
      join(out, 'failures.jsonl'),
      `${JSON.stringify({
        name,
        method: request.method ?? 'GET',
        path: request.path.slice(0, 300),
        body: Buffer.isBuffer(request.body)
          ? request.body.toString('latin1').slice(0, 300)
          : (typeof request.body === 'string'
              ? request.body
              : JSON.stringify(request.body ?? '')
            )?.slice(0, 300),
        status: res.status,
        answer: res.text.slice(0, 4000),
      })}\n`,
    );
  }
  const summary =
    errorMessage(res.json)?.slice(0, 160) ??
    (res.status >= 200 && res.status < 300
      ? 'answered'
      : res.text.slice(0, 120));
  check(
    name,
    problems.length === 0,
    problems.length
      ? `${problems.join('; ')} [${res.ms} ms] ${summary}`
      : `${res.status} in ${res.ms} ms${
          res.status >= 400 ? `: ${summary}` : ''
        }`,
  );
  return res;
}

// ---------------------------------------------------------------------------------------------------------------
// Payloads.

const MODEL =
  'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
const policyDoc = statements => ({
  Version: '2012-10-17',
  Statement: statements,
});
const allowAll = policyDoc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
/** `n` statements, each different. */
const manyStatements = n =>
  policyDoc(
    Array.from({ length: n }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: `s3:Get${i}`,
      Resource: '*',
    })),
  );
/** One statement with `n` condition keys. */
const manyConditions = n =>
  policyDoc([
    {
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: {
        StringEquals: Object.fromEntries(
          Array.from({ length: n }, (_, i) => [`aws:PrincipalTag/k${i}`, 'v']),
        ),
      },
    },
  ]);
/** `n` levels of arrays, as JSON text. */
const nestedText = n => `${'['.repeat(n)}${']'.repeat(n)}`;
/** A JSON object whose one key holds `n` levels of arrays. */
const nestedObjectText = (key, n) => `{"${key}":${nestedText(n)}}`;
/** Wildcard patterns built to make a backtracking matcher take exponential time. */
const starBomb = 'a*'.repeat(5000);
const questionBomb = '*?'.repeat(5000);
const bombPolicy = policyDoc([
  {
    Effect: 'Allow',
    Action: `s3:${starBomb}b`,
    Resource: `arn:aws:s3:::${questionBomb}b`,
  },
  {
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { StringLike: { 'aws:PrincipalTag/team': `${starBomb}b` } },
  },
]);
const manyContext = n =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`aws:k${i}`, 'v']));
const tenMB = `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`;
const millionItems = `[${new Array(1_000_000).fill('0').join(',')}]`;
/** A JSON body with bytes that are not UTF-8 inside a string. */
const invalidUtf8 = (before, after) =>
  Buffer.concat([
    Buffer.from(before),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]),
    Buffer.from(after),
  ]);

/** Values of every JSON type; `wrongTypes(v)` are those of another type than v. */
const samples = [123, true, null, 'text', [], {}];
const typeOf = v =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
const wrongTypes = v => samples.filter(s => typeOf(s) !== typeOf(v));

// ---------------------------------------------------------------------------------------------------------------

const started = Date.now();
let account;
let ou;
let policyId;
try {
  await until('readiness', START_TIMEOUT_S, async () => {
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
  const signIn = (provider, group) =>
    until(
      `${provider} sign-in`,
      START_TIMEOUT_S,
      async () => {
        const res = await fetch(
          `${base}/api/auth/${provider}/refresh?env=development`,
          {
            headers: { 'X-Requested-With': 'XMLHttpRequest' },
            signal: AbortSignal.timeout(10_000),
          },
        );
        if (!res.ok)
          throw new Error(`${provider} refresh answered ${res.status}`);
        const identity = (await res.json()).backstageIdentity;
        return identity?.token &&
          identity.identity?.ownershipEntityRefs?.includes(group)
          ? identity.token
          : undefined;
      },
      2000,
    );
  guest = await signIn('guest', 'group:default/ml-research');
  admin = await signIn('demo-admin', 'group:default/ai-governance-admins');
  const tree = await until(
    'the first snapshot',
    SNAPSHOT_TIMEOUT_S,
    async () => {
      const res = await send({
        path: `${API}/tree`,
        auth: token,
        bound: 30_000,
      });
      return res.status === 200 ? res.json : undefined;
    },
  );
  account = tree.nodes.find(n => n.kind === 'account');
  ou = tree.nodes.find(n => n.kind === 'ou');
  policyId =
    tree.policies?.[0]?.id ?? tree.nodes.flatMap(n => n.policyIds ?? [])[0];
  console.log(
    `snapshot: ${tree.nodes.length} nodes; account ${account.id}, OU ${ou.id}, policy ${policyId}`,
  );

  /** What must not change: the organization as the snapshot has it, and every account request. */
  const state = async () => {
    const t = await send({ path: `${API}/tree`, auth: token, bound: 30_000 });
    const r = await send({
      path: `${API}/account-requests?limit=500`,
      auth: admin,
      bound: 30_000,
    });
    const { capturedAt, snapshotTime, ...org } = t.json ?? {};
    return JSON.stringify({
      org,
      requests: r.json,
      statuses: [t.status, r.status],
    });
  };
  const before = await state();

  // -- Valid bodies, from which the hostile ones are made. ---------------------------------------------------------
  const valid = {
    lint: { content: JSON.stringify(allowAll), type: 'SCP', name: 'x' },
    simulate: {
      target: account.id,
      action: 'bedrock:InvokeModel',
      resource: MODEL,
      context: { 'aws:RequestedRegion': 'us-east-1' },
      principalArn: `arn:aws:iam::${account.id}:role/r`,
      principalTags: { team: 'ml' },
      principal: { accountId: account.id, tags: { team: 'ml' } },
      resourceOwner: { accountId: account.id },
      identityPolicies: [{ name: 'id', content: allowAll }],
      permissionsBoundary: { name: 'b', content: JSON.stringify(allowAll) },
      sessionPolicies: [{ name: 's', content: allowAll }],
    },
    whoCan: {
      action: 'bedrock:InvokeModel',
      resource: MODEL,
      context: { 'aws:RequestedRegion': 'us-east-1' },
      principalTags: { team: 'ml' },
      under: ou.id,
      identityPolicies: [{ name: 'id', content: allowAll }],
    },
    whatIf: {
      description: 'hostile',
      changes: [{ op: 'detach', policy: policyId, target: ou.id }],
      probes: [{ action: 'bedrock:InvokeModel', resource: MODEL }],
    },
    refresh: { accountIds: [account.id] },
    accountRequest: {
      name: 'hostile-dev',
      environment: 'development',
      owner: 'group:default/ml-research',
      costCenter: 'CC-1',
      dataClassification: 'internal',
      purpose: 'hostile requests check',
    },
    decision: { comment: 'no' },
  };

  // -- 1. Credentials: none → 401 everywhere; the guest → 403 where only admins may act; a service → 403 on writes.
  const routes = [
    ['GET', '/tree'],
    ['GET', `/nodes/${account.id}`],
    ['GET', `/nodes/${account.id}/effective-policies`],
    ['GET', `/policies/${policyId}`],
    ['POST', '/refresh', valid.refresh],
    ['GET', '/status'],
    ['GET', '/drift'],
    ['GET', '/posture'],
    ['GET', '/drift/what-if'],
    ['GET', '/drift/posture'],
    ['POST', '/lint', valid.lint],
    ['POST', '/simulate', valid.simulate],
    ['GET', '/actions?prefix=bedrock:Inv'],
    ['POST', '/who-can', valid.whoCan],
    ['POST', '/what-if', valid.whatIf],
    ['POST', '/account-requests', valid.accountRequest],
    ['GET', '/account-requests'],
    ['GET', '/account-requests/00000000-0000-4000-8000-000000000000'],
    [
      'POST',
      '/account-requests/00000000-0000-4000-8000-000000000000/approve',
      valid.decision,
    ],
    [
      'POST',
      '/account-requests/00000000-0000-4000-8000-000000000000/reject',
      valid.decision,
    ],
    [
      'POST',
      '/account-requests/00000000-0000-4000-8000-000000000000/cancel',
      valid.decision,
    ],
  ];
  // Every route the contract describes is in the list above (a new route cannot go unchecked).
  {
    const described = [];
    let current = '';
    for (const line of readFileSync(
      join(root, 'plugins/ai-governance-backend/src/schema/openapi.yaml'),
      'utf8',
    ).split('\n')) {
      const p = /^ {2}(\/\S+):$/.exec(line);
      if (p) current = p[1];
      const m = /^ {4}(get|post|put|patch|delete):$/.exec(line);
      if (m && current) described.push(`${m[1].toUpperCase()} ${current}`);
      if (/^\S/.test(line)) current = '';
    }
    const listed = new Set(
      routes.map(
        ([method, path]) =>
          `${method} ${path
            .replace(/\?.*/, '')
            .replace(/^\/nodes\/[^/]+/, '/nodes/{id}')
            .replace(/^\/policies\/[^/]+/, '/policies/{id}')
            .replace(/^\/account-requests\/[^/]+/, '/account-requests/{id}')}`,
      ),
    );
    const missing = described.filter(r => !listed.has(r));
    check(
      'every route of openapi.yaml gets hostile requests',
      described.length > 0 && missing.length === 0,
      missing.length
        ? `not sent: ${missing.join(', ')}`
        : `${described.length} routes`,
    );
  }
  for (const [method, path, body] of routes) {
    await hostile(
      `${method} ${path} without credentials answers 401`,
      { method, path: API + path, body },
      401,
    );
    await hostile(
      `${method} ${path} with a made-up token answers 401`,
      { method, path: API + path, body, auth: randomBytes(24).toString('hex') },
      401,
    );
  }
  for (const decision of ['approve', 'reject']) {
    await hostile(
      `the guest may not ${decision} account requests (403)`,
      {
        method: 'POST',
        path: `${API}/account-requests/00000000-0000-4000-8000-000000000000/${decision}`,
        body: valid.decision,
        auth: guest,
      },
      403,
    );
  }
  await hostile(
    'the guest may not request an account for a group it is not in (403)',
    {
      method: 'POST',
      path: `${API}/account-requests`,
      body: {
        ...valid.accountRequest,
        owner: 'group:default/ai-governance-admins',
      },
      auth: guest,
    },
    403,
  );
  // Reads every signed-in user may make (README, Who may do what: tree read, policy read for every policy reader).
  for (const [method, path, body] of routes.filter(
    ([m, p]) =>
      (m === 'GET' && !p.startsWith('/account-requests/')) ||
      ['/lint', '/simulate', '/who-can', '/what-if'].includes(p),
  )) {
    await hostile(
      `the guest may ${method} ${path}`,
      { method, path: API + path, body, auth: guest, bound: 30_000 },
      'allowed',
    );
  }
  // Writes take a user: the static token (a service) is refused.
  for (const [method, path, body] of routes
    .filter(([m]) => m === 'POST')
    .filter(
      ([, p]) =>
        ['/refresh', '/account-requests'].includes(p) || p.endsWith('approve'),
    )) {
    await hostile(
      `a service token may not ${method} ${path} (403)`,
      { method, path: API + path, body, auth: token },
      403,
    );
  }

  // Malformed credentials and methods no route has.
  for (const [what, header] of [
    ['an empty bearer token', 'Bearer '],
    [
      'basic credentials',
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    ],
    ['a 12,000-character token', `Bearer ${'a'.repeat(12_000)}`],
    [
      'a token that is a JWT with alg none',
      `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString(
        'base64url',
      )}.${Buffer.from(
        '{"sub":"user:default/demo-admin","aud":"backstage"}',
      ).toString('base64url')}.`,
    ],
  ]) {
    await hostile(
      `GET /tree with ${what} answers 401`,
      { path: `${API}/tree`, headers: { Authorization: header } },
      401,
    );
  }
  for (const [method, path] of [
    ['DELETE', '/tree'],
    ['PUT', '/refresh'],
    ['PATCH', `/account-requests/00000000-0000-4000-8000-000000000000`],
    ['DELETE', `/policies/${policyId}`],
    ['GET', '/simulate'],
  ]) {
    await hostile(
      `${method} ${path} (no such route) answers 404`,
      { method, path: API + path, auth: guest },
      404,
    );
  }
  // Bodies sent in ways that dodge a length check: chunked, compressed, another charset.
  await hostile(
    'POST /simulate with a 10 MB chunked body (no Content-Length) answers 413',
    {
      method: 'POST',
      path: `${API}/simulate`,
      body: tenMB,
      auth: token,
      chunked: true,
    },
    413,
  );
  await hostile(
    'POST /simulate with a gzip body inflating to 50 MB answers 413',
    {
      method: 'POST',
      path: `${API}/simulate`,
      body: gzipSync(Buffer.from(`{"x":"${' '.repeat(50 * 1024 * 1024)}"}`)),
      auth: token,
      headers: { 'Content-Encoding': 'gzip' },
    },
    [413, 415],
  );
  await hostile(
    'POST /simulate with a body said to be UTF-16 answers 415',
    {
      method: 'POST',
      path: `${API}/simulate`,
      body: valid.simulate,
      auth: token,
      contentType: 'application/json; charset=utf-16',
    },
    415,
  );

  // -- 2. Bodies meant to hurt, on every route that takes one. -----------------------------------------------------
  const bodyRoutes = [
    ['/lint', valid.lint, token],
    ['/simulate', valid.simulate, token],
    ['/who-can', valid.whoCan, token],
    ['/what-if', valid.whatIf, token],
    ['/refresh', valid.refresh, guest],
    ['/account-requests', valid.accountRequest, guest],
    [
      '/account-requests/00000000-0000-4000-8000-000000000000/cancel',
      valid.decision,
      guest,
    ],
  ];
  for (const [path, body, auth] of bodyRoutes) {
    const post = (what, payload, expect, extra = {}) =>
      hostile(
        `POST ${path} ${what}`,
        { method: 'POST', path: API + path, body: payload, auth, ...extra },
        expect,
      );
    await post('with a 10 MB body answers 413', tenMB, 413);
    await post(
      'with 100,000 levels of nesting answers 4xx',
      nestedText(100_000),
      [400, 413],
    );
    await post('with a 1,000,000-item array answers 413', millionItems, 413);
    await post('with invalid JSON answers 400', '{"action": ', 400);
    await post('with a JSON array body answers 400', [body], 400);
    await post(
      'with a text/plain body answers 4xx',
      JSON.stringify(body),
      [400, 415],
      { contentType: 'text/plain' },
    );
    await post(
      'with an unknown field answers 400',
      { ...body, unknownField: 1 },
      400,
    );
    await post(
      'with __proto__ answers 400',
      `{"__proto__":{"polluted":true},${JSON.stringify(body).slice(1)}`,
      400,
    );
    await post(
      'with constructor.prototype answers 400',
      { ...body, constructor: { prototype: { polluted: true } } },
      400,
    );
    const firstString = Object.keys(body).find(
      k => typeof body[k] === 'string',
    );
    if (firstString) {
      const json = JSON.stringify({ ...body, [firstString]: '@@' });
      const [head, tail] = json.split('@@');
      await post(
        `with invalid UTF-8 in ${firstString} answers 400`,
        invalidUtf8(head, tail),
        400,
      );
    }
    for (const [key, value] of Object.entries(body)) {
      for (const wrong of wrongTypes(value)) {
        await post(
          `with ${key}: ${JSON.stringify(wrong)} answers 400`,
          { ...body, [key]: wrong },
          400,
        );
      }
    }
  }

  // Nested parts of the simulate and who-can bodies: wrong types inside the policies and the principal.
  for (const [path, body] of [
    ['/simulate', valid.simulate],
    ['/who-can', valid.whoCan],
  ]) {
    const post = (what, payload, expect, bound) =>
      hostile(
        `POST ${path} ${what}`,
        { method: 'POST', path: API + path, body: payload, auth: token, bound },
        expect,
      );
    for (const [key, value] of Object.entries({
      name: 'id',
      content: allowAll,
    })) {
      for (const wrong of wrongTypes(value)) {
        await post(
          `with identityPolicies[0].${key}: ${JSON.stringify(
            wrong,
          )} answers 400`,
          {
            ...body,
            identityPolicies: [{ name: 'id', content: allowAll, [key]: wrong }],
          },
          400,
        );
      }
    }
    await post(
      'with a policy nested 100,000 levels deep answers 400',
      `{"action":"s3:GetObject","identityPolicies":[{"name":"deep","content":${nestedObjectText(
        'Statement',
        100_000,
      )}}]}`,
      400,
    );
    await post(
      'with a policy of 10,000 statements answers 4xx',
      {
        ...body,
        identityPolicies: [{ name: 'many', content: manyStatements(10_000) }],
      },
      [400, 413],
    );
    await post(
      'with a policy of 3,000 statements (within the body limit) answers 400',
      {
        ...body,
        identityPolicies: [{ name: 'many', content: manyStatements(3000) }],
      },
      400,
    );
    await post(
      'with a statement of 10,000 conditions answers 4xx',
      {
        ...body,
        identityPolicies: [{ name: 'many', content: manyConditions(10_000) }],
      },
      [400, 413],
    );
    await post(
      'with 51 identity policies answers 400',
      {
        ...body,
        identityPolicies: Array.from({ length: 51 }, (_, i) => ({
          name: `p${i}`,
          content: allowAll,
        })),
      },
      400,
    );
    await post(
      'with 100,000 context keys answers 413',
      { ...body, context: manyContext(100_000) },
      413,
    );
    await post(
      'with 20,000 context keys (within the body limit) answers in bounded time',
      { ...body, context: manyContext(20_000) },
      [400, 'allowed'],
    );
    await post(
      'with a context value of 1,000,000 items answers 413',
      `{"action":"s3:GetObject","context":{"aws:x":${millionItems.replace(
        /0/g,
        '"a"',
      )}}}`,
      413,
    );
    await post(
      `with a 10,000-character action pattern (${starBomb.slice(
        0,
        6,
      )}…) answers in bounded time`,
      { ...body, action: `s3:${starBomb}` },
      [400, 'allowed'],
    );
    await post(
      'with an identity policy of backtracking wildcard patterns answers in bounded time',
      {
        ...body,
        action: `s3:${'a'.repeat(3000)}`,
        resource: `arn:aws:s3:::${'a'.repeat(2000)}`,
        principalTags: { team: 'a'.repeat(256) },
        identityPolicies: [{ name: 'bomb', content: bombPolicy }],
      },
      [400, 'allowed'],
    );
    await post(
      'with principalTags.__proto__ answers in bounded time without polluting',
      `${JSON.stringify(body).slice(
        0,
        -1,
      )},"principalTags":{"__proto__":"x","constructor":"y"}}`,
      [400, 'allowed'],
    );
    await post(
      'with context.__proto__ answers 400',
      `${JSON.stringify({ ...body, context: undefined }).slice(
        0,
        -1,
      )},"context":{"__proto__":{"polluted":true}}}`,
      400,
    );
  }
  // At the bounds: as much work as one accepted body can ask for.
  const bombStatements = n =>
    Array.from({ length: n }, (_, i) => ({
      Sid: `B${i}`,
      Effect: i % 2 ? 'Deny' : 'Allow',
      Action: `s3:${'*a'.repeat(40)}${i}`,
      Resource: `arn:aws:s3:::${'*?'.repeat(40)}${i}`,
      Condition: {
        StringLike: { 'aws:PrincipalTag/team': `${'*a'.repeat(40)}${i}` },
      },
    }));
  const heavyPolicy = i => ({
    name: `heavy${i}`,
    content: JSON.stringify(policyDoc(bombStatements(18))),
  });
  for (const [path, body] of [
    ['/simulate', valid.simulate],
    ['/who-can', valid.whoCan],
  ]) {
    await hostile(
      `POST ${path} with 40 identity and 5 session policies, a boundary and a resource policy of wildcard patterns (within the body limit) answers in bounded time`,
      {
        method: 'POST',
        path: API + path,
        auth: token,
        body: {
          ...body,
          action: `s3:${'a'.repeat(200)}`,
          resource: `arn:aws:s3:::${'a'.repeat(2000)}`,
          principalTags: { team: 'a'.repeat(256) },
          identityPolicies: Array.from({ length: 40 }, (_, i) =>
            heavyPolicy(i),
          ),
          sessionPolicies: Array.from({ length: 5 }, (_, i) =>
            heavyPolicy(100 + i),
          ),
          permissionsBoundary: heavyPolicy(200),
          resourcePolicy: {
            name: 'rp',
            content: JSON.stringify(
              policyDoc(
                bombStatements(18).map(st => ({ ...st, Principal: '*' })),
              ),
            ),
          },
        },
      },
      [400, 413, 'allowed'],
    );
  }
  await hostile(
    'POST /simulate for a target named ../../etc/passwd answers 4xx',
    {
      method: 'POST',
      path: `${API}/simulate`,
      body: { ...valid.simulate, target: '../../etc/passwd' },
      auth: token,
    },
    [400, 404],
  );
  await hostile(
    'POST /who-can under ../../etc/passwd answers 4xx',
    {
      method: 'POST',
      path: `${API}/who-can`,
      body: { ...valid.whoCan, under: '../../etc/passwd' },
      auth: token,
    },
    [400, 404],
  );
  await hostile(
    'POST /lint of a document nested 100,000 levels deep answers (a finding) in bounded time',
    {
      method: 'POST',
      path: `${API}/lint`,
      body: { ...valid.lint, content: nestedText(100_000) },
      auth: token,
    },
    [400, 'allowed'],
  );
  await hostile(
    'POST /lint of backtracking wildcard patterns answers in bounded time',
    {
      method: 'POST',
      path: `${API}/lint`,
      body: { ...valid.lint, content: JSON.stringify(bombPolicy) },
      auth: token,
    },
    [400, 'allowed'],
  );
  await hostile(
    'POST /lint of 2,000 statements answers in bounded time',
    {
      method: 'POST',
      path: `${API}/lint`,
      body: { ...valid.lint, content: JSON.stringify(manyStatements(2000)) },
      auth: token,
    },
    [400, 'allowed'],
  );
  await hostile(
    'POST /lint with an unknown policy type answers 400',
    {
      method: 'POST',
      path: `${API}/lint`,
      body: { ...valid.lint, type: '__proto__' },
      auth: token,
    },
    400,
  );

  // Account request fields whose values would end up in an account name, an email, a tag or a file path.
  for (const [key, value] of [
    ['name', '../../etc/passwd'],
    ['name', 'ml-dev\nAdmin: yes'],
    ['name', 'ML Dev <script>'],
    ['name', 'a'.repeat(51)],
    ['owner', 'group:default/../ai-governance-admins'],
    // (whitespace around a ref is trimmed by design, ownerRef.ts; a line break inside one is refused)
    ['owner', 'group:default/ml-\nresearch'],
    ['costCenter', '<script>alert(1)</script>'],
    ['costCenter', 'CC-1\u0000'],
    ['purpose', 'x'.repeat(1001)],
    ['environment', 'Production'],
    ['dataClassification', '__proto__'],
  ]) {
    await hostile(
      `POST /account-requests with ${key} ${JSON.stringify(value).slice(
        0,
        40,
      )} answers 4xx`,
      {
        method: 'POST',
        path: `${API}/account-requests`,
        body: { ...valid.accountRequest, [key]: value },
        auth: guest,
      },
      [400, 403],
    );
  }

  // What-if: change sets at and over their bounds, hostile documents in changes.
  const whatIf = (what, body, expect) =>
    hostile(
      `POST /what-if ${what}`,
      {
        method: 'POST',
        path: `${API}/what-if`,
        body,
        auth: token,
        bound: BOUND_MS,
      },
      expect,
    );
  const detach = { op: 'detach', policy: policyId, target: ou.id };
  await whatIf(
    'with 20 changes (the bound) answers',
    { changes: Array(20).fill(detach) },
    [400, 'allowed'],
  );
  await whatIf(
    'with 21 changes answers 400',
    { changes: Array(21).fill(detach) },
    400,
  );
  await whatIf(
    'with 50 probes (the bound) answers',
    { changes: [detach], probes: Array(50).fill(valid.whatIf.probes[0]) },
    'allowed',
  );
  await whatIf(
    'with 51 probes answers 400',
    { changes: [detach], probes: Array(51).fill(valid.whatIf.probes[0]) },
    400,
  );
  await whatIf('with no changes answers 400', { changes: [] }, 400);
  await whatIf(
    'with an unknown op answers 400',
    { changes: [{ op: 'rm -rf', policy: policyId }] },
    400,
  );
  await whatIf(
    'with op __proto__ answers 400',
    { changes: [{ op: '__proto__' }] },
    400,
  );
  await whatIf(
    'detaching ../../etc/passwd answers 4xx',
    {
      changes: [
        { op: 'detach', policy: '../../etc/passwd', target: '%2e%2e%2f' },
      ],
    },
    [400, 404],
  );
  await whatIf(
    'creating a policy of 10,000 statements (as an object) answers 4xx',
    {
      changes: [
        {
          op: 'create',
          name: 'many',
          type: 'SERVICE_CONTROL_POLICY',
          document: manyStatements(10_000),
          attachTo: [ou.id],
        },
      ],
    },
    [400, 413],
  );
  await whatIf(
    'creating a policy of 3,000 statements (as an object, within the body limit) answers 400',
    {
      changes: [
        {
          op: 'create',
          name: 'many',
          type: 'SERVICE_CONTROL_POLICY',
          document: manyStatements(3000),
          attachTo: [ou.id],
        },
      ],
    },
    400,
  );
  await whatIf(
    'editing a policy into a document nested 100,000 levels deep answers 400',
    `{"changes":[{"op":"edit","policy":"${policyId}","document":${nestedObjectText(
      'Statement',
      100_000,
    )}}]}`,
    400,
  );
  await whatIf(
    'creating a policy of backtracking wildcard patterns answers in bounded time',
    {
      changes: [
        {
          op: 'create',
          name: 'bomb',
          type: 'SERVICE_CONTROL_POLICY',
          document: {
            ...bombPolicy,
            Statement: bombPolicy.Statement.map(s => ({
              ...s,
              Effect: 'Deny',
            })),
          },
          attachTo: [ou.id],
        },
      ],
      probes: [
        {
          action: `s3:${'a'.repeat(3000)}`,
          resource: `arn:aws:s3:::${'a'.repeat(2000)}`,
          principalTags: { team: 'a'.repeat(256) },
        },
      ],
    },
    [400, 'allowed'],
  );
  await whatIf(
    'with 12 changes each creating a policy of wildcard patterns and 50 probes (within the body limit) answers in bounded time',
    {
      changes: Array.from({ length: 12 }, (_, i) => ({
        op: 'create',
        name: `heavy${i}`,
        type: 'SERVICE_CONTROL_POLICY',
        document: JSON.stringify(
          policyDoc(bombStatements(30).map(st => ({ ...st, Effect: 'Deny' }))),
        )
          .slice(0, 19_000)
          .replace(/,\{[^{}]*(\{[^{}]*(\{[^{}]*\})?[^{}]*\})?[^{}]*$/, ']}'),
        attachTo: [ou.id, account.id],
      })),
      probes: Array.from({ length: 50 }, (_, i) => ({
        action: `s3:${'a'.repeat(100)}${i}`,
        resource: `arn:aws:s3:::${'a'.repeat(1500)}`,
        principalTags: { team: 'a'.repeat(256) },
      })),
    },
    [400, 413, 'allowed'],
  );
  await whatIf(
    'with 20 changes each creating a 20,000-character policy answers in bounded time',
    {
      changes: Array.from({ length: 20 }, (_, i) => ({
        op: 'create',
        name: `big${i}`,
        type: 'SERVICE_CONTROL_POLICY',
        document: JSON.stringify(manyStatements(300)).slice(0, 20_000),
        attachTo: [ou.id],
      })),
    },
    [400, 413, 'allowed'],
  );

  // -- 3. Ids in paths: traversal, encodings, length. --------------------------------------------------------------
  const ids = [
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%2e%2e',
    '....//....//etc/passwd',
    '%00',
    '%ff%fe',
    '__proto__',
    'constructor',
    'x'.repeat(8000),
  ];
  for (const id of ids) {
    const shown =
      id.length > 40 ? `${id.slice(0, 10)}… (${id.length} characters)` : id;
    for (const [template, auth] of [
      [`/nodes/@`, token],
      [`/nodes/@/effective-policies`, token],
      [`/policies/@`, token],
      [`/account-requests/@`, guest],
      [`/account-requests/@/approve`, admin],
      [`/account-requests/@/cancel`, guest],
    ]) {
      const path = template.replace('@', id);
      const method =
        path.endsWith('approve') || path.endsWith('cancel') ? 'POST' : 'GET';
      await hostile(
        `${method} ${template.replace('@', shown)} answers 4xx`,
        {
          method,
          path: API + path,
          auth,
          body: method === 'POST' ? valid.decision : undefined,
        },
        [400, 403, 404],
      );
    }
  }

  // -- 4. Query strings. -------------------------------------------------------------------------------------------
  const queries = [
    ['/actions?prefix=', 'an empty prefix', 400],
    [`/actions?prefix=${'a'.repeat(15_000)}`, 'a 15,000-character prefix', 400],
    ['/actions?prefix=s3:&limit=1e309', 'limit 1e309', 400],
    ['/actions?prefix=s3:&limit=-1', 'limit -1', 400],
    ['/actions?prefix=s3:&prefix=ec2:', 'two prefixes', 400],
    ['/actions?prefix[__proto__][x]=1', 'prefix[__proto__]', 400],
    [
      `/actions?prefix=${encodeURIComponent(starBomb)}`,
      'a backtracking prefix',
      400,
    ],
    ['/account-requests?limit=abc', 'limit abc (account requests)', 400],
    [
      '/account-requests?state[__proto__]=x',
      'state[__proto__] (account requests)',
      400,
    ],
    [
      `/account-requests?${Array.from(
        { length: 2000 },
        (_, i) => `k${i}=v`,
      ).join('&')}`,
      '2,000 query parameters (account requests)',
      [200, 400],
    ],
  ];
  for (const [path, what, expect] of queries) {
    await hostile(
      `GET ${path.split('?')[0]} with ${what} answers ${[expect]
        .flat()
        .join(' or ')}`,
      { path: API + path, auth: path.startsWith('/account') ? guest : token },
      expect,
    );
  }
  // Beyond Node's header limit (16 kB) the HTTP server itself refuses the request line, without a body: a 431, or a
  // reset connection when it closes the socket while the request is still being written.
  {
    const res = await send({
      path: `${API}/actions?prefix=${'a'.repeat(100_000)}`,
      auth: token,
    });
    timings.push({ name: 'a 100,000-character query string', ms: res.ms });
    check(
      'GET /actions with a 100,000-character query string is refused (431/414 or a closed connection) in bounded time',
      ([414, 431].includes(res.status) ||
        ['ECONNRESET', 'EPIPE'].includes(res.error)) &&
        (await healthy()),
      `${res.status || res.error} in ${res.ms} ms`,
    );
  }

  // -- 5. MCP actions. ---------------------------------------------------------------------------------------------
  let rpcId = 0;
  const mcpCall = (name, args, auth = token, raw) =>
    send({
      method: 'POST',
      path: '/api/mcp-actions/v1',
      auth,
      headers: { Accept: 'application/json, text/event-stream' },
      body: raw ?? {
        jsonrpc: '2.0',
        id: ++rpcId,
        method: 'tools/call',
        params: { name, arguments: args },
      },
    });
  /** The JSON-RPC message of an answer (a JSON or an event-stream body). */
  const rpcMessage = res => {
    if (res.json) return res.json;
    const data = res.text
      .split('\n')
      .filter(l => l.startsWith('data:'))
      .map(l => l.slice(5).trim())
      .join('');
    try {
      return JSON.parse(data);
    } catch {
      return undefined;
    }
  };
  /** An MCP call must be refused: an HTTP 4xx with a JSON error, a JSON-RPC error, or a tool result marked isError. */
  async function mcpHostile(
    name,
    args,
    { auth = token, raw, expect = 'refused' } = {},
  ) {
    const res = await mcpCall(args?.tool, args?.input, auth, raw);
    timings.push({ name: `MCP ${name}`, ms: res.ms });
    const problems = [];
    if (res.error) problems.push(res.error);
    const message = rpcMessage(res);
    const text =
      message?.error?.message ??
      message?.result?.content?.map(c => c.text ?? '').join(' ') ??
      errorMessage(res.json) ??
      '';
    const refused =
      (res.status >= 400 && res.status < 500) ||
      Boolean(message?.error) ||
      message?.result?.isError === true;
    if (!res.error) {
      if (expect === 'refused' && !refused)
        problems.push(
          `not refused (status ${res.status}) ${res.text.slice(0, 120)}`,
        );
      if (expect === 'answered' && (res.status !== 200 || !message))
        problems.push(`status ${res.status}`);
      if (res.status >= 500) problems.push(`status ${res.status}`);
      if (refused && !text)
        problems.push(`no error message: ${res.text.slice(0, 120)}`);
    }
    const leaked = leaks(res.text);
    if (leaked.length) problems.push(`the answer carries ${leaked.join(', ')}`);
    if (!(await healthy()))
      problems.push('the backend did not answer GET /status after it');
    check(
      `MCP ${name}`,
      problems.length === 0,
      problems.length
        ? `${problems.join('; ')} [${res.ms} ms] ${text.slice(0, 160)}`
        : `${res.status} in ${res.ms} ms: ${text.slice(0, 120)}`,
    );
  }
  const tools = {
    'ai-governance.who-can': {
      action: 'bedrock:InvokeModel',
      resource: MODEL,
      context: { 'aws:RequestedRegion': 'us-east-1' },
    },
    'ai-governance.can-it': {
      account: account.id,
      action: 'bedrock:InvokeModel',
      resource: MODEL,
      identityPolicies: [{ name: 'id', content: allowAll }],
    },
    'ai-governance.explain-account': { account: account.id },
    'ai-governance.lint-policy': {
      content: JSON.stringify(allowAll),
      type: 'SCP',
    },
    'ai-governance.request-account': { ...valid.accountRequest, dryRun: true },
  };
  // Every ai-governance tool the server lists gets the requests below (a new action cannot go unchecked).
  {
    const res = await mcpCall(undefined, undefined, token, {
      jsonrpc: '2.0',
      id: ++rpcId,
      method: 'tools/list',
    });
    const listedTools = (rpcMessage(res)?.result?.tools ?? [])
      .map(t => t.name)
      .filter(n => n.startsWith('ai-governance.'));
    const missing = listedTools.filter(n => !(n in tools));
    check(
      'every ai-governance MCP tool gets hostile requests',
      listedTools.length > 0 && missing.length === 0,
      missing.length
        ? `not sent: ${missing.join(', ')}`
        : `${listedTools.length} tools`,
    );
  }
  await mcpHostile('tools/list without a token answers 401', undefined, {
    auth: null,
    raw: { jsonrpc: '2.0', id: ++rpcId, method: 'tools/list' },
  });
  await mcpHostile('with a 10 MB body is refused', undefined, { raw: tenMB });
  await mcpHostile('with 100,000 levels of nesting is refused', undefined, {
    raw: nestedText(100_000),
  });
  await mcpHostile('with a 1,000,000-item array is refused', undefined, {
    raw: millionItems,
  });
  await mcpHostile('with invalid JSON is refused', undefined, {
    raw: '{"jsonrpc":',
  });
  await mcpHostile('of an unknown tool is refused', {
    tool: 'ai-governance.__proto__',
    input: {},
  });
  for (const [tool, input] of Object.entries(tools)) {
    const short = tool.replace('ai-governance.', '');
    await mcpHostile(
      `${short} without a token answers 401`,
      { tool, input },
      { auth: null },
    );
    if (tool !== 'ai-governance.request-account') {
      await mcpHostile(
        `${short} with valid input answers`,
        { tool, input },
        { expect: 'answered' },
      );
    }
    for (const [key, value] of Object.entries(input)) {
      for (const wrong of wrongTypes(value)) {
        await mcpHostile(
          `${short} with ${key}: ${JSON.stringify(wrong)} is refused`,
          { tool, input: { ...input, [key]: wrong } },
        );
      }
    }
    await mcpHostile(
      `${short} with an unknown field (a misspelt name) is refused`,
      { tool, input: { ...input, unknownField: 'x' } },
    );
    await mcpHostile(
      `${short} with arguments nested 100,000 levels deep is refused`,
      undefined,
      {
        raw: `{"jsonrpc":"2.0","id":${++rpcId},"method":"tools/call","params":{"name":"${tool}","arguments":${nestedObjectText(
          'x',
          100_000,
        )}}}`,
      },
    );
    await mcpHostile(
      `${short} with __proto__ in its arguments answers in bounded time`,
      undefined,
      {
        raw: `{"jsonrpc":"2.0","id":${++rpcId},"method":"tools/call","params":{"name":"${tool}","arguments":{"__proto__":{"polluted":true},${JSON.stringify(
          input,
        ).slice(1)}}}`,
        expect: 'any',
      },
    );
  }
  await mcpHostile(
    'who-can with a 10,000-character action pattern answers in bounded time',
    {
      tool: 'ai-governance.who-can',
      input: { action: `s3:${starBomb}` },
    },
    { expect: 'any' },
  );
  await mcpHostile(
    'can-it with backtracking wildcard policies answers in bounded time',
    {
      tool: 'ai-governance.can-it',
      input: {
        account: account.id,
        action: `s3:${'a'.repeat(3000)}`,
        resource: `arn:aws:s3:::${'a'.repeat(2000)}`,
        identityPolicies: [{ name: 'bomb', content: bombPolicy }],
      },
    },
    { expect: 'any' },
  );
  await mcpHostile('can-it with a policy of 3,000 statements is refused', {
    tool: 'ai-governance.can-it',
    input: {
      account: account.id,
      action: 's3:GetObject',
      identityPolicies: [{ name: 'many', content: manyStatements(3000) }],
    },
  });
  await mcpHostile(
    'can-it with 20,000 context keys answers in bounded time',
    {
      tool: 'ai-governance.can-it',
      input: {
        account: account.id,
        action: 's3:GetObject',
        context: manyContext(20_000),
      },
    },
    { expect: 'any' },
  );
  await mcpHostile('explain-account of ../../etc/passwd is refused', {
    tool: 'ai-governance.explain-account',
    input: { account: '../../etc/passwd' },
  });
  await mcpHostile(
    'lint-policy of a document nested 100,000 levels deep is refused',
    {
      tool: 'ai-governance.lint-policy',
      input: { content: nestedText(100_000), type: 'SCP' },
    },
  );
  await mcpHostile(
    'request-account with the static token (no user) is refused',
    {
      tool: 'ai-governance.request-account',
      input: tools['ai-governance.request-account'],
    },
  );

  // -- 6. Nothing changed. -----------------------------------------------------------------------------------------
  const after = await state();
  check(
    'the snapshot and the account requests are unchanged',
    before === after,
    before === after ? '' : 'they differ',
  );
} catch (error) {
  check('hostile requests check', false, error.message);
}

const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log(
  `slowest answers (bound ${BOUND_MS} ms): ${slowest
    .map(t => `${t.ms} ms ${t.name}`)
    .join('; ')}`,
);
await stopBackend();
console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
if (countsFile) writeFileSync(countsFile, `${passed} ${failed}\n`);
process.exit(failed === 0 ? 0 : 1);
