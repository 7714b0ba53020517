/*
 * Inventory benchmark, for a generated organization (5,000 accounts by default):
 *  1. one crawl against the organizations sandbox enforcing a request rate: calls made vs the lower bound, and wall
 *     time vs calls / rate; the snapshot is checked against the sandbox's own;
 *  2. GET /tree through a real backend (startTestBackend, HTTP, auth and permission middleware) serving that
 *     snapshot from its database: latency p50/p95 over sequential requests, and the gzip size.
 *  3. the same crawl again with faults a busy organization shows (20% of calls throttled, 10% empty pages, a
 *     ConcurrentModificationException burst met by a write during the crawl): calls, retries and wall time printed
 *     beside the fault-free crawl, and the snapshot checked to be the same.
 * --tree-only skips the crawls and serves the sandbox's own snapshot; --no-faults skips the faulty crawl; --all-types
 * enables every policy type on the root and attaches one policy of each type other than SCPs to it (the crawler's
 * cost per enabled type: one ListPolicies, one DescribePolicy and one ListTargetsForPolicy per policy).
 * Options: --accounts N, --ous N, --policies N, --rate R (requests per second the sandbox enforces), --requests N,
 * --concurrency N and --burst N (the product's limiter).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  generateOrgModel,
  POLICY_TYPES,
  type OrgModel,
  type OrgSnapshot,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import { startSandbox } from '@internal/organizations-sandbox';
import {
  OrganizationsRateLimiter,
  createOrganizationsClient,
  crawlOrganization,
  type CrawlStats,
} from '@internal/plugin-ai-governance-node';
import { TagResourceCommand } from '@aws-sdk/client-organizations';
import knexFactory from 'knex';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aiGovernancePlugin } from '../src/plugin';
import { SnapshotStore } from '../src/database/SnapshotStore';
import { sandboxOrganizationsFactory } from '../src/__testUtils__/sandboxOrganizations';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(
      `--${name} needs a positive number, e.g. --${name} ${fallback}`,
    );
    process.exit(2);
  }
  return v;
}

function normalize(s: OrgSnapshot) {
  const nodes = [...s.nodes]
    .map(n => ({
      ...n,
      tags: Object.fromEntries(Object.entries(n.tags).sort()),
      policyIds: [...n.policyIds].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const policies = [...s.policies].sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify({ organization: s.organization, nodes, policies });
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

const keepAlive = new Agent({ keepAlive: true });

/** One GET with the raw (gzip) body, as a browser receives it before decompressing. */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: keepAlive }, res => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A small valid document of a policy type other than SCPs: an RCP statement, or one management setting. */
function documentOf(type: PolicyType): string {
  if (type === 'RESOURCE_CONTROL_POLICY') {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  }
  if (type === 'AISERVICES_OPT_OUT_POLICY') {
    return JSON.stringify({
      services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
    });
  }
  return JSON.stringify({
    [type.toLowerCase()]: { setting: { '@@assign': 'enabled' } },
  });
}

/** --all-types: every type enabled, one policy of each type other than SCPs attached to the root. */
function withAllTypes(model: OrgModel): OrgModel {
  const extra = POLICY_TYPES.filter(t => t !== 'SERVICE_CONTROL_POLICY').map(
    type => ({
      name: `bench-${type.toLowerCase().replace(/_/g, '-')}`,
      type,
      document: documentOf(type),
    }),
  );
  return {
    ...model,
    spec: {
      ...model.spec,
      enabledPolicyTypes: [...POLICY_TYPES],
      policies: [...model.spec.policies, ...extra],
      root: {
        ...model.spec.root,
        policies: [
          ...(model.spec.root.policies ?? ['FullAWSAccess']),
          ...extra.map(p => p.name),
        ],
      },
    },
  };
}

async function main() {
  const accounts = arg('accounts', 5000);
  const ous = arg('ous', Math.round(accounts / 25));
  const policies = arg('policies', 40);
  const rate = arg('rate', 100);
  const requests = arg('requests', 300);
  const concurrency = arg('concurrency', 16);
  // Half a second's worth of calls: lets the limiter catch up after the event loop stalls (a loaded machine), and
  // stays inside the sandbox's own bucket (one second's worth), so it is never throttled for it.
  const limiterBurst = arg('burst', Math.max(1, Math.floor(rate / 2)));

  const allTypes = process.argv.includes('--all-types');
  const generated = generateOrgModel({ accounts, ous, policies, seed: 1 });
  const model = allTypes ? withAllTypes(generated) : generated;
  const running = await startSandbox({
    port: 0,
    seed: model,
    faults: { requestsPerSecond: rate, burst: rate },
  });
  let snapshot: OrgSnapshot;
  try {
    if (process.argv.includes('--tree-only')) {
      throw Object.assign(new Error('tree only'), { treeOnly: true });
    }
    const client = createOrganizationsClient({
      endpoint: running.url,
      rateLimiter: new OrganizationsRateLimiter({
        requestsPerSecond: rate,
        burst: limiterBurst,
        maxConcurrency: concurrency,
      }),
    });
    console.log(
      `Crawling a generated organization of ${accounts} member accounts, ${ous} OUs, ${policies} SCPs${
        allTypes
          ? ` and one policy of each of the other ${
              POLICY_TYPES.length - 1
            } types`
          : ''
      }; the sandbox enforces ${rate} requests/s (bucket of ${rate}); the product's limiter: ${rate} requests/s, burst ${limiterBurst}, ${concurrency} in flight...`,
    );
    const result = await crawlOrganization(client);
    snapshot = result.snapshot;
    const { stats } = result;
    const sandboxStats = running.sandbox.stats();
    const equal = normalize(snapshot) === normalize(running.sandbox.snapshot());
    const ideal = (stats.calls / rate) * 1000;
    console.log('');
    console.log('crawl');
    console.log(
      `  nodes                        ${snapshot.nodes.length} (${snapshot.policies.length} policies)`,
    );
    console.log(`  snapshot equals the sandbox  ${equal ? 'yes' : 'NO'}`);
    console.log(
      `  calls made                   ${stats.calls} (sandbox counted ${sandboxStats.totalCalls}, throttled ${sandboxStats.throttled})`,
    );
    console.log(`  lower bound                  ${stats.lowerBound}`);
    console.log(
      `  calls / lower bound          ${fmt(
        stats.calls / stats.lowerBound,
        3,
      )}   (goal <= 1.05)`,
    );
    console.log(
      `  wall time                    ${fmt(stats.durationMs / 1000)} s`,
    );
    console.log(`  calls / rate                 ${fmt(ideal / 1000)} s`);
    console.log(
      `  wall / (calls / rate)        ${fmt(
        stats.durationMs / ideal,
        3,
      )}   (goal <= 1.2)`,
    );
    console.log(
      `  calls by operation           ${JSON.stringify(stats.byOperation)}`,
    );
    if (!equal) process.exitCode = 1;

    if (!process.argv.includes('--no-faults')) {
      const faults = {
        throttleProbability: 0.2,
        emptyPageProbability: 0.1,
        concurrentModificationBurst: 3,
      };
      running.sandbox.setFaults({
        requestsPerSecond: rate,
        burst: rate,
        ...faults,
        seed: 7,
      });
      running.sandbox.resetStats();
      const tagged = snapshot.nodes.find(
        n => n.kind === 'account' && Object.keys(n.tags).length > 0,
      );
      console.log('');
      console.log(
        `Crawling again with faults: ${JSON.stringify(
          faults,
        )} (a write during the crawl meets the ConcurrentModificationException burst)...`,
      );
      const [faulty] = await Promise.all([
        crawlOrganization(client),
        tagged
          ? client.send(
              new TagResourceCommand({
                ResourceId: tagged.id,
                Tags: Object.entries(tagged.tags)
                  .slice(0, 1)
                  .map(([Key, Value]) => ({ Key, Value })),
              }),
            )
          : Promise.resolve(),
      ]);
      const faultyEqual =
        normalize(faulty.snapshot) === normalize(running.sandbox.snapshot());
      const faultyThrottled = running.sandbox.stats().throttled;
      const row = (name: string, a: string, b: string) =>
        console.log(`  ${name.padEnd(29)}${a.padEnd(16)}${b}`);
      const retries = (st: CrawlStats) =>
        `${st.retries}${
          Object.keys(st.retriesByReason).length
            ? ` ${JSON.stringify(st.retriesByReason)}`
            : ''
        }`;
      console.log('');
      console.log('crawl under faults, beside the fault-free crawl');
      row('', 'fault-free', 'faults');
      row(
        'snapshot equals the sandbox',
        equal ? 'yes' : 'NO',
        faultyEqual ? 'yes' : 'NO',
      );
      row('calls', String(stats.calls), String(faulty.stats.calls));
      row('throttled', String(sandboxStats.throttled), String(faultyThrottled));
      row('retries', retries(stats), retries(faulty.stats));
      row(
        'wall time',
        `${fmt(stats.durationMs / 1000)} s`,
        `${fmt(faulty.stats.durationMs / 1000)} s`,
      );
      row(
        'faults / fault-free',
        '',
        `calls ${fmt(faulty.stats.calls / stats.calls, 3)}, wall time ${fmt(
          faulty.stats.durationMs / stats.durationMs,
          3,
        )}`,
      );
      if (!faultyEqual || !faulty.complete) process.exitCode = 1;
    }
  } catch (error) {
    if (!(error as { treeOnly?: boolean }).treeOnly) throw error;
    snapshot = running.sandbox.snapshot();
    console.log("--tree-only: serving the sandbox's own snapshot, no crawl");
  } finally {
    await running.close();
  }

  // GET /tree through a backend that restarts onto a database holding the snapshot.
  const dir = mkdtempSync(join(tmpdir(), 'aigov-bench-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'ai-governance.sqlite') },
    useNullAsDefault: true,
  });
  try {
    const store = await SnapshotStore.create({
      database: mockServices.database({ knex }),
    });
    await store.save(snapshot);
    const backend = await startTestBackend({
      features: [
        aiGovernancePlugin,
        sandboxOrganizationsFactory,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            aiGovernance: {
              organizations: { sandbox: { enabled: true, seed: 'empty' } },
            },
          },
        }),
        mockServices.rootLogger.factory({ level: 'warn' }),
      ],
    });
    const port = (backend.server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/api/ai-governance/tree`;
    const headers = {
      Authorization: mockCredentials.user.header(),
      'Accept-Encoding': 'gzip',
    };
    const identity = await get(url, {
      ...headers,
      'Accept-Encoding': 'identity',
    });
    const jsonBytes = identity.bytes;
    let gzipBytes = 0;
    for (let i = 0; i < 20; i++) {
      gzipBytes = (await get(url, headers)).bytes;
    }
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const start = performance.now();
      const res = await get(url, headers);
      times.push(performance.now() - start);
      if (res.status !== 200) {
        throw new Error(`GET /tree answered ${res.status}`);
      }
    }
    times.sort((a, b) => a - b);
    console.log('');
    console.log(
      `GET /tree (${requests} sequential requests, over keep-alive HTTP, the gzip body received in full)`,
    );
    console.log(
      `  p50                          ${fmt(percentile(times, 50))} ms`,
    );
    console.log(
      `  p95                          ${fmt(
        percentile(times, 95),
      )} ms   (goal <= 50 ms)`,
    );
    console.log(
      `  gzip size                    ${fmt(
        gzipBytes / 1024,
        1,
      )} KB   (goal <= 500 KB; ${fmt(jsonBytes / 1024, 1)} KB as JSON)`,
    );
    await backend.stop();
  } finally {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
