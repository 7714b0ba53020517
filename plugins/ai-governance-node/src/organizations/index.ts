export {
  createOrganizationsClient,
  failedOrganizationsOperation,
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
  DEFAULT_RETRY_OPTIONS,
  decideRetry,
  fullJitterBackoff,
  resolveRetryOptions,
  retryReason,
  type OrganizationsRetryOptions,
  type ResolvedRetryOptions,
  type RetryDecision,
  type RetryReason,
} from './retry';
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
export {
  crawlOrganization,
  crawlLowerBound,
  orgShapeOf,
  refreshNodes,
  PAGE_SIZE,
  type CrawlOptions,
  type CrawlResult,
  type CrawlStats,
  type OrgShape,
  type TouchedNodes,
  type RefreshResult,
} from './crawler';
export {
  inventoryServiceRef,
  INVENTORY_WRITES_TOPIC,
  parseTouchedNodes,
  type InventoryService,
  type InventorySource,
} from './inventoryService';
export {
  organizationsClientFactoryServiceRef,
  organizationsClientFactoryFromConfig,
  type OrganizationsClientFactory,
} from './organizationsClientFactory';
