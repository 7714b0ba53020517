import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the store tests run on: SQLite always; PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (or ..._POSTGRES17_...) names a server, or
 * AIGOV_TEST_POSTGRES_URL does (the repo's test script starts one). Never Docker. With AIGOV_TEST_REQUIRE_ALL=1
 * (CI), a missing PostgreSQL fails the suite instead of leaving only SQLite to pass.
 */
export function storeTestDatabases(suite: string): TestDatabases {
  if (
    process.env.AIGOV_TEST_POSTGRES_URL &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
  ) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      process.env.AIGOV_TEST_POSTGRES_URL;
  }
  if (
    process.env.AIGOV_TEST_REQUIRE_ALL === '1' &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
  ) {
    throw new Error(
      `No PostgreSQL for the ${suite} tests, and AIGOV_TEST_REQUIRE_ALL=1 (CI) says every test must run: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (scripts/test.sh starts one) or unset the variable`,
    );
  }
  return TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15', 'POSTGRES_17'],
    disableDocker: true,
  });
}

/** The databases of the account request tests. */
export function accountRequestTestDatabases(): TestDatabases {
  return storeTestDatabases('account request');
}
