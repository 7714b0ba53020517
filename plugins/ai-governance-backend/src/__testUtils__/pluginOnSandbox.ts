// Test builder: the AI Governance plugin in a test backend, its Organizations client backed by a sandbox started with
// the backend (the demo organization unless the config says otherwise), with the config and permission decision a
// test gives.
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { aiGovernancePlugin } from '../plugin';
import { sandboxOrganizationsFactory } from './sandboxOrganizations';

/** The demo organization in an embedded sandbox, crawled without the pace a real organization needs. */
export const demoSandboxConfig = {
  aiGovernance: {
    organizations: {
      sandbox: { enabled: true, seed: 'demo' },
      rateLimit: { requestsPerSecond: 10_000, burst: 100, maxConcurrency: 8 },
    },
  },
};

/**
 * Starts a test backend with the plugin on a sandbox, `config` (the demo sandbox by default), every permission
 * answered `permission` (the test backend's default when unset) and any other `features`.
 */
export function startPluginOnSandbox(
  options: {
    config?: JsonObject;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    features?: BackendFeature[];
  } = {},
) {
  return startTestBackend({
    features: [
      aiGovernancePlugin,
      sandboxOrganizationsFactory,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: options.config ?? demoSandboxConfig,
      }),
      ...(options.permission === undefined
        ? []
        : [mockServices.permissions.factory({ result: options.permission })]),
    ],
  });
}
