// Test builder: the account request service on its own in-memory SQLite store, for route and action tests.
import type { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import knexFactory from 'knex';
import { AccountRequestStore } from '../../../database/AccountRequestStore';
import { AccountRequestService } from '../AccountRequestService';
import type { AccountRequestSettings } from '../settings';
import { testSettings } from './fakes';

/** A service with `settings` (the test settings by default), `auditor`, and `snapshot` as the served snapshot. */
export async function inMemoryAccountRequests(options: {
  auditor: AuditorService;
  settings?: AccountRequestSettings;
  snapshot?: OrgSnapshot;
}) {
  const database = mockServices.database({
    knex: knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    }),
  });
  const store = await AccountRequestStore.create({ database });
  const service = new AccountRequestService({
    store,
    settings: options.settings ?? testSettings(),
    auditor: options.auditor,
    logger: mockServices.logger.mock(),
    getSnapshot: async () => options.snapshot,
  });
  return { store, service };
}
