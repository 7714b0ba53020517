/**
 * Which guardrail pack each policy belongs to, for the `ai-governance.io/guardrail-packs` annotation: the packs'
 * policy names (pack.yaml), read once at startup from `aiGovernance.catalog.guardrailPacks` or, by default, the
 * `guardrails/packs` folder in the working directory or above.
 */
import path from 'node:path';
import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { GuardrailPack } from '@internal/plugin-ai-governance-common';
import {
  findGuardrailsDir,
  loadGuardrailPacks,
} from '@internal/plugin-ai-governance-node';

/** Policy name to pack name, over every policy of every pack. @public */
export function packPoliciesOf(
  packs: Iterable<GuardrailPack>,
): Map<string, string> {
  const byName = new Map<string, string>();
  for (const pack of packs) {
    for (const policy of pack.policies) byName.set(policy.name, pack.name);
  }
  return byName;
}

/**
 * Reads the packs. A configured folder that cannot be read fails the startup with the reason (a configuration
 * error); without configuration and without a `guardrails/packs` folder, undefined (logged): no pack annotation.
 * @public
 */
export function readPackPolicies(
  config: RootConfigService,
  logger: LoggerService,
  cwd: string = process.cwd(),
): Map<string, string> | undefined {
  const configured = config.getOptionalString(
    'aiGovernance.catalog.guardrailPacks',
  );
  if (configured) {
    const dir = path.resolve(cwd, configured);
    try {
      return packPoliciesOf(loadGuardrailPacks(dir).values());
    } catch (error) {
      throw new ForwardedError(
        `aiGovernance.catalog.guardrailPacks: could not read the guardrail packs in ${configured}; point it at a folder of packs (one folder per pack with its pack.yaml) or remove it`,
        error,
      );
    }
  }
  let dir: string;
  try {
    dir = path.join(findGuardrailsDir(cwd), 'packs');
  } catch {
    logger.info(
      'No guardrails/packs folder in the working directory or above, and aiGovernance.catalog.guardrailPacks is not set: catalog entities get no ai-governance.io/guardrail-packs annotation',
    );
    return undefined;
  }
  try {
    return packPoliciesOf(loadGuardrailPacks(dir).values());
  } catch (error) {
    throw new ForwardedError(
      `Could not read the guardrail packs found in ${path.relative(
        cwd,
        dir,
      )}; fix them or set aiGovernance.catalog.guardrailPacks`,
      error,
    );
  }
}
