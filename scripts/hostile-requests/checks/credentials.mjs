// Hostile requests, part 1, credentials: every route without credentials and with a made-up token (401), the
// guest where only admins may act (403), the reads every signed-in user may make, a service token on writes (403),
// malformed credentials, methods no route has (404), and bodies sent in ways that dodge a length check. Also checks
// that every route openapi.yaml describes is in the list.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../../demo-backend/spawn.mjs';
import { hostile, session } from '../http.mjs';
import { API } from '../options.mjs';
import { tenMB } from '../payloads.mjs';
import { check } from '../results.mjs';

/** Sends every route the credential checks; `account` and `policyId` name existing ones, `valid` are valid bodies. */
export async function credentialChecks({ account, policyId, valid }) {
  const { token, guest } = session;
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
}
