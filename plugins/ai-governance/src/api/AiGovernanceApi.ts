/* The AI Governance API as the dashboard sees it: every backend call, and its API reference. */
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AccountRequestListResponse,
  AccountRequestRecord,
  AccountRequestState,
  BaselineDrift,
  BaselinePostureResponse,
  BaselineWhatIfResponse,
  CreateAccountRequestBody,
  CreateAccountRequestResponse,
  EffectivePoliciesResponse,
  LintFinding,
  NodeResponse,
  PolicyResponse,
  PostureReport,
  PolicyType,
  SimulationRequest,
  SimulationResult,
  StatusResponse,
  TreeResponse,
  WhatIfChangeSet,
  WhatIfPreview,
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
 * Which account requests `GET /account-requests` returns.
 * @public
 */
export interface AccountRequestQuery {
  /** Only requests in this state. */
  state?: AccountRequestState;
  /** Only the signed-in user's own requests. */
  mine?: boolean;
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
  /** `GET /nodes/:id/effective-policies`: an account's effective management policies, each value with its source. */
  getEffectivePolicies(accountId: string): Promise<EffectivePoliciesResponse>;
  /** `GET /posture`: the AI posture findings of the whole snapshot (computed once per snapshot by the backend). */
  getPosture(): Promise<PostureReport & { snapshotTime: string }>;
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
  /** `POST /what-if`: what a proposed change would do to every account's access; nothing is changed. */
  whatIf(changeSet: WhatIfChangeSet): Promise<WhatIfPreview>;
  /** `GET /actions?prefix=`: IAM actions starting with a prefix, for suggestions. */
  listActions(prefix: string): Promise<IamActionSuggestion[]>;
  /** `GET /drift`: where the live organization differs from the governance baseline. */
  getDrift(): Promise<BaselineDrift>;
  /** `GET /drift/what-if`: what applying the governance baseline would do to every account's access. */
  getBaselineWhatIf(): Promise<BaselineWhatIfResponse>;
  /** `GET /drift/posture`: the AI posture findings the organization would have once the baseline is applied. */
  getBaselinePosture(): Promise<BaselinePostureResponse>;
  /** `POST /account-requests`: submit an account request (or get back the identical one already submitted). */
  createAccountRequest(
    body: CreateAccountRequestBody,
  ): Promise<CreateAccountRequestResponse>;
  /** `GET /account-requests?state=&mine=true`: the requests the user may see. */
  listAccountRequests(
    query?: AccountRequestQuery,
  ): Promise<AccountRequestListResponse>;
  /** `GET /account-requests/:id`: one request with its history. */
  getAccountRequest(id: string): Promise<AccountRequestRecord>;
  /** `POST /account-requests/:id/approve`: approve as a governance admin (never one's own request). */
  approveAccountRequest(
    id: string,
    comment?: string,
  ): Promise<AccountRequestRecord>;
  /** `POST /account-requests/:id/reject`: reject with a comment saying why. */
  rejectAccountRequest(
    id: string,
    comment: string,
  ): Promise<AccountRequestRecord>;
  /** `POST /account-requests/:id/cancel`: withdraw a request that has not started provisioning. */
  cancelAccountRequest(
    id: string,
    comment?: string,
  ): Promise<AccountRequestRecord>;
}

/**
 * The API reference of the AI Governance client.
 * @public
 */
export const aiGovernanceApiRef = createApiRef<AiGovernanceApi>({
  id: 'plugin.ai-governance.service',
});
