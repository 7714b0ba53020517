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

/** `GET /status` @public */
export interface StatusResponse {
  /** ISO time of the snapshot served, or null when none was taken yet. */
  snapshotTime: string | null;
  snapshotAgeSeconds: number | null;
  refreshing: boolean;
  lastCrawl?: {
    startedAt: string;
    durationMs: number;
    calls: number;
    lowerBound: number;
    throttles: number;
    retries: number;
    errors: string[];
    trigger: 'schedule' | 'manual' | 'startup' | 'write';
  };
  source: { kind: 'sandbox' | 'aws'; endpoint?: string };
}

/** Counts per policy type, handy for slots-used chips. @public */
export type PolicyCounts = Partial<Record<PolicyType, number>>;
