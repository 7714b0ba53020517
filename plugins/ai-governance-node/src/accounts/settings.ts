import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AccountEnvironment,
  AccountVendingSettings,
  VendingEngineChoice,
} from './types';

const ENGINES: VendingEngineChoice[] = ['pulumi', 'organizations-api', 'auto'];

/**
 * Reads `aiGovernance.vending.organizationalUnits`: where each environment's accounts land, an OU id (`ou-…`) or a
 * path of OU names under the root. Defaults AI/Development and AI/Production (the demo organization's). The vendor
 * and the account requests the backend serves (their `targetOrganizationalUnit`) both read it here.
 * @public
 */
export function readVendingOrganizationalUnits(
  config: Config,
): Record<AccountEnvironment, string> {
  const ous = config.getOptionalConfig(
    'aiGovernance.vending.organizationalUnits',
  );
  return {
    development: ous?.getOptionalString('development') ?? 'AI/Development',
    production: ous?.getOptionalString('production') ?? 'AI/Production',
  };
}

/**
 * Reads `aiGovernance.vending`. Defaults: engine `auto`, OUs AI/Development and AI/Production (the demo organization's),
 * role OrganizationAccountAccessRole, billing access DENY, closeOnDeletion false, 5 creations at once, polls at
 * most every 5 s, 30 minutes timeout.
 * @public
 */
export function readVendingSettings(config: Config): AccountVendingSettings {
  const c = config.getOptionalConfig('aiGovernance.vending');
  const engine = (c?.getOptionalString('engine') ??
    'auto') as VendingEngineChoice;
  if (!ENGINES.includes(engine)) {
    throw new InputError(
      `aiGovernance.vending.engine "${engine}" is not known: use one of ${ENGINES.join(
        ', ',
      )}.`,
    );
  }
  const organizationalUnits = readVendingOrganizationalUnits(config);
  const emailPattern = c?.getOptionalString('emailPattern');
  if (
    emailPattern !== undefined &&
    !/^[^@\s]*\{name\}[^@\s]*@[^@\s]+$/.test(emailPattern)
  ) {
    throw new InputError(
      `aiGovernance.vending.emailPattern "${emailPattern}" must be an email address with a {name} placeholder before the @, such as aws+{name}@example.com.`,
    );
  }
  const billing = c?.getOptionalString('iamUserAccessToBilling') ?? 'DENY';
  if (billing !== 'ALLOW' && billing !== 'DENY') {
    throw new InputError(
      `aiGovernance.vending.iamUserAccessToBilling "${billing}" must be ALLOW or DENY.`,
    );
  }
  const maxConcurrentCreations =
    c?.getOptionalNumber('maxConcurrentCreations') ?? 5;
  if (!Number.isInteger(maxConcurrentCreations) || maxConcurrentCreations < 1) {
    throw new InputError(
      'aiGovernance.vending.maxConcurrentCreations must be a whole number of at least 1 (AWS allows 5).',
    );
  }
  if (c?.getOptionalBoolean('closeOnDeletion') === true) {
    throw new InputError(
      'aiGovernance.vending.closeOnDeletion is true: closing an AWS account is never a side effect of a stack. Remove the setting; close an account explicitly with closeAccount (an admin-only operation, docs/vending.md).',
    );
  }
  return {
    engine,
    organizationalUnits,
    emailPattern,
    roleName:
      c?.getOptionalString('roleName') ?? 'OrganizationAccountAccessRole',
    iamUserAccessToBilling: billing,
    closeOnDeletion: false,
    maxConcurrentCreations,
    pollIntervalMs: c?.getOptionalNumber('pollIntervalMs') ?? 5000,
    creationTimeoutMs:
      (c?.getOptionalNumber('creationTimeoutSeconds') ?? 1800) * 1000,
  };
}
