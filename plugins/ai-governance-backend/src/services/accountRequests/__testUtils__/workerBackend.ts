// Test builder: one backend's account request pieces on a given database (store, service, a vendor using the real
// AWS SDK against a sandbox, and a provisioning worker the test starts, stops or runs once by hand).
import { mockServices } from '@backstage/backend-test-utils';
import {
  AccountVendor,
  createOrganizationsClient,
  type AccountVendingSettings,
} from '@internal/plugin-ai-governance-node';
import type { Knex } from 'knex';
import { AccountRequestService } from '../AccountRequestService';
import { AccountRequestStore } from '../../../database/AccountRequestStore';
import { ProvisioningWorker } from '../ProvisioningWorker';
import type { AccountRequestSettings } from '../settings';
import { recordingAuditor, testSettings } from './fakes';

/** Vending with the organizations-api provisioner into the demo organization's AI OUs. */
export function testVending(
  overrides: Partial<AccountVendingSettings> = {},
): AccountVendingSettings {
  return {
    engine: 'organizations-api',
    organizationalUnits: {
      development: 'AI/Development',
      production: 'AI/Production',
    },
    emailPattern: 'aws+{name}@example.com',
    roleName: 'OrganizationAccountAccessRole',
    iamUserAccessToBilling: 'DENY',
    closeOnDeletion: false,
    maxConcurrentCreations: 5,
    pollIntervalMs: 10,
    creationTimeoutMs: 60_000,
    ...overrides,
  };
}

/**
 * One backend on `knex` against the sandbox at `sandboxUrl`: its store, service, worker (id `workerId`), Organizations
 * client, and the account ids its worker reported as written (`notified`).
 */
export async function workerBackend(options: {
  knex: Knex;
  sandboxUrl: string;
  workerId: string;
  settings?: AccountRequestSettings;
  vending?: AccountVendingSettings;
  /** SDK attempts per call; the SDK's default when unset. */
  maxAttempts?: number;
}) {
  const database = mockServices.database({ knex: options.knex });
  const store = await AccountRequestStore.create({ database });
  const settings = options.settings ?? testSettings();
  const client = createOrganizationsClient({
    endpoint: options.sandboxUrl,
    rateLimit: { requestsPerSecond: 500, burst: 100, maxConcurrency: 16 },
    ...(options.maxAttempts !== undefined && {
      retry: { maxAttempts: options.maxAttempts },
    }),
  });
  const vendor = new AccountVendor({
    client,
    vending: options.vending ?? testVending(),
  });
  const service = new AccountRequestService({
    store,
    settings,
    auditor: recordingAuditor().auditor,
    logger: mockServices.logger.mock(),
    getSnapshot: async () => undefined,
  });
  const notified: string[] = [];
  const worker = new ProvisioningWorker({
    service,
    getVendor: async () => vendor,
    getClient: async () => client,
    notifyWrites: async touched => {
      notified.push(...(touched.accountIds ?? []));
    },
    settings: settings.provisioning,
    logger: mockServices.logger.mock(),
    workerId: options.workerId,
  });
  return { store, service, worker, client, notified };
}
