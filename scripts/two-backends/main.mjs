// The two-backend test from start to end: starts PostgreSQL, the sandbox and both backends, signs in, runs the
// per-round check groups --runs times and the whole-invocation ones, then stops everything, drops the databases and
// prints the counts line.
import { api, signIn } from './http.mjs';
import { database, dropDatabases, organizations } from './observe.mjs';
import { READY_TIMEOUT_S, dbPrefix, out, owner, runs } from './options.mjs';
import {
  backendConfig,
  freePort,
  startBackend,
  startPostgres,
  startSandbox,
  stopBackends,
  waitReady,
} from './processes.mjs';
import { check, counts, until } from './results.mjs';
import { accountsExactlyOnce, zeroDuplicates } from './checks/accounts.mjs';
import { oneCrawlPerInterval } from './checks/crawls.mjs';
import { killMidProvisioning } from './checks/kill.mjs';
import { checkProvisionedOnce, submitRequests } from './checks/requests.mjs';
import { scaffolderTaskOnce } from './checks/scaffolder.mjs';
import { sameSnapshot } from './checks/snapshot.mjs';

export async function main() {
  const started = Date.now();
  console.log(`two backends, one PostgreSQL: ${runs} run(s); logs in ${out}`);
  const postgres = await startPostgres();
  const sandbox = await startSandbox();
  console.log(`sandbox ${sandbox.url}; databases ${dbPrefix}*`);
  const org = organizations(sandbox.url);
  const [portA, portB] = [await freePort(), await freePort()];
  const backends = [
    { name: 'A', port: portA },
    { name: 'B', port: portB },
  ];
  for (const b of backends) {
    b.url = `http://127.0.0.1:${b.port}`;
    b.configFile = backendConfig({
      name: b.name,
      port: b.port,
      postgresUrl: postgres.url,
      sandboxUrl: sandbox.url,
    });
  }
  const [A, B] = backends;
  const requestsDb = database(postgres.url, 'ai-governance');
  const expectedAccounts = new Map(); // name -> request id
  try {
    // One after the other, as a rolling deployment does: on a fresh database, plugins starting at once in two
    // processes race for knex's migration lock and the loser's startup fails ("Migration table is already locked").
    // A restarted backend (below) starts beside a running one, with the migrations done.
    const bothUp = await (async () => {
      startBackend(A);
      await waitReady(A);
      startBackend(B);
      await waitReady(B);
    })().then(
      () => true,
      error => {
        console.log(error.message);
        return false;
      },
    );
    if (
      !check('both backends start on one PostgreSQL and one sandbox', bothUp)
    ) {
      return;
    }
    console.log(
      `backends ready after ${Math.round((Date.now() - started) / 1000)} s`,
    );
    const guest = await signIn(A.url, 'guest', owner);
    const admin = await signIn(
      B.url,
      'demo-admin',
      'group:default/ai-governance-admins',
    );
    await until(
      'the template in the catalog',
      READY_TIMEOUT_S,
      async () =>
        (
          await api(
            A.url,
            guest,
            'GET',
            '/api/catalog/entities/by-name/template/default/ai-development-account',
          )
        ).status === 200,
    );
    const test = { backends, guest, admin, org, requestsDb, expectedAccounts };

    for (let run = 1; run <= runs; run++) {
      const runStarted = Date.now();
      const label = `run ${run}/${runs}`;
      const up = backends.filter(b => b.process.exitCode === null);
      // 1. Account requests while both are up: two development, two production (raced approvals), on both backends.
      const ids = await submitRequests(test, run, label);
      // 2. A scaffolder task of the development template, on the backend whose turn it is.
      await scaffolderTaskOnce(test, run, label);
      await checkProvisionedOnce(test, label, ids, up);
      // 3. Kill the backend provisioning a request, mid-creation; the other resumes it after the lease expires.
      await killMidProvisioning(test, run, label);
      // 4. No account twice, so far.
      await accountsExactlyOnce(test, label, runStarted);
    }

    await sameSnapshot(test);
    await oneCrawlPerInterval(test);
    zeroDuplicates(test);
  } finally {
    await requestsDb.end().catch(() => undefined);
    await stopBackends(backends);
    sandbox.process.kill('SIGTERM');
    await dropDatabases(postgres.url).catch(error =>
      console.log(`could not drop the test databases: ${error.message}`),
    );
    await postgres.stop();
    console.log(
      `two-backends: runs ${runs}, requests ${counts.requests}, ready ${
        counts.ready
      }, provisioning runs ${counts.provisioningRuns}, accounts ${
        counts.accounts
      }, duplicates ${counts.duplicates}, kills ${
        counts.kills
      }, resumed by the other backend ${
        counts.resumedBySurvivor
      }, scaffolder tasks ${counts.scaffolderTasks}, approval races ${
        counts.approvalRaces
      } with ${counts.approvalRaceWinners} winners, scheduled crawls ${
        counts.scheduledCrawls ?? 0
      } in ${counts.crawlIntervals ?? 0} intervals, snapshot lists ${
        counts.listedInSnapshot ?? 0
      } of ${expectedAccounts.size} accounts, ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
  }
}
