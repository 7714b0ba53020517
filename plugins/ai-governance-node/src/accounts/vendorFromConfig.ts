/*
 * The AccountVendor from configuration, shared by the account request worker of the backend plugin (which
 * provisions approved requests) and any other backend code that vends accounts.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  type InventoryService,
  organizationsClientFromConfig,
  readOrganizationsConfig,
} from '../organizations';
import { AccountVendor } from './AccountVendor';
import type { AwsTargetSettings } from './PulumiAccountProvisioner';

/**
 * Where the Pulumi program's AWS provider goes: the same place as the Organizations client (the sandbox endpoint
 * with placeholder keys, or AWS in the configured region), assuming `aiGovernance.pulumi.aws.roleArn` when set.
 * @public
 */
export function awsTargetFromConfig(
  config: Config,
  endpoint?: string,
): AwsTargetSettings {
  const org = readOrganizationsConfig(config);
  const target = endpoint ?? org.endpoint;
  const pulumiAws = config.getOptionalConfig('aiGovernance.pulumi.aws');
  return {
    region: org.region,
    ...(target
      ? {
          endpoint: target,
          // Placeholders the sandbox ignores; real AWS credentials never come from here.
          accessKeyId: 'AKIASANDBOX',
          secretAccessKey: 'sandbox',
        }
      : {}),
    roleArn: pulumiAws?.getOptionalString('roleArn'),
    externalId: pulumiAws?.getOptionalString('externalId'),
  };
}

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
        return AccountVendor.fromConfig(options.config, {
          client,
          aws: awsTargetFromConfig(options.config, endpoint),
        });
      })();
      vendor.catch(() => {
        vendor = undefined;
      });
    }
    return vendor;
  };
}
