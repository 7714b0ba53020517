import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { InventoryService } from '@internal/plugin-ai-governance-node';
import { createAccountCreateAction } from './accountCreate';
import { lazyVendor } from './vendor';
import { createBaselineApplyActionFromDeps } from './baselineApply';

export { createAccountCreateAction } from './accountCreate';
export type {
  AccountCreateActionOptions,
  AccountVendedListener,
} from './accountCreate';
export { awsTargetFromConfig, lazyVendor } from './vendor';
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
      getVendor: lazyVendor(deps),
      permissions: deps.permissions,
      appBaseUrl: deps.config.getString('app.baseUrl'),
      onAccountVended: deps.inventory
        ? async result => {
            await deps.inventory!.notifyWrites({
              accountIds: [result.accountId],
              ouIds: [result.organizationalUnitId],
            });
          }
        : undefined,
    }),
    createBaselineApplyActionFromDeps(deps),
  ];
}
