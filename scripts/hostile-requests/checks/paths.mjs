// Hostile requests, part 5, paths and query strings: ids that traverse, are encoded or very long in every route
// that takes one, hostile query parameters, and a query string beyond Node's header limit.
import { healthy, hostile, send, session } from '../http.mjs';
import { API } from '../options.mjs';
import { starBomb } from '../payloads.mjs';
import { check, timings } from '../results.mjs';

/** Sends hostile ids in paths and hostile query strings. */
export async function pathChecks({ valid }) {
  const { token, guest, admin } = session;
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
}
