/*
 * Sandbox benchmark: how fast the sandbox serves a crawl of a large organization, over HTTP through the real AWS SDK
 * and in-process, and whether the cost of one call grows with the size of the organization.
 * Run: yarn workspace @internal/organizations-sandbox bench
 */
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  compileOrgModel,
  generateOrgModel,
} from '@internal/plugin-ai-governance-common';
import { OrganizationsSandbox, startSandbox } from '../src';

type Call = (operation: string, input: Record<string, unknown>) => Promise<any>;

const COMMANDS: Record<string, new (input: any) => any> = {
  ListRoots: ListRootsCommand,
  ListOrganizationalUnitsForParent: ListOrganizationalUnitsForParentCommand,
  ListAccountsForParent: ListAccountsForParentCommand,
  ListPoliciesForTarget: ListPoliciesForTargetCommand,
  ListTagsForResource: ListTagsForResourceCommand,
};

async function pages(
  call: Call,
  operation: string,
  input: Record<string, unknown>,
  key: string,
) {
  const items: any[] = [];
  let NextToken: string | undefined;
  do {
    const out = await call(operation, { ...input, NextToken });
    items.push(...out[key]);
    NextToken = out.NextToken;
  } while (NextToken);
  return items;
}

/** A crawl like the product's: the tree, then tags and SCPs of every node, 16 calls at a time. */
async function crawl(call: Call): Promise<number> {
  let calls = 0;
  const counted: Call = (op, input) => {
    calls++;
    return call(op, input);
  };
  const roots = await pages(counted, 'ListRoots', {}, 'Roots');
  const parents: string[] = [roots[0].Id];
  const nodes: string[] = [roots[0].Id];
  for (let i = 0; i < parents.length; i++) {
    const ous = await pages(
      counted,
      'ListOrganizationalUnitsForParent',
      { ParentId: parents[i] },
      'OrganizationalUnits',
    );
    const accounts = await pages(
      counted,
      'ListAccountsForParent',
      { ParentId: parents[i] },
      'Accounts',
    );
    for (const ou of ous) parents.push(ou.Id);
    nodes.push(...ous.map(o => o.Id), ...accounts.map(a => a.Id));
  }
  let next = 0;
  const worker = async () => {
    while (next < nodes.length) {
      const id = nodes[next++];
      await pages(
        counted,
        'ListPoliciesForTarget',
        { TargetId: id, Filter: 'SERVICE_CONTROL_POLICY' },
        'Policies',
      );
      await pages(counted, 'ListTagsForResource', { ResourceId: id }, 'Tags');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return calls;
}

async function perCallMicros(
  sandbox: OrganizationsSandbox,
  accountId: string,
  n: number,
) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++)
    await sandbox.call('ListTagsForResource', { ResourceId: accountId });
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

async function main() {
  const model = generateOrgModel({
    accounts: 5000,
    ous: 200,
    policies: 50,
    depth: 5,
    seed: 1,
  });
  let t = Date.now();
  const running = await startSandbox({ seed: model });
  const seedMs = Date.now() - t;
  const snapshot = compileOrgModel(model);
  const client = new OrganizationsClient({
    endpoint: running.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const http: Call = (op, input) => client.send(new COMMANDS[op](input));
  t = Date.now();
  const httpCalls = await crawl(http);
  const httpMs = Date.now() - t;
  const counted = running.sandbox.stats().totalCalls;

  const inProcess = new OrganizationsSandbox({ seed: model });
  const direct: Call = async (op, input) =>
    (await inProcess.call(op, input)).body;
  t = Date.now();
  const directCalls = await crawl(direct);
  const directMs = Date.now() - t;

  const small = new OrganizationsSandbox({
    seed: generateOrgModel({ accounts: 100, ous: 10, policies: 5, seed: 1 }),
  });
  const smallAccount = small
    .snapshot()
    .nodes.find(n => n.kind === 'account')!.id;
  const bigAccount = snapshot.nodes.find(n => n.kind === 'account')!.id;
  await perCallMicros(small, smallAccount, 2000); // warm up
  await perCallMicros(inProcess, bigAccount, 2000);
  const smallUs = await perCallMicros(small, smallAccount, 20000);
  const bigUs = await perCallMicros(inProcess, bigAccount, 20000);

  client.destroy();
  await running.close();

  const accounts = snapshot.nodes.filter(n => n.kind === 'account').length;
  const ous = snapshot.nodes.filter(n => n.kind === 'ou').length;
  const rate = (calls: number, ms: number) => Math.round(calls / (ms / 1000));
  const lines = [
    `Sandbox benchmark (one run, Node ${process.version})`,
    `organization: ${accounts} accounts, ${ous} OUs, ${snapshot.policies.length} policies; started and seeded in ${seedMs} ms`,
    `crawl over HTTP through @aws-sdk/client-organizations: ${httpCalls} calls in ${httpMs} ms = ${rate(
      httpCalls,
      httpMs,
    )} calls/s (the sandbox counted ${counted})`,
    `same crawl in-process: ${directCalls} calls in ${directMs} ms = ${rate(
      directCalls,
      directMs,
    )} calls/s`,
    `HTTP + SDK cost per call vs in-process: ${(
      httpMs /
      httpCalls /
      (directMs / directCalls)
    ).toFixed(1)}x`,
    `one call at 5,000 accounts vs at 100 accounts (ListTagsForResource, in-process): ${bigUs.toFixed(
      1,
    )} us vs ${smallUs.toFixed(1)} us = ${(bigUs / smallUs).toFixed(2)}x`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (counted !== httpCalls) {
    process.exitCode = 1;
    process.stderr.write(
      'The sandbox counted a different number of calls than the crawl made.\n',
    );
  }
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
