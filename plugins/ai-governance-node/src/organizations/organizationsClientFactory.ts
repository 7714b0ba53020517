/**
 * The AWS Organizations client of the whole product as a Backstage service: `organizationsClientFactoryServiceRef`,
 * root-scoped so that every plugin (the ai-governance backend, the scaffolder module) shares one client and one rate
 * limiter. The default factory builds the AWS client from config; a backend that runs an organizations sandbox (the
 * demo backend, tests) installs its own factory with `organizationsClientFactoryFromConfig({ sandboxEndpoint })`.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  organizationsClientFromConfig,
  readOrganizationsConfig,
} from './config';
import type { InventorySource } from './inventoryService';

/**
 * Where the product's Organizations client comes from.
 * @public
 */
export interface OrganizationsClientFactory {
  /** The client every part of the product shares (one rate limiter per organization); made on first use. */
  getClient(): Promise<OrganizationsClient>;
  /** Where its calls go: AWS (or the endpoint `aiGovernance.organizations.endpoint` names), or a sandbox. */
  getSource(): Promise<InventorySource>;
}

/**
 * The factory as configured under `aiGovernance.organizations`: AWS with the `aws` block's credentials, or the
 * configured endpoint; with `sandboxEndpoint`, a sandbox the caller started (the source then says `sandbox`).
 * @public
 */
export function organizationsClientFactoryFromConfig(options: {
  config: Config;
  logger: LoggerService;
  sandboxEndpoint?: string;
}): OrganizationsClientFactory {
  const { config, logger, sandboxEndpoint } = options;
  const org = readOrganizationsConfig(config);
  const source: InventorySource = sandboxEndpoint
    ? { kind: 'sandbox', endpoint: sandboxEndpoint, region: org.region }
    : { kind: 'aws', endpoint: org.endpoint, region: org.region };
  let client: Promise<OrganizationsClient> | undefined;
  return {
    getClient() {
      if (!client) {
        client = organizationsClientFromConfig(config, logger, {
          endpoint: sandboxEndpoint,
        });
        // A failure (no credentials yet, say) is reported to this caller; the next call tries again.
        client.catch(() => {
          client = undefined;
        });
      }
      return client;
    },
    async getSource() {
      return source;
    },
  };
}

/**
 * The product's Organizations client, for any backend plugin or module: `deps: { organizations:
 * organizationsClientFactoryServiceRef }`. The default factory talks to AWS (or `aiGovernance.organizations.endpoint`)
 * and refuses `aiGovernance.organizations.sandbox.enabled`, which only a backend that installs a sandbox-backed
 * factory can honour.
 * @public
 */
export const organizationsClientFactoryServiceRef =
  createServiceRef<OrganizationsClientFactory>({
    id: 'ai-governance.organizations-client-factory',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          rootLogger: coreServices.rootLogger,
        },
        factory({ config, rootLogger }) {
          if (readOrganizationsConfig(config).sandbox.enabled) {
            // Refused on use, so the plugin that asks first (the ai-governance backend, at startup) fails with this.
            const refusal = async () => {
              throw new InputError(
                'aiGovernance.organizations.sandbox.enabled is true, but this backend runs no organizations sandbox: the demo backend (packages/backend) installs one with a service factory for organizationsClientFactoryServiceRef. Elsewhere set sandbox.enabled: false to use AWS, or point aiGovernance.organizations.endpoint at a running sandbox (aigov sandbox).',
              );
            };
            return { getClient: refusal, getSource: refusal };
          }
          return organizationsClientFactoryFromConfig({
            config,
            logger: rootLogger.child({ plugin: 'ai-governance' }),
          });
        },
      }),
  });
