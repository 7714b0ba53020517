/** The options and results of a crawl and of a touched-node refresh. */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import type { OrganizationsCallStats } from '../callStats';

/** @public */
export interface CrawlOptions {
  /** Calls the crawler keeps going at once. Default: the client's limiter's concurrency cap (or 4). */
  concurrency?: number;
  /** Full crawls to attempt when the organization changes under the crawl (a node vanishes or shows up twice). Default 3. */
  maxPasses?: number;
  signal?: AbortSignal;
  logger?: LoggerService;
}

/** @public */
export interface CrawlStats {
  /** HTTP requests sent, retries included. */
  calls: number;
  /** Operations asked for (retries excluded). */
  operations: number;
  /** The fewest calls an organization of this shape needs (`crawlLowerBound`). */
  lowerBound: number;
  throttles: number;
  retries: number;
  /** Those retries by why they were needed (throttling, concurrentModification, transient). */
  retriesByReason: OrganizationsCallStats['retriesByReason'];
  durationMs: number;
  /** Full passes made (more than 1 when the organization changed during the crawl). */
  passes: number;
  byOperation: Record<string, number>;
  /** What changed during the crawl and was left out or reconciled. */
  warnings: string[];
}

/** @public */
export interface CrawlResult {
  snapshot: OrgSnapshot;
  stats: CrawlStats;
  /**
   * False when the crawl was interrupted by changes to the organization it could not reconcile within `maxPasses`:
   * the snapshot leaves out what it could not place (`stats.warnings` says what).
   */
  complete: boolean;
}

/** What the product changed: the nodes and policies to read again. @public */
export interface TouchedNodes {
  accountIds?: string[];
  ouIds?: string[];
  policyIds?: string[];
  /** Read the roots again (enabled policy types). */
  roots?: boolean;
}

/** @public */
export interface RefreshResult {
  snapshot: OrgSnapshot;
  stats: CrawlStats;
  /** Ids no longer in the organization, removed from the snapshot. */
  removed: string[];
}
