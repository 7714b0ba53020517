import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BaselineDrift,
  LintFinding,
  NodeResponse,
  PolicyResponse,
  PolicyType,
  SimulationRequest,
  SimulationResult,
  StatusResponse,
  TreeResponse,
  WhoCanResult,
} from '@internal/plugin-ai-governance-common';

/**
 * One IAM action offered as a suggestion in the "Can it?" panel.
 * @public
 */
export interface IamActionSuggestion {
  /** `service:Action`, e.g. `bedrock:InvokeModel`. */
  action: string;
  /** Resource types the action applies to, when known. */
  resourceTypes?: string[];
  /** Condition keys the action supports, when known. */
  conditionKeys?: string[];
}

/**
 * What the AI Governance dashboard asks of the backend under `/api/ai-governance`.
 * @public
 */
export interface AiGovernanceApi {
  /** `GET /tree`: every root, OU and account with the policies attached. */
  getTree(): Promise<TreeResponse>;
  /** `GET /nodes/:id`: a node, its path from the root and what it inherits level by level. */
  getNode(id: string): Promise<NodeResponse>;
  /** `GET /policies/:id`: a policy document and its targets. */
  getPolicy(id: string): Promise<PolicyResponse>;
  /** `GET /status`: snapshot age and crawl state. */
  getStatus(): Promise<StatusResponse>;
  /** `POST /refresh`: ask for a fresh crawl. */
  refresh(): Promise<void>;
  /** `POST /lint`: lint a policy document of the given type. */
  /** Lints a document; `name` lets the linter recognise AWS-managed policies such as RCPFullAWSAccess. */
  lint(
    content: string,
    type: PolicyType,
    name?: string,
  ): Promise<{ findings: LintFinding[] }>;
  /** `POST /simulate`: evaluate one request against the policies above a target. */
  simulate(request: SimulationRequest): Promise<SimulationResult>;
  /** `POST /who-can`: evaluate one request for every account of the organization. */
  whoCan(request: Omit<SimulationRequest, 'target'>): Promise<WhoCanResult>;
  /** `GET /actions?prefix=`: IAM actions starting with a prefix, for suggestions. */
  listActions(prefix: string): Promise<IamActionSuggestion[]>;
  /** `GET /drift`: where the live organization differs from the governance baseline. */
  getDrift(): Promise<BaselineDrift>;
}

/**
 * The API reference of the AI Governance client.
 * @public
 */
export const aiGovernanceApiRef = createApiRef<AiGovernanceApi>({
  id: 'plugin.ai-governance.service',
});
