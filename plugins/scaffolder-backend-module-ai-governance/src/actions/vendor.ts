import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AccountVendor,
  AwsTargetSettings,
  organizationsClientFromConfig,
  readOrganizationsConfig,
} from '@internal/plugin-ai-governance-node';

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
 * backend). A failure is not kept: the next task tries again.
 * @public
 */
export function lazyVendor(options: {
  config: Config;
  logger: LoggerService;
  /** The Organizations endpoint when it is only known at run time (an embedded sandbox). */
  getEndpoint?: () => Promise<string | undefined>;
}): () => Promise<AccountVendor> {
  let vendor: Promise<AccountVendor> | undefined;
  return () => {
    if (!vendor) {
      vendor = (async () => {
        const endpoint = await options.getEndpoint?.();
        const client = await organizationsClientFromConfig(
          options.config,
          options.logger,
          endpoint ? { endpoint } : {},
        );
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
