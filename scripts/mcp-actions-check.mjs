// The MCP actions backend over HTTP, as an AI agent meets it: starts the demo backend (packages/backend, through
// the Node transform `yarn start` uses, like scripts/two-backends.mjs) on a free port with its own SQLite folder,
// the embedded sandbox and one static external-access token made up for this run, then speaks MCP (JSON-RPC over
// streamable HTTP) to /api/mcp-actions/v1 with that token: tools/list shows the five ai-governance tools,
// tools/call of ai-governance.who-can answers, ai-governance.request-account refuses the token (it has no user),
// and a call without a token gets 401. Then the catalog on the same backend: the catalog module's account and OU
// entities with owners and AI posture, and the ML research group's accounts. Stops the backend it started however
// it ends.
//
//   source scripts/toolchain.sh && node scripts/mcp-actions-check.mjs [--out DIR] [--counts FILE]
//
// (The toolchain's Node: the backend's native modules, better-sqlite3, are built for it.)
//
// Prints PASS/FAIL lines and `N passed, N failed`; --counts writes "<passed> <failed>" for scripts/test.sh.
// Exit status 0 when everything passed.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSingleBackend } from './demo-backend/single.mjs';
import { root } from './demo-backend/spawn.mjs';

const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = resolve(
  option('--out') ?? join(root, '.aigov', 'mcp-actions-check'),
);
const countsFile = option('--counts');
const START_TIMEOUT_S = 300;
const SNAPSHOT_TIMEOUT_S = 180;
const CATALOG_TIMEOUT_S = 180;

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

// The static token is the one an MCP client would be configured with.
const backend = await startSingleBackend({
  out,
  configName: 'app-config.mcp-check.json',
  subject: 'mcp-actions-check',
});
const { base, token, until } = backend;

let rpcId = 0;
/** One MCP request (stateless streamable HTTP): the JSON-RPC response, from a JSON or an event-stream body. */
async function mcp(method, params, auth = token) {
  const res = await fetch(`${base}/api/mcp-actions/v1`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...(auth && { Authorization: `Bearer ${auth}` }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) return { status: res.status, text };
  const data = text.trimStart().startsWith('{')
    ? text
    : text
        .split('\n')
        .filter(l => l.startsWith('data:'))
        .map(l => l.slice(5).trim())
        .join('');
  return { status: res.status, message: JSON.parse(data) };
}

/** The JSON an action answered in a tools/call result (its text content). */
function toolJson(result) {
  const text = result?.content?.find(c => c.type === 'text')?.text;
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

try {
  await backend.waitReady(START_TIMEOUT_S);

  const anonymous = await mcp('tools/list', {}, null);
  check(
    'MCP without a token answers 401',
    anonymous.status === 401,
    anonymous.status === 401
      ? 'status 401'
      : `status ${anonymous.status} ${JSON.stringify(
          anonymous.message ?? anonymous.text ?? '',
        ).slice(0, 300)}`,
  );

  const list = await mcp('tools/list', {});
  const names = (list.message?.result?.tools ?? []).map(t => t.name);
  const ours = names.filter(n => n.startsWith('ai-governance.')).sort();
  check(
    'tools/list with the static token lists the five ai-governance tools',
    [
      'ai-governance.can-it',
      'ai-governance.explain-account',
      'ai-governance.lint-policy',
      'ai-governance.request-account',
      'ai-governance.who-can',
    ].every(n => ours.includes(n)),
    ours.join(', ') || `no tools (status ${list.status}) ${list.text ?? ''}`,
  );
  const whoCanTool = list.message?.result?.tools?.find(
    t => t.name === 'ai-governance.who-can',
  );
  check(
    'ai-governance.who-can is described for agents as read-only',
    Boolean(whoCanTool?.description) &&
      whoCanTool?.annotations?.readOnlyHint === true,
    JSON.stringify(whoCanTool?.annotations ?? {}),
  );

  // The inventory crawls the sandbox right after start; until its first snapshot the action asks to retry.
  const whoCan = await until(
    'a who-can answer',
    SNAPSHOT_TIMEOUT_S,
    async () => {
      const call = await mcp('tools/call', {
        name: 'ai-governance.who-can',
        arguments: {
          action: 'bedrock:InvokeModel',
          resource:
            'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          context: { 'aws:RequestedRegion': 'us-east-1' },
        },
      });
      const result = call.message?.result;
      return result && !result.isError ? result : undefined;
    },
  );
  const answer = toolJson(whoCan) ?? whoCan.structuredContent;
  check(
    'tools/call ai-governance.who-can answers which accounts may invoke the model',
    Array.isArray(answer?.allowed) &&
      Array.isArray(answer?.denied) &&
      answer.allowed.length + answer.denied.length > 0,
    answer
      ? `${answer.allowed?.length} allowed, ${answer.denied?.length} denied`
      : JSON.stringify(whoCan).slice(0, 300),
  );

  const request = await mcp('tools/call', {
    name: 'ai-governance.request-account',
    arguments: {
      name: 'mcp-check-dev',
      environment: 'development',
      owner: 'group:default/ml-research',
      costCenter: 'CC-4711',
      dataClassification: 'internal',
      purpose: 'MCP actions check',
      dryRun: true,
    },
  });
  const refusal = request.message?.result;
  const refusalText = refusal?.content?.map(c => c.text ?? '').join(' ') ?? '';
  check(
    'tools/call ai-governance.request-account refuses a token without a user',
    refusal?.isError === true && /user/i.test(refusalText),
    refusalText.slice(0, 300) || JSON.stringify(request).slice(0, 300),
  );

  // The catalog module on the same backend: it reads the tree, the account requests and the posture from the
  // ai-governance plugin with the catalog's service token (initial delay 15 s, then the catalog's processing loop).
  const catalogQuery = async filter => {
    const res = await fetch(
      `${base}/api/catalog/entities/by-query?${filter
        .map(f => `filter=${encodeURIComponent(f)}`)
        .join('&')}&limit=500`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      },
    );
    return res.ok ? (await res.json()).items : undefined;
  };
  const tree = await (
    await fetch(`${base}/api/ai-governance/tree`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    })
  ).json();
  const count = kind => tree.nodes.filter(n => n.kind === kind).length;
  // Every node emitted and processed: as many entities as the snapshot has nodes, each with its ownedBy relation.
  const processed = (items, expected) =>
    items?.length === expected &&
    items.every(e => e.relations?.some(r => r.type === 'ownedBy'));
  const accounts = await until(
    `the ${count('account')} account entities from the catalog module`,
    CATALOG_TIMEOUT_S,
    async () => {
      const items = await catalogQuery(['kind=resource,spec.type=aws-account']);
      return processed(items, count('account')) ? items : undefined;
    },
  );
  const ous = await until(
    `the ${count('ou')} OU entities from the catalog module`,
    CATALOG_TIMEOUT_S,
    async () => {
      const items = await catalogQuery([
        'kind=resource,spec.type=aws-organizational-unit',
      ]);
      return processed(items, count('ou')) ? items : undefined;
    },
  );
  check(
    'the catalog lists every account and OU of the organization, each with an owner',
    [...accounts, ...ous].every(e => typeof e.spec?.owner === 'string'),
    `${accounts.length} accounts, ${ous.length} OUs`,
  );
  check(
    'account entities carry the AI posture annotation',
    accounts.some(e => e.metadata.annotations?.['ai-governance.io/ai-posture']),
    accounts
      .map(
        e =>
          `${e.metadata.title}: ${
            e.metadata.annotations?.['ai-governance.io/ai-posture'] ?? '-'
          }`,
      )
      .join(', '),
  );
  // The AI details (computed from the policy documents the module reads with GET /policies/{id}) and the policy
  // summaries as descriptions.
  const prod = accounts.find(e => e.metadata.title === 'ml-platform-prod');
  const prodAnnotations = prod?.metadata.annotations ?? {};
  check(
    'account entities carry the AI details: packs, model allow-list, region lock, guardrails, opt-out',
    /baseline/.test(
      prodAnnotations['ai-governance.io/guardrail-packs'] ?? '',
    ) &&
      /anthropic\./.test(
        prodAnnotations['ai-governance.io/bedrock-model-allow-list'] ?? '',
      ) &&
      /us-east-1/.test(prodAnnotations['ai-governance.io/region-lock'] ?? '') &&
      /^us-east-1=/.test(
        prodAnnotations['ai-governance.io/bedrock-guardrails'] ?? '',
      ) &&
      prodAnnotations['ai-governance.io/ai-opt-out'] === 'all',
    JSON.stringify(prodAnnotations).slice(0, 600),
  );
  const policies = await catalogQuery([
    'kind=resource,spec.type=aws-organizations-policy',
  ]);
  const regionLock = policies?.find(
    e => e.metadata.title === 'guardrail-region-lock',
  );
  check(
    'policy entities are described by their plain-language summary',
    /requested Region is one of/.test(regionLock?.metadata.description ?? ''),
    (
      regionLock?.metadata.description ?? '(no guardrail-region-lock entity)'
    ).slice(0, 300),
  );
  const mlResearch = await catalogQuery([
    'kind=resource,spec.type=aws-account,relations.ownedBy=group:default/ml-research',
  ]);
  check(
    "the ML research group's page query finds its accounts",
    mlResearch?.some(e => e.metadata.title === 'ml-research-dev'),
    (mlResearch ?? []).map(e => e.metadata.title).join(', '),
  );
} catch (error) {
  check('MCP actions check', false, error.message);
}

await backend.stop();
console.log(`${passed} passed, ${failed} failed`);
if (countsFile) writeFileSync(countsFile, `${passed} ${failed}\n`);
process.exit(failed === 0 ? 0 : 1);
