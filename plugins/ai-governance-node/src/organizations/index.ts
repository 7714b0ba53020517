export {
  createOrganizationsClient,
  getOrganizationsRateLimiter,
  ORGANIZATIONS_REGION,
  type CreateOrganizationsClientOptions,
} from './client';
export {
  OrganizationsRateLimiter,
  type OrganizationsRateLimitOptions,
} from './rateLimiter';
export {
  withConcurrentModificationRetry,
  isConcurrentModificationError,
  concurrentModificationBackoff,
  type ConcurrentModificationRetryOptions,
} from './concurrentModification';
export {
  withCallStats,
  emptyCallStats,
  type OrganizationsCallStats,
} from './callStats';
export {
  organizationsClientFromConfig,
  readOrganizationsConfig,
  type OrganizationsConfig,
} from './config';
