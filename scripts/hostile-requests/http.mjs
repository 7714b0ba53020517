// How the hostile requests check talks to the backend: one raw HTTP request (`send`), what an answer must not carry
// (`leaks`), and `hostile`, which sends one request and checks its answer, then that the backend still answers.
import { appendFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { API, BOUND_MS, out } from './options.mjs';
import { check, timings } from './results.mjs';

/** The backend under test and the credentials of this run, set once it is up: { port, token, guest, admin }. */
export const session = {};

/**
 * One raw HTTP request (node:http, so the path is sent exactly as given, `..` and all, and the body byte for byte).
 * Answers { status, text, json, ms, error } where error is set when no answer came within `bound` ms.
 */
export function send({
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
        port: session.port,
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

/** What an error answer must not carry: stack frames, file paths, tokens. */
export function leaks(text) {
  const found = [];
  if (/"stack"\s*:/.test(text)) found.push('a stack trace');
  if (/\bat \S+ \(?[^\s()]+:\d+:\d+\)?/.test(text)) found.push('a stack frame');
  if (/(^|[\s"'(])\/(work|tmp|home|root|usr|opt|var)\//.test(text))
    found.push('a file path');
  if (/node_modules|\.tsx?:\d+/.test(text)) found.push('a source location');
  for (const [what, secret] of [
    ['the static token', session.token],
    ['the guest token', session.guest],
    ['the admin token', session.admin],
  ]) {
    if (secret && text.includes(secret)) found.push(what);
  }
  return found;
}

/** The error message of a Backstage error body ({ error: { message } }), if any. */
export const errorMessage = json =>
  typeof json?.error?.message === 'string' ? json.error.message : undefined;

/** A normal request right after: the backend still answers. */
export async function healthy() {
  const res = await send({ path: `${API}/status`, auth: session.token });
  return res.status === 200;
}

/**
 * Sends `request` and checks the answer: its status is one of `expect` (numbers, or 'allowed' for any 2xx), within
 * the bound, an error answer has a JSON message without leaks, and the backend answers a normal request after it.
 */
export async function hostile(name, request, expect) {
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
