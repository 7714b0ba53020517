/**
 * The AccountVendor of a backend, made once from configuration (through `AccountVendor.fromConfig`, the one way to
 * build a vendor from config) when first needed, for the account request worker of the backend plugin and any other
 * backend code that vends accounts.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  type InventoryService,
  organizationsClientFromConfig,
} from '../organizations';
import { AccountVendor } from './AccountVendor';

/**
 * Makes the AccountVendor on first use and keeps it (so its creation limit is shared by every task of the
 * backend). With the inventory service it uses the inventory's shared, rate-limited Organizations client and its
 * endpoint (the embedded sandbox's port is only known at run time); without it, a client from config.
 * A failure is not kept: the next task tries again.
 * @public
 */
export function lazyVendor(options: {
  config: Config;
  logger: LoggerService;
  inventory?: Pick<InventoryService, 'getClient' | 'getSource'>;
}): () => Promise<AccountVendor> {
  let vendor: Promise<AccountVendor> | undefined;
  return () => {
    if (!vendor) {
      vendor = (async () => {
        let client: OrganizationsClient;
        let endpoint: string | undefined;
        if (options.inventory) {
          [client, { endpoint }] = await Promise.all([
            options.inventory.getClient(),
            options.inventory.getSource(),
          ]);
        } else {
          client = await organizationsClientFromConfig(
            options.config,
            options.logger,
          );
        }
        return AccountVendor.fromConfig(options.config, { client, endpoint });
      })();
      vendor.catch(() => {
        vendor = undefined;
      });
    }
    return vendor;
  };
}
