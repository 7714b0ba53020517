/** The crawler and the touched-node refresh: planning (`plan`), fetching (`fetch`) and assembling (`assemble`). */
export { PAGE_SIZE, crawlLowerBound, orgShapeOf, type OrgShape } from './plan';
export { crawlOrganization } from './crawl';
export { refreshNodes } from './refresh';
export type {
  CrawlOptions,
  CrawlResult,
  CrawlStats,
  RefreshResult,
  TouchedNodes,
} from './types';
