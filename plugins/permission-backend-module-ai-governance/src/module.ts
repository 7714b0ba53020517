import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AiGovernancePermissionPolicy } from './policy/AiGovernancePermissionPolicy';
import { readAccessConfig } from './policy/accessConfig';

/**
 * Installs the AI Governance permission policy (roles from `aiGovernance.access`, deny by default) in the permission
 * backend, in place of `@backstage/plugin-permission-backend-module-allow-all-policy`.
 * @public
 */
export const permissionModuleAiGovernancePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ai-governance-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const access = readAccessConfig(config);
        if (access.admins.size === 0) {
          logger.warn(
            'aiGovernance.access.admins lists no group: nobody may apply the governance baseline, approve account ' +
              'requests, edit guardrails or close accounts. List the governance admin groups there.',
          );
        }
        logger.info('AI Governance permission policy installed', {
          admins: [...access.admins].join(', '),
          requesters:
            access.requesters === 'everyone'
              ? 'every signed-in user'
              : [...access.requesters].join(', '),
        });
        policy.setPolicy(
          new AiGovernancePermissionPolicy({ access, userInfo, logger }),
        );
      },
    });
  },
});
