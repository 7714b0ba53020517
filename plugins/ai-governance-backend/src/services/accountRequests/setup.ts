import type {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  accountRequestPermissionResourceRef,
  accountRequestPermissionRules,
  lazyVendor,
  type AccountVendor,
  type InventoryService,
} from '@internal/plugin-ai-governance-node';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import type express from 'express';
import { createAccountRequestRouter } from '../../routes/accountRequestRoutes';
import { AccountRequestService } from './AccountRequestService';
import {
  AccountRequestStore,
  toWireRecord,
} from '../../database/AccountRequestStore';
import { DefaultAccountRequestNotifier } from './notifier';
import { ProvisioningWorker } from './ProvisioningWorker';
import { readAccountRequestSettings } from './settings';

/**
 * Account requests in the backend plugin: the store (with its migration), the permission resource type, the
 * lifecycle service, the provisioning worker (started and stopped with the plugin) and the routes.
 */
export async function setUpAccountRequests(options: {
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  userInfo: UserInfoService;
  lifecycle: LifecycleService;
  /** The plugin's inventory: its client, and its snapshot for the checks at approval. */
  inventory: InventoryService & {
    getSnapshot(): Promise<OrgSnapshot | undefined>;
  };
  notifications?: NotificationService;
  signals?: SignalsService;
  /** Test seam: the vendor (default: from config, on the inventory's client). */
  getVendor?: () => Promise<AccountVendor>;
}): Promise<{
  router: express.Router;
  service: AccountRequestService;
  worker: ProvisioningWorker;
}> {
  const { config, logger, inventory } = options;
  const settings = readAccountRequestSettings(config);
  const store = await AccountRequestStore.create({
    database: options.database,
  });

  options.permissionsRegistry.addResourceType({
    resourceRef: accountRequestPermissionResourceRef,
    rules: Object.values(accountRequestPermissionRules),
    getResources: async ids =>
      (await store.getMany(ids)).map(r =>
        toWireRecord(r, settings.organizationalUnits),
      ),
  });

  // The service wakes the worker, which needs the service: a holder breaks the cycle.
  const holder: { worker?: ProvisioningWorker } = {};
  const service = new AccountRequestService({
    store,
    settings,
    auditor: options.auditor,
    logger,
    notifier: new DefaultAccountRequestNotifier({
      notifications: options.notifications,
      signals: options.signals,
      adminGroups: settings.adminGroups,
      logger,
    }),
    getSnapshot: () => inventory.getSnapshot(),
    onApproved: () => holder.worker?.kick(),
  });
  const worker = new ProvisioningWorker({
    service,
    getVendor: options.getVendor ?? lazyVendor({ config, logger, inventory }),
    getClient: () => inventory.getClient(),
    notifyWrites: touched => inventory.notifyWrites(touched),
    settings: settings.provisioning,
    logger,
  });
  holder.worker = worker;
  options.lifecycle.addStartupHook(() => worker.start());
  options.lifecycle.addShutdownHook(() => worker.stop());

  return {
    router: createAccountRequestRouter({
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      auditor: options.auditor,
      service,
      userInfo: options.userInfo,
    }),
    service,
    worker,
  };
}
