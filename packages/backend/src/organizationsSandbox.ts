import { resolve } from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import type { OrganizationsConfig } from '@internal/plugin-ai-governance-node';

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
