/* eslint-disable no-console -- a measurement command reports on the console */
/*
 * How many of iam-simulate's own engine test cases our evaluator can express, and how many it decides as they
 * expect. The cases are not shipped in the npm package: give a checkout of the iam-simulate repository.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/iamSimulateSuite.ts <iam-simulate checkout>
 *   (from plugins/ai-governance-common)
 *
 * Each case (src/core_engine/coreEngineTests/**.json: a request, identity, resource-based, boundary, session and
 * endpoint policies, SCP and RCP levels, the expected decision) becomes an org model (the SCP levels as the
 * principal's account's chain, the RCP levels as the resource's) and a request. Not expressible: Discovery mode,
 * several resource policies, wildcards inside the request's resource, SCPs without a principal account. "The
 * resource has no resource-based policy" is given as an empty one where it matters (cross-account, KMS keys).
 */
import fs from 'fs';
import path from 'path';
import { simulate } from '../src/policy/evaluate';

function readCases(dir: string): any[] {
  const out: any[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...readCases(full));
    else if (entry.name.endsWith('.json')) {
      for (const c of JSON.parse(fs.readFileSync(full, 'utf8')))
        out.push({ ...c, _file: path.relative(dir, full) });
    }
  }
  return out;
}

const map: Record<string, string> = {
  Allowed: 'Allowed',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};
const FULL = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  type: 'SERVICE_CONTROL_POLICY',
  awsManaged: true,
  content:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
};
const merged = (docs: any[], name: string) => ({
  name,
  content: JSON.stringify({
    Version: '2012-10-17',
    Statement: docs.flatMap(d =>
      Array.isArray(d.Statement) ? d.Statement : [d.Statement],
    ),
  }),
});
const acctOf = (arn: string) =>
  /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
const results: Record<string, number> = {};
const bump = (k: string) => (results[k] = (results[k] ?? 0) + 1);
const disagreements: string[] = [];
function measure(cases: any[]) {
  for (const c of cases) {
    let n = 0;
    const tag = `${c._file}: ${c.name}`;
    if ((c.simulation?.mode ?? 'Strict') === 'Discovery') {
      bump('not expressible: discovery mode');
      continue;
    }
    if (c.resourcePolicies) {
      bump('not expressible: several resource policies');
      continue;
    }
    const r = c.request;
    const p = r.principal;
    const principal: any = {};
    let principalAccount: string | undefined;
    if (typeof p === 'object' && p?.type === 'Anonymous')
      principal.anonymous = true;
    else if (typeof p === 'string' && /\.amazonaws\.com(\.cn)?$/.test(p))
      principal.service = p;
    else if (typeof p === 'string' && p.startsWith('arn:')) {
      principal.arn = p;
      principalAccount = acctOf(p);
    } else {
      bump('not expressible: principal form');
      continue;
    }
    const resourceAccount = r.resource.accountId;
    const ctx = r.context ?? {};
    const orgId = (ctx['aws:PrincipalOrgID'] ??
      ctx['aws:ResourceOrgID'] ??
      'o-synthetic1') as string;
    // The org: SCP chain for the principal's account, RCP chain for the resource's account.
    const policies: any[] = [FULL];
    const nodes: any[] = [
      {
        id: 'r-root',
        kind: 'root',
        name: 'root',
        policyIds: (c.serviceControlPolicies ?? []).length
          ? []
          : ['p-FullAWSAccess'],
        tags: {},
        enabledPolicyTypes: [
          'SERVICE_CONTROL_POLICY',
          'RESOURCE_CONTROL_POLICY',
        ],
      },
    ];
    const byId = new Map<string, any>([['r-root', nodes[0]]]);
    const attach = (nodeId: string, type: string, docs: any[]) => {
      for (const d of docs) {
        const id = `p-${++n}`;
        policies.push({
          id,
          name: `${type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'}-${n}`,
          type,
          awsManaged: false,
          content: JSON.stringify(d),
        });
        byId.get(nodeId).policyIds.push(id);
      }
    };
    const chain = (
      account: string,
      levels: any[],
      type: string,
      prefix: string,
    ) => {
      // levels root first; the last is the account.
      let parent = 'r-root';
      const ids: string[] = ['r-root'];
      const k = levels.length;
      for (let i = 1; i < k - 1; i++) {
        const id = `ou-${prefix}-${i}`;
        if (!byId.has(id)) {
          const nd = {
            id,
            kind: 'ou',
            name: id,
            parentId: parent,
            policyIds:
              type === 'SERVICE_CONTROL_POLICY' ? [] : ['p-FullAWSAccess'],
            tags: {},
          };
          nodes.push(nd);
          byId.set(id, nd);
        }
        parent = id;
        ids.push(id);
      }
      if (!byId.has(account)) {
        const nd = {
          id: account,
          kind: 'account',
          name: account,
          parentId: parent,
          policyIds:
            type === 'SERVICE_CONTROL_POLICY' ? [] : ['p-FullAWSAccess'],
          tags: {},
        };
        nodes.push(nd);
        byId.set(account, nd);
      }
      ids.push(account);
      if (k === 1) {
        if (type === 'SERVICE_CONTROL_POLICY')
          byId.get('r-root').policyIds.push('p-FullAWSAccess');
        attach(account, type, levels[0].policies);
      } else
        levels.forEach((l: any, i: number) =>
          attach(i === k - 1 ? account : ids[i], type, l.policies),
        );
    };
    const scps = c.serviceControlPolicies ?? [];
    const rcps = c.resourceControlPolicies ?? [];
    const same =
      principalAccount !== undefined && principalAccount === resourceAccount;
    if (scps.length && principalAccount)
      chain(principalAccount, scps, 'SERVICE_CONTROL_POLICY', 'p');
    if (rcps.length) {
      if (same && scps.length && scps.length !== rcps.length) {
        bump(
          'not expressible: SCP and RCP chains of one account differ in depth',
        );
        continue;
      }
      chain(resourceAccount, rcps, 'RESOURCE_CONTROL_POLICY', same ? 'p' : 'r');
    }
    if (scps.length && !principalAccount) {
      bump('not expressible: SCPs without a principal account');
      continue;
    }
    // An account in the org model whose SCP list the case left empty would get SCPs: keep it only when both lists agree.
    if (/[*?]/.test(r.resource.resource) && r.resource.resource !== '*') {
      bump('not expressible: a wildcard in the request resource');
      continue;
    }
    const snapshot: any = {
      organization: { id: orgId, managementAccountId: '000000000001' },
      nodes,
      policies,
      capturedAt: '2026-01-01T00:00:00Z',
    };
    const request: any = {
      target:
        [resourceAccount, principalAccount].find(
          id => id !== undefined && byId.has(id),
        ) ?? 'r-root',
      action: r.action,
      resource: r.resource.resource,
      context: ctx,
      principal: {
        ...principal,
        ...(principalAccount ? { accountId: principalAccount } : {}),
      },
      resourceOwner: { accountId: resourceAccount },
    };
    if (!principal.anonymous && !principal.service)
      request.identityPolicies = (c.identityPolicies ?? []).map(
        (d: any, i: number) => ({
          name: `identity-${i}`,
          content: JSON.stringify(d),
        }),
      );
    if (c.resourcePolicy)
      request.resourcePolicy = {
        name: 'resource',
        content: JSON.stringify(c.resourcePolicy),
      };
    // "The resource has no resource-based policy" is an empty one (left out means "not evaluated, assumed to allow").
    else if (
      !same ||
      (/^kms:/i.test(r.action) && /:key\//.test(r.resource.resource))
    )
      request.resourcePolicy = {
        name: 'none',
        content: '{"Version":"2012-10-17","Statement":[]}',
      };
    if (c.permissionBoundaries?.length)
      request.permissionsBoundary = merged(c.permissionBoundaries, 'boundary');
    if (c.sessionPolicy)
      request.sessionPolicies = [
        { name: 'session', content: JSON.stringify(c.sessionPolicy) },
      ];
    if (c.endpointPolicies?.length)
      request.vpcEndpointPolicy = merged(c.endpointPolicies, 'endpoint');
    let ours: string;
    try {
      if (request.target === 'r-root') {
        request.target = principalAccount ?? resourceAccount;
      }
      // Targets outside the org: target must resolve, so point it at a known node and name both accounts.
      if (!byId.has(request.target)) {
        const extra = {
          id: '000000000002',
          kind: 'account',
          name: 'placeholder',
          parentId: 'r-root',
          policyIds: ['p-FullAWSAccess'],
          tags: {},
        };
        nodes.push(extra);
        byId.set(extra.id, extra);
        request.target = extra.id;
      }
      ours = simulate(snapshot, request, {
        isWildcardOnlyAction: () => !!r.wildcardOnlyAction,
      }).decision;
    } catch (e) {
      bump(`not expressible: ${(e as Error).message.slice(0, 60)}`);
      continue;
    }
    const theirs = map[c.expected.response];
    if (ours === theirs) bump('agree');
    else {
      bump('disagree');
      disagreements.push(`${tag}: ours ${ours}, expected ${theirs}`);
    }
  }
  return { results, disagreements };
}

function main() {
  const root = process.argv[2];
  if (!root) {
    console.error(
      'Give the path of an iam-simulate checkout (its src/core_engine/coreEngineTests holds the cases).',
    );
    process.exitCode = 2;
    return;
  }
  const dir = path.join(root, 'src', 'core_engine', 'coreEngineTests');
  if (!fs.existsSync(dir)) {
    console.error(
      `${dir} does not exist: give the root of an iam-simulate checkout.`,
    );
    process.exitCode = 2;
    return;
  }
  const cases = readCases(dir);
  const out = measure(cases);
  const counts = out.results;
  const expressible = (counts.agree ?? 0) + (counts.disagree ?? 0);
  console.log(
    `${cases.length} cases; ${expressible} expressible; ${
      counts.agree ?? 0
    } agree, ${counts.disagree ?? 0} disagree.`,
  );
  for (const [k, v] of Object.entries(counts)) {
    if (k.startsWith('not expressible')) console.log(`  ${k}: ${v}`);
  }
  if (out.disagreements.length)
    console.log(`Disagreements:\n  ${out.disagreements.join('\n  ')}`);
}

main();
