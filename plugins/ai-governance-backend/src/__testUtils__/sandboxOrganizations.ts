/**
 * For tests, benchmarks and `yarn start` in this package: the organizations client factory backed by an
 * organizations sandbox started with the backend (seed from `aiGovernance.organizations.sandbox.seed`: `demo`,
 * `empty` or an org model file) and closed with it. The demo backend (packages/backend) installs its own.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  demoOrgModelPath,
  startSandbox,
} from '@internal/organizations-sandbox';
import {
  organizationsClientFactoryFromConfig,
  organizationsClientFactoryServiceRef,
  readOrganizationsConfig,
} from '@internal/plugin-ai-governance-node';

const SEEDS: Record<string, string | undefined> = {
  demo: demoOrgModelPath,
  empty: undefined,
};

export const sandboxOrganizationsFactory = createServiceFactory({
  service: organizationsClientFactoryServiceRef,
  deps: {
    config: coreServices.rootConfig,
    rootLogger: coreServices.rootLogger,
    rootLifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, rootLogger, rootLifecycle }) {
    const { seed } = readOrganizationsConfig(config).sandbox;
    const running = await startSandbox({
      seed: seed in SEEDS ? SEEDS[seed] : seed,
    });
    rootLifecycle.addShutdownHook(() => running.close());
    return organizationsClientFactoryFromConfig({
      config,
      logger: rootLogger,
      sandboxEndpoint: running.url,
    });
  },
});
