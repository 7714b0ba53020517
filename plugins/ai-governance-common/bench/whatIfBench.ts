/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Benchmark of what-if and the plain-language summaries, run with
 * `yarn workspace @internal/plugin-ai-governance-common bench:what-if`.
 *
 * 1. One policy change (detaching a guardrail from an OU) on a generated organization of 5,000 accounts, 400 OUs and
 *    60 SCPs, judged by 500 probe requests: whatIf() warm (the organization's index built once, as in a running
 *    portal; the changed copy is new on every call, as it is in use), against the naive way: who-can for every probe
 *    on the organization before and after, over every account, then compared. Both give the same verdict changes
 *    (checked here). Goal: at most 2 s warm; the ratio says what the shortcut (only accounts under the changed nodes)
 *    and the shared memo buy.
 * 2. Summaries of every policy of the shared corpus (../shared/corpus), total time of one pass (median of several).
 *    Goal: under 1 s.
 *
 * Options: --runs N (default 5).
 */
import fs from 'fs';
import path from 'path';
import { performance } from 'perf_hooks';
import { compileOrgModel, generateOrgModel } from '../src/orgModel';
import type { OrgSnapshot } from '../src/orgModel/types';
import { whoCan } from '../src/policy/evaluate';
import { applyChangeSet, deriveProbes, whatIf } from '../src/whatIf';
import type { WhatIfChangeSet, WhatIfProbe } from '../src/whatIf';
import { summarizePolicy } from '../src/summary';
import { corpusDir } from '../src/policy/__testUtils__/node';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

const runs = arg('runs', 5);
const before: OrgSnapshot = compileOrgModel(
  generateOrgModel({ accounts: 5000, ous: 400, policies: 60, seed: 15 }),
  { capturedAt: '2026-01-01T00:00:00.000Z' },
);

// The change: detach the guardrail attached to the OU with the most accounts below it.
const below = (id: string) =>
  before.nodes.filter(
    n =>
      n.kind === 'account' &&
      (() => {
        for (let p = n.parentId; p; ) {
          if (p === id) return true;
          p = before.nodes.find(x => x.id === p)?.parentId;
        }
        return false;
      })(),
  ).length;
const ou = before.nodes
  .filter(
    n => n.kind === 'ou' && n.policyIds.some(id => id !== 'p-FullAWSAccess'),
  )
  .map(n => ({ n, accounts: below(n.id) }))
  .sort((a, b) => b.accounts - a.accounts)[0];
const policy = before.policies.find(
  p => p.id !== 'p-FullAWSAccess' && ou.n.policyIds.includes(p.id),
)!;
const changeSet: WhatIfChangeSet = {
  changes: [{ op: 'detach', policy: policy.id, target: ou.n.id }],
};

// 500 probes: those derived from the policies, topped up with requests on the services the guardrails govern.
const probes: WhatIfProbe[] = deriveProbes(before.policies).slice(0, 500);
const services = [
  'bedrock',
  'sagemaker',
  's3',
  'ec2',
  'iam',
  'kms',
  'lambda',
  'dynamodb',
  'rds',
  'cloudtrail',
];
for (let i = 0; probes.length < 500; i++) {
  const service = services[i % services.length];
  probes.push({
    action: `${service}:${i % 3 === 0 ? 'Delete' : 'Describe'}Thing${i}`,
    source: 'critical',
  });
}

console.log(
  `Organization: ${
    before.nodes.filter(n => n.kind === 'account').length
  } accounts, ${before.nodes.filter(n => n.kind === 'ou').length} OUs, ${
    before.policies.filter(p => !p.awsManaged).length
  } SCPs; change: detach ${policy.name} from ${ou.n.name} (${
    ou.accounts
  } accounts below); ${probes.length} probes.`,
);

// Warm: the first call builds the organization's index and compiles its policies; the timed calls reuse them.
let t0 = performance.now();
const first = whatIf(before, changeSet, { probes });
const coldMs = performance.now() - t0;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  whatIf(before, changeSet, { probes });
  times.push(performance.now() - t);
}
const whatIfMs = median(times);

// Naive: who-can for every probe, before and after, over the whole organization; then compare.
const naiveTimes: number[] = [];
let naiveChanges = 0;
for (let r = 0; r < Math.max(1, Math.min(runs, 3)); r++) {
  const t = performance.now();
  const { after } = applyChangeSet(before, changeSet.changes);
  naiveChanges = 0;
  for (const p of probes) {
    const request = {
      action: p.action,
      resource: p.resource,
      context: p.context,
      principalArn: p.principalArn,
      principalTags: p.principalTags,
    };
    const b = new Set(whoCan(before, request).allowed.map(a => a.id));
    const a = whoCan(after, request);
    const allowedAfter = new Set(a.allowed.map(x => x.id));
    for (const x of a.allowed) if (!b.has(x.id)) naiveChanges++;
    for (const id of b) if (!allowedAfter.has(id)) naiveChanges++;
  }
  naiveTimes.push(performance.now() - t);
}
const naiveMs = median(naiveTimes);
if (naiveChanges !== first.changes.length) {
  console.error(
    `MISMATCH: what-if reports ${first.changes.length} verdict changes, the naive who-can comparison ${naiveChanges}.`,
  );
  process.exitCode = 1;
}

console.log(
  `what-if, one change, cold:  ${coldMs.toFixed(
    1,
  )} ms (first call: indexes the organization and compiles its policies)`,
);
console.log(
  `what-if, one change, warm:  ${whatIfMs.toFixed(1)} ms median of ${runs} (${
    first.accountsEvaluated
  } of ${first.accountsInOrganization} accounts re-evaluated, ${
    first.changes.length
  } verdict changes in ${first.groups.length} groups)`,
);
console.log(
  `naive who-can x probes:     ${naiveMs.toFixed(1)} ms (${
    probes.length
  } probes x 2 snapshots x every account; same ${naiveChanges} verdict changes)`,
);
console.log(`ratio naive / what-if:      ${(naiveMs / whatIfMs).toFixed(1)}x`);
console.log(
  `what-if against its 2 s goal: ${(whatIfMs / 2000).toFixed(
    3,
  )} of the budget ${whatIfMs <= 2000 ? '(met)' : '(MISSED)'}`,
);

// The worst case for the shortcut: a change at the root re-evaluates every account.
const root = before.nodes.find(n => n.kind === 'root')!;
const rootChange: WhatIfChangeSet = {
  changes: [{ op: 'attach', policy: policy.id, target: root.id }],
};
t0 = performance.now();
const rootFirst = whatIf(before, rootChange, { probes });
const rootColdMs = performance.now() - t0;
const rootTimes: number[] = [];
const rootCpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  whatIf(before, rootChange, { probes });
  rootTimes.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  rootCpu.push((used.user + used.system) / 1000);
}
const rootMs = median(rootTimes);
console.log(
  `what-if at the root, cold:  ${rootColdMs.toFixed(
    1,
  )} ms (first call with this change; the organization is already indexed)`,
);
console.log(
  `what-if at the root, warm:  ${rootMs.toFixed(1)} ms median of ${runs} (all ${
    rootFirst.accountsEvaluated
  } accounts re-evaluated, ${
    rootFirst.changes.length
  } verdict changes; naive (which walks every account wherever the change is) / what-if ${(
    naiveMs / rootMs
  ).toFixed(1)}x; ${(rootMs / 2000).toFixed(3)} of the 2 s budget)`,
);
// On a loaded machine the wall time counts the time other processes had the cores; the process's own CPU time
// (all its threads, the garbage collector's included) says what the work costs.
console.log(
  `what-if at the root, CPU:   ${median(rootCpu).toFixed(
    1,
  )} ms median of ${runs} (the process's CPU time during each warm call; ${(
    median(rootCpu) / 2000
  ).toFixed(3)} of the 2 s budget)`,
);

// Summaries of the corpus.
const dir = corpusDir();
if (!dir) {
  console.log(
    'Summaries: the shared corpus (../shared/corpus) is absent; skipped.',
  );
} else {
  const files = fs
    .readdirSync(path.join(dir, 'policies'))
    .filter(f => f.endsWith('.json'));
  const texts = files.map(f =>
    fs.readFileSync(path.join(dir, 'policies', f), 'utf8'),
  );
  let sentences = 0;
  const summaryTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    sentences = 0;
    const t = performance.now();
    for (const text of texts)
      sentences += summarizePolicy(text).sentences.length;
    summaryTimes.push(performance.now() - t);
  }
  const ms = median(summaryTimes);
  console.log(
    `summaries of the corpus:    ${ms.toFixed(1)} ms for ${
      texts.length
    } policies (${sentences} sentences), median of ${runs}`,
  );
  console.log(
    `summaries against their 1 s goal: ${(ms / 1000).toFixed(
      3,
    )} of the budget ${ms < 1000 ? '(met)' : '(MISSED)'}`,
  );
}
