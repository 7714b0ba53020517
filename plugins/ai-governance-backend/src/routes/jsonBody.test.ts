import { mockErrorHandler } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import {
  jsonBody,
  jsonBoundsProblem,
  MAX_DOCUMENT_DEPTH,
  notFoundRoute,
  withinJsonDepth,
} from './jsonBody';

/** `n` levels of arrays around nothing. */
function nested(n: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < n; i++) value = [value];
  return value;
}

function app() {
  return express()
    .post('/echo', ...jsonBody('1kb'), (req, res) => {
      res.json({ body: req.body ?? null });
    })
    .use(notFoundRoute())
    .use(mockErrorHandler());
}

describe('jsonBody', () => {
  it('reads a JSON body, and takes no body as {}', async () => {
    const ok = await request(app()).post('/echo').send({ a: 'é' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ body: { a: 'é' } });
    const none = await request(app()).post('/echo');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ body: {} });
  });

  it('refuses a body of another content type with 415 instead of reading it as {}', async () => {
    const res = await request(app())
      .post('/echo')
      .set('Content-Type', 'text/plain')
      .send('{"a":1}');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/Content-Type: application\/json/);
  });

  it('refuses a charset other than UTF-8 with 415 instead of decoding it', async () => {
    const res = await request(app())
      .post('/echo')
      .set('Content-Type', 'application/json; charset=utf-16')
      .serialize(text => text)
      .send('{"a":1}');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/UTF-8 JSON/);
    const utf8 = await request(app())
      .post('/echo')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .serialize(text => text)
      .send('{"a":1}');
    expect(utf8.body).toEqual({ body: { a: 1 } });
  });

  it('refuses bytes that are not UTF-8 with 400 instead of replacement characters', async () => {
    const res = await request(app())
      .post('/echo')
      .set('Content-Type', 'application/json')
      // the bytes as they are (superagent would write a Buffer out as JSON)
      .serialize(bytes => bytes)
      .send(
        Buffer.concat([
          Buffer.from('{"a":"'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid UTF-8/);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await request(app())
      .post('/echo')
      .send({ a: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
  });
});

describe('notFoundRoute', () => {
  it('answers a path no route has with a JSON 404', async () => {
    const res = await request(app()).get('/nodes/../../etc/passwd');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/^No GET route at this path/);
  });
});

describe('withinJsonDepth and jsonBoundsProblem', () => {
  it('measures depth without recursion, even 100,000 levels deep', () => {
    expect(withinJsonDepth(nested(MAX_DOCUMENT_DEPTH))).toBe(true);
    expect(withinJsonDepth(nested(MAX_DOCUMENT_DEPTH + 1))).toBe(false);
    expect(withinJsonDepth(nested(100_000))).toBe(false);
    expect(withinJsonDepth({ a: 'text', b: 1, c: null })).toBe(true);
  });

  it('names the depth or the length written out, whichever is over', () => {
    expect(jsonBoundsProblem({ a: 'x' }, 100)).toBeUndefined();
    expect(jsonBoundsProblem({ a: nested(100_000) }, 100)).toMatch(
      /nests at most 32 levels/,
    );
    expect(jsonBoundsProblem({ a: 'x'.repeat(200) }, 100)).toBe(
      'a policy document is at most 100 characters as JSON text (this one is 208)',
    );
  });
});
