/**
 * Reads and checks `aiGovernance.organizations` (endpoint, region, account, retries, rate limit, sandbox keys), and
 * builds the Organizations client that configuration describes.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { createOrganizationsClient, ORGANIZATIONS_REGION } from './client';
import type { ConcurrentModificationRetryOptions } from './concurrentModification';
import type { OrganizationsRateLimitOptions } from './rateLimiter';
import type { OrganizationsRetryOptions } from './retry';
import { ID_PATTERNS } from '@internal/plugin-ai-governance-common';

/** `aiGovernance.organizations`, read and checked. @public */
export interface OrganizationsConfig {
  /** Set when the product talks to an endpoint other than AWS (the sandbox). */
  endpoint?: string;
  region: string;
  /** Management account or delegated administrator whose credentials come from the `aws` block. */
  accountId?: string;
  /** Retries of throttled, transient and ConcurrentModificationException failures (`retry.*`). */
  retry: OrganizationsRetryOptions;
  rateLimit: OrganizationsRateLimitOptions;
  concurrentModificationRetry: ConcurrentModificationRetryOptions;
  sandbox: {
    enabled: boolean;
    /** `demo`, `empty`, or a path to an org model file. */
    seed: string;
    /** Loopback port; 0 picks a free one. */
    port: number;
    /** Keep the sandbox's state in this JSON file across restarts. */
    persistFile?: string;
    /** Requests per second the embedded sandbox enforces; unset = no limit. */
    requestsPerSecond?: number;
  };
}

const CONFIG_KEY = 'aiGovernance.organizations';

function optionalPositive(config: Config | undefined, key: string) {
  const value = config?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
    throw new InputError(
      `${CONFIG_KEY}.${key} must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** Reads `aiGovernance.organizations`, with defaults; throws InputError with the key to fix on bad values. @public */
export function readOrganizationsConfig(config: Config): OrganizationsConfig {
  const org = config.getOptionalConfig(CONFIG_KEY);
  const accountId = org?.getOptionalString('accountId');
  if (accountId !== undefined && !ID_PATTERNS.account.test(accountId)) {
    throw new InputError(
      `${CONFIG_KEY}.accountId must be a 12-digit AWS account id (the management account or delegated administrator), got "${accountId}"`,
    );
  }
  const endpoint = org?.getOptionalString('endpoint');
  if (endpoint !== undefined) {
    try {
      // eslint-disable-next-line no-new
      new URL(endpoint);
    } catch {
      throw new InputError(
        `${CONFIG_KEY}.endpoint must be a URL such as http://127.0.0.1:4566, got "${endpoint}"`,
      );
    }
  }
  // `maxAttempts` and `retryBaseDelayMs` are the older names of `retry.maxAttempts` and `retry.baseDelayMs`.
  const maxAttempts =
    optionalPositive(org, 'retry.maxAttempts') ??
    optionalPositive(org, 'maxAttempts');
  const budgetMs = org?.getOptionalNumber('retry.budgetMs');
  if (budgetMs !== undefined && !(budgetMs >= 0)) {
    throw new InputError(
      `${CONFIG_KEY}.retry.budgetMs must be a number of milliseconds of at least 0, got ${budgetMs}`,
    );
  }
  const sandbox = org?.getOptionalConfig('sandbox');
  const port = sandbox?.getOptionalNumber('port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(
      `${CONFIG_KEY}.sandbox.port must be a port number (0 picks a free one), got ${port}`,
    );
  }
  return {
    endpoint,
    region: org?.getOptionalString('region') ?? ORGANIZATIONS_REGION,
    accountId,
    retry: {
      maxAttempts:
        maxAttempts === undefined ? undefined : Math.floor(maxAttempts),
      baseDelayMs:
        optionalPositive(org, 'retry.baseDelayMs') ??
        optionalPositive(org, 'retryBaseDelayMs'),
      maxDelayMs: optionalPositive(org, 'retry.maxDelayMs'),
      budgetMs,
    },
    rateLimit: {
      requestsPerSecond: optionalPositive(org, 'rateLimit.requestsPerSecond'),
      burst: optionalPositive(org, 'rateLimit.burst'),
      maxConcurrency: optionalPositive(org, 'rateLimit.maxConcurrency'),
    },
    concurrentModificationRetry: {
      maxAttempts: optionalPositive(
        org,
        'concurrentModificationRetry.maxAttempts',
      ),
      baseDelayMs: optionalPositive(
        org,
        'concurrentModificationRetry.baseDelayMs',
      ),
      maxDelayMs: optionalPositive(
        org,
        'concurrentModificationRetry.maxDelayMs',
      ),
    },
    sandbox: {
      enabled: sandbox?.getOptionalBoolean('enabled') ?? false,
      seed: sandbox?.getOptionalString('seed') ?? 'demo',
      port,
      persistFile: sandbox?.getOptionalString('persistFile'),
      requestsPerSecond: optionalPositive(sandbox, 'requestsPerSecond'),
    },
  };
}

/**
 * The product's Organizations client as configured: the sandbox endpoint when one is given (in `overrides` by a
 * backend that started a sandbox, see organizationsClientFactory.ts, or in `aiGovernance.organizations.endpoint`),
 * otherwise AWS with credentials from the standard `aws` block through DefaultAwsCredentialsManager: those of
 * `aiGovernance.organizations.accountId` (management account or delegated administrator, usually by role assumption
 * through `aws.accounts[].roleName`), or the main account's when no account id is set.
 * @public
 */
export async function organizationsClientFromConfig(
  config: Config,
  logger: LoggerService,
  overrides: { endpoint?: string } = {},
): Promise<OrganizationsClient> {
  const org = readOrganizationsConfig(config);
  const endpoint = overrides.endpoint ?? org.endpoint;
  const common = {
    region: org.region,
    retry: org.retry,
    rateLimit: org.rateLimit,
    concurrentModificationRetry: org.concurrentModificationRetry,
    logger,
  };
  if (endpoint) {
    logger.info(`AWS Organizations calls go to ${endpoint}`);
    return createOrganizationsClient({
      ...common,
      endpoint,
      organizationKey: `${endpoint}|${org.region}`,
    });
  }
  const manager = DefaultAwsCredentialsManager.fromConfig(config);
  const provider = await manager.getCredentialProvider(
    org.accountId ? { accountId: org.accountId } : undefined,
  );
  const accountId = org.accountId ?? provider.accountId;
  logger.info(
    `AWS Organizations calls go to AWS in ${org.region}${
      accountId ? ` as account ${accountId}` : ''
    }${provider.roleArn ? ` through role ${provider.roleArn}` : ''}`,
  );
  return createOrganizationsClient({
    ...common,
    credentials: provider.sdkCredentialProvider,
    organizationKey: `aws|${org.region}|${accountId ?? 'default'}`,
  });
}
