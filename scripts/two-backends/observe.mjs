// What the two-backend test reads directly to check what happened: the sandbox's accounts and account creations
// (through the AWS SDK), the account requests in the shared PostgreSQL, and the backends' logged scheduled crawls.
import {
  READY_TIMEOUT_S,
  dbPrefix,
  owner,
  requireFromRoot,
} from './options.mjs';
import { until } from './results.mjs';

const {
  OrganizationsClient,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
} = requireFromRoot('@aws-sdk/client-organizations');
const pg = requireFromRoot('pg');

/** An Organizations client for the sandbox. */
export function organizations(sandboxUrl) {
  return new OrganizationsClient({
    endpoint: sandboxUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 5,
  });
}
export async function sandboxAccounts(client) {
  const accounts = [];
  let NextToken;
  do {
    const page = await client.send(new ListAccountsCommand({ NextToken }));
    accounts.push(...(page.Accounts ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return accounts;
}
export async function creationsInProgress(client) {
  const statuses = [];
  let NextToken;
  do {
    const page = await client.send(
      new ListCreateAccountStatusCommand({
        States: ['IN_PROGRESS'],
        NextToken,
      }),
    );
    statuses.push(...(page.CreateAccountStatuses ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return statuses;
}

/** A connection pool to one plugin's database of this invocation. */
export function database(postgresUrl, plugin) {
  const url = new URL(postgresUrl);
  url.pathname = `/${dbPrefix}${plugin}`;
  return new pg.Pool({ connectionString: url.toString(), max: 2 });
}

/** Drops every database of this invocation. */
export async function dropDatabases(postgresUrl) {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'select datname from pg_database where datname like $1',
      [`${dbPrefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(
        `drop database if exists "${datname.replace(/"/g, '""')}" with (force)`,
      );
    }
  } finally {
    await admin.end();
  }
}

/** The body of an account request of this test. */
export function requestFields(name, environment) {
  return {
    name,
    environment,
    owner,
    costCenter: 'CC-2B',
    dataClassification: 'internal',
    purpose: 'Two backends, one PostgreSQL (scripts/two-backends.mjs)',
  };
}

export async function requestRow(db, id) {
  const { rows } = await db.query(
    'select id, state, name, email, attempts, claimed_by, account_id, task_id, failure_reason from ai_governance_account_requests where id = $1',
    [id],
  );
  return rows[0];
}

/** Waits until every request is `ready` or `failed`; answers their rows. */
export async function waitSettled(db, ids) {
  return until(
    `requests ${ids.join(', ')} settled`,
    READY_TIMEOUT_S,
    async () => {
      const rows = await Promise.all(ids.map(id => requestRow(db, id)));
      return rows.every(r => r && ['ready', 'failed'].includes(r.state))
        ? rows
        : undefined;
    },
    1000,
  );
}

/** Every scheduled crawl in both backends' logs: [{ backend, at }], by time. */
export function scheduledCrawls(backends) {
  return backends
    .flatMap(b =>
      b.outputs.flatMap(o =>
        o.lines
          .filter(l => l.line.includes('Crawled the organization (schedule)'))
          .map(l => ({ backend: b.name, at: l.at, line: l.line })),
      ),
    )
    .sort((x, y) => x.at - y.at);
}
