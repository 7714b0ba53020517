import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** AI Governance: AWS Organizations governance in Backstage. */
  aiGovernance?: {
    /** How the product reaches the AWS organization. Credentials come from the standard `aws` block. */
    organizations?: {
      /**
       * The management account, or the delegated administrator account for AWS Organizations, whose credentials
       * (from `aws.accounts`, usually a role to assume) the product uses. 12 digits. Unset: the `aws.mainAccount`
       * credentials (or the default credential chain).
       */
      accountId?: string;
      /** Region of the Organizations endpoint. Default us-east-1 (the commercial partition's). */
      region?: string;
      /** An Organizations endpoint other than AWS's, e.g. an organizations sandbox at http://127.0.0.1:4566. */
      endpoint?: string;
      /**
       * Retries of throttled (TooManyRequestsException, ThrottlingException), transient (HTTP 5xx, reset connections)
       * and ConcurrentModificationException failures, for every Organizations call (crawls, account vending, the
       * baseline): capped exponential backoff with full jitter, within a time budget per call.
       */
      retry?: {
        /** Attempts per call, the first included. Default 10. */
        maxAttempts?: number;
        /** Ceiling of the first backoff in ms; doubles per retry. Default 200. */
        baseDelayMs?: number;
        /** Largest backoff in ms. Default 20000. */
        maxDelayMs?: number;
        /** Time one call may take with its retries and backoffs, in ms; no retry starts past it. Default 120000. */
        budgetMs?: number;
      };
      /** Older name of `retry.maxAttempts`. */
      maxAttempts?: number;
      /** Older name of `retry.baseDelayMs`. */
      retryBaseDelayMs?: number;
      /** The one rate limiter every call to the organization goes through. */
      rateLimit?: {
        /** Sustained requests per second. Default 5. */
        requestsPerSecond?: number;
        /** Requests that may start back to back after an idle period. Default 1. */
        burst?: number;
        /** Calls in flight at once. Default 4. */
        maxConcurrency?: number;
      };
      /** Overrides of `retry` for ConcurrentModificationException alone (another change to the organization in progress). */
      concurrentModificationRetry?: {
        /** Attempts in total, the first included. Default: `retry.maxAttempts`. */
        maxAttempts?: number;
        /** First backoff ceiling in ms; doubles each attempt. Default: `retry.baseDelayMs`. */
        baseDelayMs?: number;
        /** Largest backoff in ms. Default: `retry.maxDelayMs`. */
        maxDelayMs?: number;
      };
      /**
       * An organizations sandbox started inside the backend on a loopback port, for the demo and local
       * development. When enabled, the product talks to it instead of AWS.
       */
      sandbox?: {
        /** Default false. */
        enabled?: boolean;
        /** `demo` (the demo organization), `empty` (management account only) or the path of an org model file. */
        seed?: string;
        /** Loopback port; 0 (default) picks a free one. */
        port?: number;
        /** Keep the sandbox's state in this JSON file across restarts. */
        persistFile?: string;
        /** Requests per second the sandbox enforces, like AWS's throttling. Unset: no limit. */
        requestsPerSecond?: number;
      };
    };
    /** Size and count limits the policy linter checks; AWS's quotas unless set. */
    policyLimits?: {
      /** Largest document per policy type (e.g. RESOURCE_CONTROL_POLICY: 5120), in characters as AWS counts them for API callers (whitespace included). */
      size?: { [policyType: string]: number };
      /** Most policies of one type attached directly to one root, OU or account. Default 10. */
      maxPoliciesPerTarget?: number;
    };
    /** The governance baseline the dashboard's drift view compares the organization with (docs/baseline.md). */
    baseline?: {
      /**
       * Path of the baseline org model file, relative to the backend's working directory. Default: the repository's
       * guardrails/baseline.yaml, found from the working directory upwards.
       */
      file?: string;
    };
    /** Account requests (docs/vending.md, "Account requests and approvals"). The other vending keys are in the scaffolder module's config. */
    vending?: {
      /**
       * Root email of an account when the request gives none: `{name}` is the slug of the account name,
       * `{environment}` its environment, e.g. `aws+{name}@example.com`.
       */
      emailPattern?: string;
      /**
       * Domains a requester-given root email may use, e.g. `[corp.example]` (exact domain, no wildcard). Whoever reads
       * the root mailbox can reset the root password, so absent or empty means a given email is refused and every
       * account gets its email from `emailPattern`.
       */
      allowedEmailDomains?: string[];
      /** Which environments wait for a governance admin's approval. */
      approvals?: {
        /** Development requests wait for approval too. Default false: they are approved at once. */
        development?: boolean;
        /** Production requests always wait; only `true` is accepted. */
        production?: boolean;
      };
      /** The backend's provisioning worker, which runs approved requests. */
      provisioning?: {
        /** How long a backend's claim on a request lasts without a heartbeat before another backend resumes it. Default 60. */
        leaseSeconds?: number;
        /** How often an idle backend looks for approved requests. Default 2. */
        pollIntervalSeconds?: number;
        /** Provisioning runs (the first and resumptions after a backend stopped) before the request fails. Default 3. */
        maxAttempts?: number;
      };
    };
    /** The organization inventory: crawls and the stored snapshot. */
    inventory?: {
      /**
       * When to crawl the organization. Default every 30 minutes, first run a minute after start. Backstage merges
       * config files key by key, so overriding `frequency: { minutes: 30 }` with `frequency: { seconds: 65 }` in a
       * later file gives 30 min 65 s: write the frequency as an ISO duration (`frequency: PT65S`) or a cron to replace it.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How long a user (or service) must wait between two refreshes it starts through POST /refresh, e.g.
       * `{ seconds: 60 }` or `PT1M`; sooner, the answer is 429 with Retry-After. Joining a crawl under way is always
       * allowed. 0 turns the cooldown off. Default 60 seconds.
       */
      refreshCooldown?: HumanDuration | string;
    };
  };
}
