/**
 * The product's AWS Organizations client: the real SDK client with the organization's shared rate limiter and the
 * product's bounded retry loop on every call.
 */
import {
  OrganizationsClient,
  type OrganizationsClientConfig,
} from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isThrottlingError } from '@smithy/core/retry';
import type {
  FinalizeRequestHandlerOptions,
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  InitializeMiddleware,
  Pluggable,
  RelativeMiddlewareOptions,
} from '@smithy/types';
import { recordCall } from './callStats';
import type { ConcurrentModificationRetryOptions } from './concurrentModification';
import {
  OrganizationsRateLimiter,
  type OrganizationsRateLimitOptions,
} from './rateLimiter';
import {
  decideRetry,
  type OrganizationsRetryOptions,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  sleep,
} from './retry';

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
  /**
   * Retries of throttled, transient and ConcurrentModificationException failures: capped exponential backoff with
   * full jitter inside a time budget per call (see retry.ts). Defaults: 10 attempts, 200 ms, 20 s, 120 s.
   */
  retry?: OrganizationsRetryOptions;
  /** Same as `retry.maxAttempts` (older name). */
  maxAttempts?: number;
  /** Same as `retry.baseDelayMs` (older name). */
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
  /** Overrides of the retry options for ConcurrentModificationException alone. */
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

function operationName(context: HandlerExecutionContext): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

const failedOperations = new WeakMap<object, string>();

/**
 * The Organizations operation (e.g. `ListAccountsForParent`) whose failure `error` is, when it came from a client
 * made by `createOrganizationsClient`.
 * @public
 */
export function failedOrganizationsOperation(
  error: unknown,
): string | undefined {
  return error && typeof error === 'object'
    ? failedOperations.get(error)
    : undefined;
}

function abortSignalOf(context: HandlerExecutionContext) {
  return (context as any).__smithy_context?.abortSignal as
    | AbortSignal
    | undefined;
}

/**
 * The middleware every call of the product passes:
 * - outermost (initialize step), the retry loop: throttled, transient and ConcurrentModificationException failures
 *   are sent again after a full-jitter backoff, within the attempts and time budget of `retry` (the SDK's own retry
 *   strategy is set to one attempt, so every retry is this loop's, counted and bounded in one place);
 * - before signing, the organization's rate limiter, so every HTTP request, retries included, takes a token and a
 *   concurrency slot.
 */
function governancePlugin(
  limiter: OrganizationsRateLimiter,
  retry: ResolvedRetryOptions,
  cmOptions: ConcurrentModificationRetryOptions,
  logger?: LoggerService,
): Pluggable<any, any> {
  const cmRetry: ResolvedRetryOptions = {
    ...retry,
    maxAttempts: Math.max(1, cmOptions.maxAttempts ?? retry.maxAttempts),
    baseDelayMs: cmOptions.baseDelayMs ?? retry.baseDelayMs,
    maxDelayMs: cmOptions.maxDelayMs ?? retry.maxDelayMs,
  };

  const retryLoop: InitializeMiddleware<any, any> =
    (next, context) => async args => {
      const op = operationName(context);
      const signal = abortSignalOf(context);
      const started = performance.now();
      recordCall(s => {
        s.operations += 1;
      });
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(args);
        } catch (error) {
          const cm =
            (error as { name?: string })?.name ===
            'ConcurrentModificationException';
          if (cm) {
            recordCall(s => {
              s.concurrentModifications += 1;
            });
          }
          const decision = decideRetry(
            error,
            attempt,
            performance.now() - started,
            cm ? cmRetry : retry,
          );
          if (!decision.retry) {
            if (error && typeof error === 'object') {
              failedOperations.set(error, op);
            }
            if (decision.reason) {
              recordCall(s => {
                s.exhausted += 1;
              });
              const e = error as Error;
              e.message = `${e.message} (Organizations ${op}: ${decision.why})`;
              logger?.warn(`Organizations ${op}: ${e.name}, ${decision.why}`);
            }
            throw error;
          }
          logger?.debug(
            `Organizations ${op}: ${
              (error as Error).name
            }, retry ${attempt} of ${
              (cm ? cmRetry : retry).maxAttempts - 1
            } in ${decision.delayMs} ms`,
          );
          if (cm) cmOptions.onRetry?.(attempt, decision.delayMs, error);
          recordCall(s => {
            s.retries += 1;
            s.retriesByReason[decision.reason] =
              (s.retriesByReason[decision.reason] ?? 0) + 1;
          });
          await sleep(decision.delayMs, signal);
        }
      }
    };

  const rateLimit: FinalizeRequestMiddleware<any, any> =
    (next, context) => async args => {
      const op = operationName(context);
      return limiter.run(async () => {
        recordCall(s => {
          s.calls += 1;
          s.byOperation[op] = (s.byOperation[op] ?? 0) + 1;
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
      stack.add(retryLoop, {
        step: 'initialize',
        priority: 'high',
        name: 'aiGovernanceRetryMiddleware',
        override: true,
      });
      stack.addRelativeTo(rateLimit as any, rateLimitOptions);
    },
  };
}

/**
 * An AWS Organizations client for the product: the real AWS SDK client, with the organization's shared rate
 * limiter and concurrency cap on every request, and bounded retries (full-jitter exponential backoff inside a time
 * budget) of throttled, transient and ConcurrentModificationException failures.
 * @public
 */
export function createOrganizationsClient(
  options: CreateOrganizationsClientOptions = {},
): OrganizationsClient {
  const region = options.region ?? ORGANIZATIONS_REGION;
  const retry = resolveRetryOptions({
    maxAttempts: options.retry?.maxAttempts ?? options.maxAttempts,
    baseDelayMs: options.retry?.baseDelayMs ?? options.retryBaseDelayMs,
    maxDelayMs: options.retry?.maxDelayMs,
    budgetMs: options.retry?.budgetMs,
  });
  const key =
    options.organizationKey ?? `${options.endpoint ?? 'aws'}|${region}`;
  const limiter =
    options.rateLimiter ??
    OrganizationsRateLimiter.forOrganization(key, options.rateLimit);

  const config: OrganizationsClientConfig = {
    region,
    // The product's retry loop (governancePlugin) does every retry.
    maxAttempts: 1,
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
      retry,
      options.concurrentModificationRetry ?? {},
      options.logger,
    ),
  );
  limiters.set(client, limiter);
  return client;
}
