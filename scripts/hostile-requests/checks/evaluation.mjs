// Hostile requests, part 3, the evaluating routes (simulate, who-can, lint): wrong types inside policies, policies
// nested deep or of 10,000 statements or conditions, 100,000 context keys, wildcard patterns built to backtrack, and
// as much work as one accepted body can ask for; each answered within the bound.
import { hostile, session } from '../http.mjs';
import { API } from '../options.mjs';
import {
  allowAll,
  bombPolicy,
  bombStatements,
  heavyPolicy,
  manyConditions,
  manyContext,
  manyStatements,
  millionItems,
  nestedObjectText,
  nestedText,
  policyDoc,
  starBomb,
  wrongTypes,
} from '../payloads.mjs';

/** Sends simulate, who-can and lint the hostile evaluation bodies, made from the `valid` ones. */
export async function evaluationChecks({ valid }) {
  const { token } = session;
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
}
