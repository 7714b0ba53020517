/**
 * The demo backend's organizations sandbox: a service factory for `organizationsClientFactoryServiceRef` that, when
 * `aiGovernance.organizations.sandbox.enabled` is true (the embedded defaults of app-config.yaml), starts the
 * sandbox inside this backend on a loopback port and sends every Organizations call of the AI Governance plugins
 * there; otherwise the product's AWS client from config, as without this factory.
 */
import { resolve } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import {
  organizationsClientFactoryFromConfig,
  organizationsClientFactoryServiceRef,
  readOrganizationsConfig,
  type OrganizationsConfig,
} from '@internal/plugin-ai-governance-node';

/**
 * Starts the organizations sandbox inside the backend process on a loopback port, for the embedded default
 * configuration: `seed: demo` is the demo organization, `empty` a management account only, anything else the
 * path of an org model file.
 */
export async function startEmbeddedSandbox(
  sandboxConfig: OrganizationsConfig['sandbox'],
  logger: LoggerService,
): Promise<RunningSandbox> {
  const { seed } = sandboxConfig;
  let seedPath: string | undefined;
  if (seed === 'demo') seedPath = demoOrgModelPath;
  else if (seed !== 'empty') seedPath = resolve(seed);
  const running = await startSandbox({
    port: sandboxConfig.port,
    seed: seedPath,
    persistFile: sandboxConfig.persistFile,
    faults: sandboxConfig.requestsPerSecond
      ? { requestsPerSecond: sandboxConfig.requestsPerSecond }
      : undefined,
  });
  logger.info(
    `Started the embedded organizations sandbox (seed: ${seed}) at ${running.url}; set aiGovernance.organizations.sandbox.enabled: false to use AWS`,
  );
  return running;
}

/** The AI Governance Organizations client of the demo backend: the embedded sandbox when enabled, else AWS. */
export const organizationsSandboxServiceFactory = createServiceFactory({
  service: organizationsClientFactoryServiceRef,
  deps: {
    config: coreServices.rootConfig,
    rootLogger: coreServices.rootLogger,
    rootLifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, rootLogger, rootLifecycle }) {
    const logger = rootLogger.child({ plugin: 'ai-governance' });
    const { sandbox } = readOrganizationsConfig(config);
    if (!sandbox.enabled) {
      return organizationsClientFactoryFromConfig({ config, logger });
    }
    const running = await startEmbeddedSandbox(sandbox, logger);
    rootLifecycle.addShutdownHook(() => running.close());
    return organizationsClientFactoryFromConfig({
      config,
      logger,
      sandboxEndpoint: running.url,
    });
  },
});
