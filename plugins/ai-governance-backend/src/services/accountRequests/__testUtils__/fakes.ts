import type { AuditorService } from '@backstage/backend-plugin-api';
import type { CreateAccountRequestBody } from '@internal/plugin-ai-governance-common';
import type { AccountRequestSettings } from '../settings';

/** An auditor that keeps every event it was given, with how it ended. */
export function recordingAuditor() {
  const events: Array<{
    eventId: string;
    meta?: Record<string, unknown>;
    outcome?: 'success' | 'fail';
  }> = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const entry = {
        eventId: options.eventId,
        meta: options.meta as Record<string, unknown> | undefined,
        outcome: undefined as 'success' | 'fail' | undefined,
      };
      events.push(entry);
      return {
        async success(o?: { meta?: Record<string, unknown> }) {
          entry.outcome = 'success';
          entry.meta = { ...entry.meta, ...o?.meta };
        },
        async fail() {
          entry.outcome = 'fail';
        },
      };
    },
  } as AuditorService;
  return { auditor, events };
}

export const testSettings = (
  overrides: Partial<AccountRequestSettings> = {},
): AccountRequestSettings => ({
  approvalRequired: { development: false, production: true },
  emailPattern: 'aws+{name}@example.com',
  allowedEmailDomains: ['corp.example'],
  adminGroups: ['group:default/governance-admins'],
  organizationalUnits: {
    development: 'AI/Development',
    production: 'AI/Production',
  },
  provisioning: { leaseMs: 60_000, pollIntervalMs: 50, maxAttempts: 3 },
  ...overrides,
});

export function body(
  overrides: Partial<CreateAccountRequestBody> = {},
): CreateAccountRequestBody {
  return {
    name: 'Fraud Models',
    environment: 'production',
    owner: 'group:default/fraud-ml',
    costCenter: 'CC-4711',
    dataClassification: 'restricted',
    purpose: 'Serves the fraud scoring model',
    ...overrides,
  };
}

export const JANE = 'user:default/jane';
export const ADA = 'user:default/ada';
export const BOB = 'user:default/bob';
