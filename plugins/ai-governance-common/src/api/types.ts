/**
 * Wire types of the AI Governance backend's HTTP API under `/api/ai-governance` (see the backend's openapi.yaml).
 * Shared by the backend routes, the frontend client and the CLI.
 */
import type {
  OrgInfo,
  OrgNode,
  OrgPolicy,
  PolicyType,
} from '../orgModel/types';

/** A policy without its content, as listed in the tree. @public */
export type PolicySummary = Omit<OrgPolicy, 'content'> & {
  /** Number of nodes the policy is attached to. */
  targetCount: number;
  /** Size of the document as AWS counts it (characters, whitespace outside strings excluded). */
  size: number;
};

/** A node as `GET /tree` lists it: the node, and its directly attached policy ids grouped by policy type. @public */
export interface TreeNode extends OrgNode {
  /** Always set by the backend; optional so that an OrgNode list is a valid tree in fixtures. */
  policyIdsByType?: Partial<Record<PolicyType, string[]>>;
}

/** `GET /tree` @public */
export interface TreeResponse {
  organization: OrgInfo;
  /** Every root, OU and account, parents before children. */
  nodes: TreeNode[];
  policies: PolicySummary[];
  /** ISO 8601 time of the snapshot served. */
  snapshotTime: string;
  /**
   * False when the crawl that took the snapshot was interrupted (the organization kept changing under it) and the
   * snapshot leaves out what it could not place; `GET /status` says what. Absent means true.
   */
  complete?: boolean;
}

/** One level of inheritance: the node and what is attached directly to it. @public */
export interface InheritedLevel {
  node: Pick<OrgNode, 'id' | 'kind' | 'name'>;
  policies: PolicySummary[];
}

/** `GET /nodes/{id}` @public */
export interface NodeResponse {
  node: OrgNode;
  /** From the root down to the node itself (inclusive). */
  path: Array<Pick<OrgNode, 'id' | 'kind' | 'name'>>;
  attached: PolicySummary[];
  /** Root first; the last level is the node itself. */
  inherited: InheritedLevel[];
  snapshotTime: string;
}

/** `GET /policies/{id}` @public */
export interface PolicyResponse {
  policy: OrgPolicy;
  targets: Array<Pick<OrgNode, 'id' | 'kind' | 'name'>>;
  snapshotTime: string;
}

/** What started a crawl or refresh. @public */
export type CrawlTrigger = 'schedule' | 'manual' | 'startup' | 'write';

/** Retries of Organizations calls by why they were needed. @public */
export type RetriesByReason = Partial<
  Record<'throttling' | 'concurrentModification' | 'transient', number>
>;

/** A crawl or refresh that failed: nothing was stored, and the previous snapshot is still served. @public */
export interface CrawlFailure {
  /** ISO time it failed. */
  failedAt: string;
  startedAt: string;
  trigger: CrawlTrigger;
  /** The Organizations operation that failed (e.g. ListAccountsForParent), when an Organizations call failed. */
  operation?: string;
  /** The error: its name and message. */
  error: string;
  durationMs: number;
  /** Calls, throttles and retries it made before it failed. */
  calls: number;
  throttles: number;
  retries: number;
}

/** `GET /status` @public */
export interface StatusResponse {
  /** ISO time of the snapshot served, or null when none was taken yet. */
  snapshotTime: string | null;
  snapshotAgeSeconds: number | null;
  /** Whether the snapshot served is complete (see TreeResponse.complete); null without a snapshot. */
  snapshotComplete?: boolean | null;
  refreshing: boolean;
  /** The last crawl or refresh that succeeded: the one that produced the snapshot served. */
  lastCrawl?: {
    startedAt: string;
    durationMs: number;
    calls: number;
    lowerBound: number;
    throttles: number;
    retries: number;
    retriesByReason?: RetriesByReason;
    /** What changed during the crawl and was reconciled, or left out when the snapshot is incomplete. */
    errors: string[];
    trigger: CrawlTrigger;
    /** False when the crawl was interrupted and its snapshot is incomplete. Absent means true. */
    complete?: boolean;
  };
  /** The last crawl or refresh that failed, if any since the backend started; newer than lastCrawl when it failed last. */
  lastFailure?: CrawlFailure;
  source: { kind: 'sandbox' | 'aws'; endpoint?: string };
}

/** Counts per policy type, handy for slots-used chips. @public */
export type PolicyCounts = Partial<Record<PolicyType, number>>;
