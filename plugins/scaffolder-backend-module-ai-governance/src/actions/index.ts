import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AccountVendedListener,
  createAccountCreateAction,
} from './accountCreate';
import { lazyVendor } from './vendor';

export { createAccountCreateAction } from './accountCreate';
export type {
  AccountCreateActionOptions,
  AccountVendedListener,
} from './accountCreate';
export { awsTargetFromConfig, lazyVendor } from './vendor';

/** What the module hands every AI Governance action. @public */
export interface AiGovernanceActionDeps {
  config: Config;
  logger: LoggerService;
  permissions: PermissionsService;
  /** The Organizations endpoint when only known at run time (the backend's embedded sandbox). */
  getEndpoint?: () => Promise<string | undefined>;
  /** Told about each vended account (the inventory refresh). */
  onAccountVended?: AccountVendedListener;
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
      onAccountVended: deps.onAccountVended,
    }),
  ];
}
