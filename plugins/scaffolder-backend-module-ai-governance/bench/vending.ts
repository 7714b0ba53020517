/*
 * Benchmark: N concurrent account requests against the sandbox through the direct engine, against the ideal
 * schedule ceil(N / maxConcurrentCreations) * createAccountDelay. Prints the measured figures of one run.
 *
 *   yarn workspace @internal/plugin-scaffolder-backend-module-ai-governance bench [--requests 20] [--delay 2000]
 *     [--max 5] [--rate 20] [--poll 250]
 */
import {
  demoOrgModelPath,
  startSandbox,
} from '@internal/organizations-sandbox';
import {
  AccountVendor,
  createOrganizationsClient,
} from '@internal/plugin-ai-governance-node';
import type { LoggerService } from '@backstage/backend-plugin-api';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(
      `bench: --${name} needs a positive number, got "${
        process.argv[index + 1]
      }"\n`,
    );
    process.exit(2);
  }
  return value;
}

const quiet: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quiet,
};

async function main() {
  const requests = option('requests', 20);
  const delay = option('delay', 2000);
  const max = option('max', 5);
  const rate = option('rate', 20);
  const poll = option('poll', 250);

  const running = await startSandbox({
    seed: demoOrgModelPath,
    createAccountDelayMs: delay,
  });
  try {
    const client = createOrganizationsClient({
      endpoint: running.url,
      rateLimit: {
        requestsPerSecond: rate,
        burst: Math.max(1, Math.round(rate / 4)),
      },
    });
    const vendor = new AccountVendor({
      client,
      vending: {
        engine: 'organizations-api',
        organizationalUnits: {
          development: 'AI/Development',
          production: 'AI/Production',
        },
        emailPattern: 'aws+{name}@example.com',
        roleName: 'OrganizationAccountAccessRole',
        iamUserAccessToBilling: 'DENY',
        closeOnDeletion: false,
        maxConcurrentCreations: max,
        pollIntervalMs: poll,
        creationTimeoutMs: 10 * 60_000,
      },
    });
    // Warm the OU lookup and the connection, as a running backend would be.
    await vendor.organizationalUnitFor('development');
    running.sandbox.resetStats();

    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        vendor.apply(
          vendor.resolveRequest({
            name: `Bench Account ${i + 1}`,
            environment: 'development',
            owner: 'group:default/ml-platform',
            costCenter: 'CC-1234',
            dataClassification: 'internal',
            purpose: 'Benchmark',
            requestedBy: 'user:default/bench',
            taskId: `bench-${i + 1}`,
          }),
          { logger: quiet },
        ),
      ),
    );
    const elapsed = performance.now() - started;

    const ids = new Set(results.map(r => r.accountId));
    const snapshot = running.sandbox.snapshot();
    const placed = results.filter(r =>
      snapshot.nodes.some(
        n => n.id === r.accountId && n.parentId === r.organizationalUnitId,
      ),
    ).length;
    const stats = running.sandbox.stats();
    const ideal = Math.ceil(requests / max) * delay;
    const ratio = elapsed / ideal;
    const lines = [
      `requests: ${requests}, at most ${max} creations in progress, createAccountDelay ${delay} ms, client rate ${rate}/s, poll ${poll} ms`,
      `succeeded: ${results.length}, distinct accounts: ${ids.size}, under the right OU: ${placed}`,
      `total: ${Math.round(
        elapsed,
      )} ms, ideal schedule: ${ideal} ms, ratio: ${ratio.toFixed(
        3,
      )} (goal <= 1.2: ${ratio <= 1.2 ? 'met' : 'NOT met'})`,
      `API calls: ${stats.totalCalls} (${Object.entries(stats.calls)
        .sort()
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}), errors: ${JSON.stringify(stats.errors)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (ids.size !== requests || placed !== requests) {
      process.exitCode = 1;
    }
  } finally {
    await running.close();
  }
}

main().catch(error => {
  process.stderr.write(`bench: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
