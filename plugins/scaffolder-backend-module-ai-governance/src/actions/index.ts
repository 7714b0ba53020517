import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { InventoryService } from '@internal/plugin-ai-governance-node';
import { createAccountCreateAction } from './accountCreate';
import { createBaselineApplyActionFromDeps } from './baselineApply';

export { createAccountCreateAction } from './accountCreate';
export type { AccountCreateActionOptions } from './accountCreate';
/** Moved to the node library (the backend's provisioning worker uses them); re-exported for existing imports. */
export {
  awsTargetFromConfig,
  lazyVendor,
} from '@internal/plugin-ai-governance-node';
export {
  createBaselineApplyAction,
  createBaselineApplyActionFromDeps,
} from './baselineApply';
export type { BaselineApplyActionOptions } from './baselineApply';

/** What the module hands every AI Governance action. @public */
export interface AiGovernanceActionDeps {
  config: Config;
  logger: LoggerService;
  permissions: PermissionsService;
  /** Tokens on behalf of the task's initiator, for the ai-governance backend's account request routes. */
  auth: AuthService;
  discovery: DiscoveryService;
  /**
   * The ai-governance backend's inventory: its shared Organizations client and endpoint, and where new accounts
   * are reported so the dashboard shows them at once. Without it: a client from config, and the account shows up
   * after the next crawl.
   */
  inventory?: InventoryService;
}

/**
 * Every action of the module. Add new actions here (one line each).
 * @public
 */
export function createAiGovernanceActions(
  deps: AiGovernanceActionDeps,
): TemplateAction<any, any, any>[] {
  return [
    createAccountCreateAction({
      auth: deps.auth,
      discovery: deps.discovery,
      appBaseUrl: deps.config.getString('app.baseUrl'),
    }),
    createBaselineApplyActionFromDeps(deps),
  ];
}
