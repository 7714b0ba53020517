// The payloads of the hostile requests check: the valid bodies of every route (from which the hostile ones are
// made) and the hostile material itself: oversized, deeply nested and wrongly typed JSON, invalid UTF-8, policies of
// many statements or conditions, and wildcard patterns built to backtrack.

export const MODEL =
  'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
export const policyDoc = statements => ({
  Version: '2012-10-17',
  Statement: statements,
});
export const allowAll = policyDoc([
  { Effect: 'Allow', Action: '*', Resource: '*' },
]);
/** `n` statements, each different. */
export const manyStatements = n =>
  policyDoc(
    Array.from({ length: n }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: `s3:Get${i}`,
      Resource: '*',
    })),
  );
/** One statement with `n` condition keys. */
export const manyConditions = n =>
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
export const nestedText = n => `${'['.repeat(n)}${']'.repeat(n)}`;
/** A JSON object whose one key holds `n` levels of arrays. */
export const nestedObjectText = (key, n) => `{"${key}":${nestedText(n)}}`;
/** Wildcard patterns built to make a backtracking matcher take exponential time. */
export const starBomb = 'a*'.repeat(5000);
const questionBomb = '*?'.repeat(5000);
export const bombPolicy = policyDoc([
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
export const manyContext = n =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`aws:k${i}`, 'v']));
export const tenMB = `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`;
export const millionItems = `[${new Array(1_000_000).fill('0').join(',')}]`;
/** A JSON body with bytes that are not UTF-8 inside a string. */
export const invalidUtf8 = (before, after) =>
  Buffer.concat([
    Buffer.from(before),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]),
    Buffer.from(after),
  ]);

/** Values of every JSON type; `wrongTypes(v)` are those of another type than v. */
const samples = [123, true, null, 'text', [], {}];
const typeOf = v =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
export const wrongTypes = v => samples.filter(s => typeOf(s) !== typeOf(v));
/** `n` statements of backtracking wildcard patterns in actions, resources and conditions, half of them Deny. */
export const bombStatements = n =>
  Array.from({ length: n }, (_, i) => ({
    Sid: `B${i}`,
    Effect: i % 2 ? 'Deny' : 'Allow',
    Action: `s3:${'*a'.repeat(40)}${i}`,
    Resource: `arn:aws:s3:::${'*?'.repeat(40)}${i}`,
    Condition: {
      StringLike: { 'aws:PrincipalTag/team': `${'*a'.repeat(40)}${i}` },
    },
  }));
export const heavyPolicy = i => ({
  name: `heavy${i}`,
  content: JSON.stringify(policyDoc(bombStatements(18))),
});

/** A valid body of every route that takes one, for the organization's `account`, `ou` and `policyId`. */
export function validBodies({ account, ou, policyId }) {
  return {
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
}
