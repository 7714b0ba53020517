/* eslint-disable no-console -- a benchmark command reports on the console */
/*
 * Benchmark of the wildcard matcher, run with `yarn workspace @internal/plugin-ai-governance-common bench:match`.
 *
 * Times typical policy patterns and pathological ones (the kind that made a regex-based matcher backtrack for
 * minutes, issue 18) in the same run, and prints the worst pathological case as a ratio to the typical mean. The
 * matcher is O(pattern × value), so the ratio is bounded by the sizes involved, not exponential in them.
 * Then lints the request (an SCP with ec2:*?*?…Z, 30 pairs) beside a typical SCP, with the iam-data catalog.
 *
 * Options: --seconds S per case (default 0.5).
 */
import { performance } from 'perf_hooks';
import { nodeCatalog } from '../src/policy/__testUtils__/node';
import { lintPolicyWithCatalog } from '../src/policy/lint';
import {
  compileWildcard,
  MATCH_LIMITS,
  wildcardMatches,
} from '../src/policy/match';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const seconds = arg('seconds', 0.5);

/** Mean microseconds per call of fn, repeated for about `seconds`. */
function time(fn: () => unknown): number {
  for (let k = 0; k < 20; k++) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let k = 0; k < 10; k++) fn();
    calls += 10;
    now = performance.now();
  }
  return ((now - start) * 1000) / calls;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  for (let k = 0; k < 3; k++) await fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000 || calls < 3) {
    await fn();
    calls++;
    now = performance.now();
  }
  return ((now - start) * 1000) / calls;
}

interface Case {
  name: string;
  pattern: string;
  values: string[];
  ignoreCase?: boolean;
}

const ec2Like = [
  'DescribeInstances',
  'RunInstances',
  'TerminateInstances',
  'CreateTransitGatewayRouteTableAnnouncement',
  'ModifyInstanceMetadataDefaults',
];
const arn = 'arn:aws:s3:::my-data-bucket/team/project/2026/01/report.csv';
const longValue = 'a'.repeat(MATCH_LIMITS.maxValueLength);

const typical: Case[] = [
  {
    name: 'ec2:Describe*',
    pattern: 'describe*',
    values: ec2Like,
    ignoreCase: true,
  },
  {
    name: 's3:Get*Object',
    pattern: 'get*object',
    values: ['getobject', 'getobjectacl', 'putobject'],
    ignoreCase: true,
  },
  {
    name: 'arn:aws:s3:::my-data-bucket/*',
    pattern: 'arn:aws:s3:::my-data-bucket/*',
    values: [arn],
  },
  {
    name: 'StringLike team-*-prod',
    pattern: 'team-*-prod',
    values: ['team-ml-prod', 'team-ml-dev'],
  },
];

const pathological: Case[] = [
  {
    name: 'ec2:*?×30 Z (issue 18)',
    pattern: `${'*?'.repeat(30)}z`,
    values: ec2Like,
    ignoreCase: true,
  },
  {
    name: '*?×30 Z against 2,048 chars',
    pattern: `${'*?'.repeat(30)}Z`,
    values: ['x'.repeat(2048)],
  },
  {
    name: '*a×200 *b against 4,096 a',
    pattern: `${'*a'.repeat(200)}*b`,
    values: [longValue],
  },
  {
    name: 'a*×2,000 b against 4,096 a',
    pattern: `${'a*'.repeat(2000)}b`,
    values: [longValue],
  },
  {
    name: '* a×2,047 b against 4,096 a (every restart rescans the run)',
    pattern: `*${'a'.repeat(2047)}b`,
    values: [longValue],
  },
  {
    name: `(a*)×${
      MATCH_LIMITS.maxPatternLength / 2 - 1
    } b, the longest pattern (longer than the value: no scan)`,
    pattern: `${'a*'.repeat(MATCH_LIMITS.maxPatternLength / 2 - 1)}b`,
    values: [longValue],
  },
  {
    name: '??…? (4,095) b against 4,096 a',
    pattern: `${'?'.repeat(4095)}b`,
    values: [longValue],
  },
];

function run(c: Case): number {
  const w = compileWildcard(c.pattern, c.ignoreCase ?? false);
  return (
    time(() => {
      for (const v of c.values) wildcardMatches(w, v);
    }) / c.values.length
  );
}

async function main() {
  console.log(
    `Wildcard matcher: microseconds per match (limits: pattern ${MATCH_LIMITS.maxPatternLength}, value ${MATCH_LIMITS.maxValueLength} characters)`,
  );
  const typicalTimes = typical.map(c => {
    const us = run(c);
    console.log(`  typical      ${us.toFixed(3).padStart(12)} µs  ${c.name}`);
    return us;
  });
  const typicalMean =
    typicalTimes.reduce((a, b) => a + b, 0) / typicalTimes.length;
  let worst = { us: 0, name: '' };
  for (const c of pathological) {
    const us = run(c);
    console.log(
      `  pathological ${us.toFixed(3).padStart(12)} µs  ${c.name}  (${(
        us / typicalMean
      ).toFixed(0)}× typical)`,
    );
    if (us > worst.us) worst = { us, name: c.name };
  }
  console.log(
    `Worst pathological case: ${worst.us.toFixed(1)} µs (${worst.name}), ${(
      worst.us / typicalMean
    ).toFixed(0)}× the typical mean of ${typicalMean.toFixed(3)} µs.`,
  );

  const catalog = await nodeCatalog();
  const scp = (action: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }],
    });
  const options = { type: 'SERVICE_CONTROL_POLICY' as const, catalog };
  const typicalLint = await timeAsync(() =>
    lintPolicyWithCatalog(scp('ec2:Describe*'), options),
  );
  const evilLint = await timeAsync(() =>
    lintPolicyWithCatalog(scp(`ec2:${'*?'.repeat(30)}Z`), options),
  );
  console.log(
    `Lint with the iam-data catalog: ec2:Describe* ${(
      typicalLint / 1000
    ).toFixed(2)} ms, ec2:*?×30 Z ${(evilLint / 1000).toFixed(2)} ms (${(
      evilLint / typicalLint
    ).toFixed(1)}×).`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
