// Hostile requests, part 6, MCP actions: every ai-governance tool the server lists, without a token, with valid
// input, a wrong type in every argument, unknown fields, deep nesting, prototype-pollution keys and bounded-time
// bombs; and the server's own limits (10 MB, nesting, invalid JSON).
import { errorMessage, healthy, leaks, send, session } from '../http.mjs';
import {
  MODEL,
  allowAll,
  bombPolicy,
  manyContext,
  manyStatements,
  millionItems,
  nestedObjectText,
  nestedText,
  starBomb,
  tenMB,
  wrongTypes,
} from '../payloads.mjs';
import { check, timings } from '../results.mjs';

/** Sends every ai-governance MCP tool hostile calls; `account` is an existing account. */
export async function mcpChecks({ account, valid }) {
  const { token } = session;
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
}
