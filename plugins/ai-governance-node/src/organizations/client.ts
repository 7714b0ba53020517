import {
  OrganizationsClient,
  type OrganizationsClientConfig,
} from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfiguredRetryStrategy, isThrottlingError } from '@smithy/core/retry';
import type {
  FinalizeRequestHandlerOptions,
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  InitializeMiddleware,
  Pluggable,
  RelativeMiddlewareOptions,
} from '@smithy/types';
import { recordCall } from './callStats';
import {
  type ConcurrentModificationRetryOptions,
  concurrentModificationBackoff,
  isConcurrentModificationError,
} from './concurrentModification';
import {
  OrganizationsRateLimiter,
  type OrganizationsRateLimitOptions,
} from './rateLimiter';

/** AWS Organizations is a global service whose endpoint lives in us-east-1 (in the commercial partition). */
export const ORGANIZATIONS_REGION = 'us-east-1';

/** @public */
export interface CreateOrganizationsClientOptions {
  /** An Organizations endpoint other than AWS's, e.g. the sandbox's `http://127.0.0.1:4566`. */
  endpoint?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Default: the SDK's default chain, or fixed placeholder keys when `endpoint` is set (the sandbox ignores them). */
  credentials?: AwsCredentialIdentityProvider;
  /** Attempts per call for throttling and transient errors, the first included (the SDK's retry strategy). Default 8. */
  maxAttempts?: number;
  /** Ceiling of the first throttling/transient backoff in milliseconds; doubles per retry, at most 10 s. Default 200. */
  retryBaseDelayMs?: number;
  /** The limiter to use. Default: the one shared by every client of `organizationKey`. */
  rateLimiter?: OrganizationsRateLimiter;
  /** Options of the shared limiter when this client is the first for its organization. */
  rateLimit?: OrganizationsRateLimitOptions;
  /**
   * What identifies the organization for the shared limiter. Default: the endpoint (or `aws`), the region and the
   * credentials' account id when known, e.g. `aws|us-east-1|123456789012`.
   */
  organizationKey?: string;
  /** Bounded retries of ConcurrentModificationException. */
  concurrentModificationRetry?: ConcurrentModificationRetryOptions;
  logger?: LoggerService;
}

const limiters = new WeakMap<OrganizationsClient, OrganizationsRateLimiter>();

/** The rate limiter a client made by `createOrganizationsClient` goes through. @public */
export function getOrganizationsRateLimiter(
  client: OrganizationsClient,
): OrganizationsRateLimiter | undefined {
  return limiters.get(client);
}

/** Backoff before retry `attempt` (1-based) of a throttled or transient call: jittered exponential, at most 10 s. */
export function throttlingBackoff(attempt: number, baseDelayMs = 200): number {
  const ceiling = Math.min(10_000, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function operationName(context: HandlerExecutionContext): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

/**
 * The middleware every call of the product passes:
 * - outermost (initialize step), bounded retries of ConcurrentModificationException with backoff;
 * - inside the SDK's retry loop and before signing, the organization's rate limiter, so every HTTP request,
 *   retries included, takes a token and a concurrency slot.
 */
function governancePlugin(
  limiter: OrganizationsRateLimiter,
  cmOptions: ConcurrentModificationRetryOptions,
  logger?: LoggerService,
): Pluggable<any, any> {
  const cmMaxAttempts = Math.max(1, cmOptions.maxAttempts ?? 6);

  const cmRetry: InitializeMiddleware<any, any> =
    (next, context) => async args => {
      const op = operationName(context);
      recordCall(s => {
        s.operations += 1;
      });
      for (let attempt = 1; ; attempt++) {
        // The rate-limit middleware counts SDK retries per attempt of this loop.
        (context as any).__aigovAttempts = 0;
        try {
          return await next(args);
        } catch (error) {
          if (!isConcurrentModificationError(error)) {
            throw error;
          }
          recordCall(s => {
            s.concurrentModifications += 1;
          });
          if (attempt >= cmMaxAttempts) {
            throw error;
          }
          const delay = concurrentModificationBackoff(attempt, cmOptions);
          logger?.debug(
            `Organizations ${op}: ConcurrentModificationException, retry ${attempt} of ${
              cmMaxAttempts - 1
            } in ${delay} ms`,
          );
          cmOptions.onRetry?.(attempt, delay, error);
          recordCall(s => {
            s.retries += 1;
          });
          await new Promise(resolve => setTimeout(resolve, delay));
        }
      }
    };

  const rateLimit: FinalizeRequestMiddleware<any, any> =
    (next, context) => async args => {
      const op = operationName(context);
      const attempt = ((context as any).__aigovAttempts ?? 0) + 1;
      (context as any).__aigovAttempts = attempt;
      return limiter.run(async () => {
        recordCall(s => {
          s.calls += 1;
          s.byOperation[op] = (s.byOperation[op] ?? 0) + 1;
          if (attempt > 1) {
            s.retries += 1;
          }
        });
        try {
          return await next(args);
        } catch (error) {
          if (isThrottlingError(error as any)) {
            recordCall(s => {
              s.throttles += 1;
            });
          }
          throw error;
        }
      });
    };

  const rateLimitOptions: FinalizeRequestHandlerOptions &
    RelativeMiddlewareOptions = {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'aiGovernanceRateLimitMiddleware',
    override: true,
  } as any;

  return {
    applyToStack(stack) {
      stack.add(cmRetry, {
        step: 'initialize',
        priority: 'high',
        name: 'aiGovernanceConcurrentModificationRetryMiddleware',
        override: true,
      });
      stack.addRelativeTo(rateLimit as any, rateLimitOptions);
    },
  };
}

/**
 * An AWS Organizations client for the product: the real AWS SDK client, with the organization's shared rate
 * limiter and concurrency cap on every request, the SDK's retry strategy (jittered exponential backoff) for
 * throttling and transient errors, and bounded retries for ConcurrentModificationException.
 * @public
 */
export function createOrganizationsClient(
  options: CreateOrganizationsClientOptions = {},
): OrganizationsClient {
  const region = options.region ?? ORGANIZATIONS_REGION;
  const maxAttempts = options.maxAttempts ?? 8;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(
      `maxAttempts must be a whole number of at least 1, got ${options.maxAttempts}`,
    );
  }
  const key =
    options.organizationKey ?? `${options.endpoint ?? 'aws'}|${region}`;
  const limiter =
    options.rateLimiter ??
    OrganizationsRateLimiter.forOrganization(key, options.rateLimit);

  const config: OrganizationsClientConfig = {
    region,
    maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, attempt =>
      throttlingBackoff(attempt, options.retryBaseDelayMs),
    ),
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
  }
  if (options.credentials) {
    config.credentials = options.credentials;
  } else if (options.endpoint) {
    // A non-AWS endpoint (the sandbox) needs some keys to sign with; these are placeholders, not secrets.
    config.credentials = async () => ({
      accessKeyId: 'AKIASANDBOX',
      secretAccessKey: 'sandbox',
    });
  }
  const client = new OrganizationsClient(config);
  client.middlewareStack.use(
    governancePlugin(
      limiter,
      options.concurrentModificationRetry ?? {},
      options.logger,
    ),
  );
  limiters.set(client, limiter);
  return client;
}
