import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ACCOUNT_ENVIRONMENTS,
  readVendingOrganizationalUnits,
  type AccountEnvironment,
} from '@internal/plugin-ai-governance-node';

/** What `aiGovernance.vending` and `aiGovernance.access` say about account requests. */
export interface AccountRequestSettings {
  /** Which environments wait for a governance admin's approval. Production always does. */
  approvalRequired: Record<AccountEnvironment, boolean>;
  /** Root email when the requester gives none: `{name}`, `{environment}` placeholders. */
  emailPattern?: string;
  /** Domains a requester-given root email may use (lower case); empty: a given email is refused. */
  allowedEmailDomains: string[];
  /** Groups of governance admins (entity refs): notified when a request waits. */
  adminGroups: string[];
  /**
   * Where each environment's accounts land (an OU id or a path of OU names), read as the vendor reads it: served
   * as each record's `targetOrganizationalUnit`.
   */
  organizationalUnits: Record<AccountEnvironment, string>;
  provisioning: {
    /** A claim lasts this long without a heartbeat; then another backend resumes the request. */
    leaseMs: number;
    /** How often an idle worker looks for approved requests. */
    pollIntervalMs: number;
    /** Provisioning runs (first claim and resumptions) before the request is failed as interrupted. */
    maxAttempts: number;
  };
}

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/;

/** Reads the settings; throws an InputError saying which key to fix. */
export function readAccountRequestSettings(
  config: Config,
): AccountRequestSettings {
  const vending = config.getOptionalConfig('aiGovernance.vending');
  const domains = (vending?.getOptionalStringArray('allowedEmailDomains') ?? [])
    .map(d => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  for (const domain of domains) {
    if (!DOMAIN.test(domain)) {
      throw new InputError(
        `aiGovernance.vending.allowedEmailDomains: "${domain}" is not a domain name; write it like example.com (no @, no wildcard).`,
      );
    }
  }
  const provisioning = vending?.getOptionalConfig('provisioning');
  const positive = (key: string, fallback: number) => {
    const value = provisioning?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new InputError(
        `aiGovernance.vending.provisioning.${key} must be a positive number.`,
      );
    }
    return value;
  };
  const approvals = vending?.getOptionalConfig('approvals');
  const approvalRequired = Object.fromEntries(
    ACCOUNT_ENVIRONMENTS.map(env => [
      env,
      env === 'production' ? true : approvals?.getOptionalBoolean(env) ?? false,
    ]),
  ) as Record<AccountEnvironment, boolean>;
  if (approvals?.getOptionalBoolean('production') === false) {
    throw new InputError(
      'aiGovernance.vending.approvals.production cannot be false: production requests always wait for a governance admin. Remove the key.',
    );
  }
  return {
    approvalRequired,
    emailPattern: vending?.getOptionalString('emailPattern'),
    allowedEmailDomains: domains,
    adminGroups: (
      config.getOptionalStringArray('aiGovernance.access.admins') ?? []
    ).map(groupRef),
    organizationalUnits: readVendingOrganizationalUnits(config),
    provisioning: {
      leaseMs: positive('leaseSeconds', 60) * 1000,
      pollIntervalMs: positive('pollIntervalSeconds', 2) * 1000,
      maxAttempts: Math.floor(positive('maxAttempts', 3)),
    },
  };
}

/** `ai-governance-admins` and `group:ai-governance-admins` mean `group:default/ai-governance-admins`. */
function groupRef(ref: string): string {
  const trimmed = ref.trim();
  const withKind = trimmed.includes(':') ? trimmed : `group:${trimmed}`;
  const [kind, rest] = [
    withKind.slice(0, withKind.indexOf(':')),
    withKind.slice(withKind.indexOf(':') + 1),
  ];
  return `${kind.toLowerCase()}:${
    rest.includes('/') ? rest : `default/${rest}`
  }`;
}
