// Hostile requests, part 4, what-if: change sets at and over their bounds (changes, probes), unknown ops, ids that
// traverse paths, and hostile documents in the changes.
import { hostile, session } from '../http.mjs';
import { API, BOUND_MS } from '../options.mjs';
import {
  bombPolicy,
  bombStatements,
  manyStatements,
  nestedObjectText,
  policyDoc,
} from '../payloads.mjs';

/** Sends what-if hostile change sets about the existing `account`, `ou` and `policyId`. */
export async function whatIfChecks({ account, ou, policyId, valid }) {
  const { token } = session;
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
}
