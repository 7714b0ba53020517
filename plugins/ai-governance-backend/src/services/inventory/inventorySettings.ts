/**
 * The inventory's settings: `aiGovernance.inventory.schedule` (the periodic crawl) and
 * `aiGovernance.inventory.refreshCooldown` (how often one user may ask for a refresh), read and checked.
 */
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type RootConfigService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 1 },
};

/** Default of `aiGovernance.inventory.refreshCooldown`. */
const DEFAULT_REFRESH_COOLDOWN_MS = 60_000;

/** Reads `aiGovernance.inventory.refreshCooldown` (a duration such as { seconds: 60 } or PT1M), in milliseconds. */
export function readRefreshCooldown(config: RootConfigService): number {
  const key = 'aiGovernance.inventory.refreshCooldown';
  if (!config.has(key)) return DEFAULT_REFRESH_COOLDOWN_MS;
  try {
    return durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw new InputError(
      `${key} must be a duration such as { seconds: 60 } or PT1M (0 turns the cooldown off): ${errorMessage(
        error,
      )}`,
    );
  }
}

export function errorMessage(error: unknown) {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/** Reads `aiGovernance.inventory.schedule`, or the default (every 30 minutes). */
export function readInventorySchedule(
  config: RootConfigService,
): SchedulerServiceTaskScheduleDefinition {
  const c = config.getOptionalConfig('aiGovernance.inventory.schedule');
  if (!c) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(c);
  } catch (error) {
    throw new InputError(
      `aiGovernance.inventory.schedule is not a valid schedule (e.g. frequency: { minutes: 30 }, timeout: { minutes: 30 }): ${errorMessage(
        error,
      )}`,
    );
  }
}
