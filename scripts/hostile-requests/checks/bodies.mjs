// Hostile requests, part 2, bodies meant to hurt on every route that takes one: 10 MB, 100,000 levels of nesting,
// 1,000,000 items, invalid JSON and UTF-8, unknown fields, prototype-pollution keys, a wrong type in every field; and
// account request fields whose values would end up in an account name, an email, a tag or a file path.
import { hostile, session } from '../http.mjs';
import { API } from '../options.mjs';
import {
  invalidUtf8,
  millionItems,
  nestedText,
  tenMB,
  wrongTypes,
} from '../payloads.mjs';

/** Sends every route that takes a body the hostile bodies; `valid` are the routes' valid bodies. */
export async function bodyChecks({ valid }) {
  const { token, guest } = session;
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
}
