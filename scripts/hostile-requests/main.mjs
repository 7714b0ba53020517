// The order of the hostile requests check: start the backend, sign in as the demo guest and the demo admin, wait for
// the first snapshot, note what must not change, send every group of hostile requests, then check nothing changed.
import { startSingleBackend } from '../demo-backend/single.mjs';
import { signInOnce } from '../demo-backend/sign-in.mjs';
import { bodyChecks } from './checks/bodies.mjs';
import { credentialChecks } from './checks/credentials.mjs';
import { evaluationChecks } from './checks/evaluation.mjs';
import { mcpChecks } from './checks/mcp.mjs';
import { pathChecks } from './checks/paths.mjs';
import { whatIfChecks } from './checks/what-if.mjs';
import { send, session } from './http.mjs';
import { API, SNAPSHOT_TIMEOUT_S, START_TIMEOUT_S, out } from './options.mjs';
import { validBodies } from './payloads.mjs';
import { check } from './results.mjs';

/** Starts the demo backend for this check: { base, port, token, until, waitReady, stop }. */
export async function startBackend() {
  return startSingleBackend({
    out,
    configName: 'app-config.hostile-requests.json',
    subject: 'hostile-requests',
  });
}

/** Runs every check against `backend` (from startBackend). */
export async function main(backend) {
  const { until, token } = backend;
  session.port = backend.port;
  session.token = token;
  await backend.waitReady(START_TIMEOUT_S);
  const signIn = (provider, group) =>
    until(
      `${provider} sign-in`,
      START_TIMEOUT_S,
      () => signInOnce(backend.base, provider, group),
      2000,
    );
  session.guest = await signIn('guest', 'group:default/ml-research');
  session.admin = await signIn(
    'demo-admin',
    'group:default/ai-governance-admins',
  );
  const tree = await until(
    'the first snapshot',
    SNAPSHOT_TIMEOUT_S,
    async () => {
      const res = await send({
        path: `${API}/tree`,
        auth: token,
        bound: 30_000,
      });
      return res.status === 200 ? res.json : undefined;
    },
  );
  const account = tree.nodes.find(n => n.kind === 'account');
  const ou = tree.nodes.find(n => n.kind === 'ou');
  const policyId =
    tree.policies?.[0]?.id ?? tree.nodes.flatMap(n => n.policyIds ?? [])[0];
  console.log(
    `snapshot: ${tree.nodes.length} nodes; account ${account.id}, OU ${ou.id}, policy ${policyId}`,
  );

  /** What must not change: the organization as the snapshot has it, and every account request. */
  const state = async () => {
    const t = await send({ path: `${API}/tree`, auth: token, bound: 30_000 });
    const r = await send({
      path: `${API}/account-requests?limit=500`,
      auth: session.admin,
      bound: 30_000,
    });
    const { capturedAt, snapshotTime, ...org } = t.json ?? {};
    return JSON.stringify({
      org,
      requests: r.json,
      statuses: [t.status, r.status],
    });
  };
  const before = await state();

  const context = {
    account,
    ou,
    policyId,
    valid: validBodies({ account, ou, policyId }),
  };
  await credentialChecks(context);
  await bodyChecks(context);
  await evaluationChecks(context);
  await whatIfChecks(context);
  await pathChecks(context);
  await mcpChecks(context);

  const after = await state();
  check(
    'the snapshot and the account requests are unchanged',
    before === after,
    before === after ? '' : 'they differ',
  );
}
