import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AccountRequestListResponse,
  AccountRequestRecord,
  BaselineDrift,
  CreateAccountRequestBody,
  CreateAccountRequestResponse,
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
import type {
  AccountRequestQuery,
  AiGovernanceApi,
  IamActionSuggestion,
} from './AiGovernanceApi';

/**
 * Talks to the AI Governance backend through Backstage's discovery and fetch APIs, so the user's token is attached.
 * @public
 */
export class AiGovernanceClient implements AiGovernanceApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getTree(): Promise<TreeResponse> {
    return this.request('/tree');
  }

  getNode(id: string): Promise<NodeResponse> {
    return this.request(`/nodes/${encodeURIComponent(id)}`);
  }

  getPolicy(id: string): Promise<PolicyResponse> {
    return this.request(`/policies/${encodeURIComponent(id)}`);
  }

  getStatus(): Promise<StatusResponse> {
    return this.request('/status');
  }

  async refresh(): Promise<void> {
    await this.request('/refresh', { method: 'POST', body: {} });
  }

  lint(
    content: string,
    type: PolicyType,
    name?: string,
  ): Promise<{ findings: LintFinding[] }> {
    return this.request('/lint', {
      method: 'POST',
      body: { content, type, ...(name ? { name } : {}) },
    });
  }

  simulate(request: SimulationRequest): Promise<SimulationResult> {
    return this.request('/simulate', { method: 'POST', body: request });
  }

  whoCan(request: Omit<SimulationRequest, 'target'>): Promise<WhoCanResult> {
    return this.request('/who-can', { method: 'POST', body: request });
  }

  async listActions(prefix: string): Promise<IamActionSuggestion[]> {
    const res = await this.request<
      | { actions: Array<IamActionSuggestion | string> }
      | Array<IamActionSuggestion | string>
    >(`/actions?prefix=${encodeURIComponent(prefix)}`);
    const list = Array.isArray(res) ? res : res.actions ?? [];
    return list.map(a => (typeof a === 'string' ? { action: a } : a));
  }

  getDrift(): Promise<BaselineDrift> {
    return this.request('/drift');
  }

  createAccountRequest(
    body: CreateAccountRequestBody,
  ): Promise<CreateAccountRequestResponse> {
    return this.request('/account-requests', { method: 'POST', body });
  }

  listAccountRequests(
    query: AccountRequestQuery = {},
  ): Promise<AccountRequestListResponse> {
    const params = new URLSearchParams();
    if (query.state) params.set('state', query.state);
    if (query.mine) params.set('mine', 'true');
    const qs = params.toString();
    return this.request(`/account-requests${qs ? `?${qs}` : ''}`);
  }

  async getAccountRequest(id: string): Promise<AccountRequestRecord> {
    return unwrapRecord(
      await this.request(`/account-requests/${encodeURIComponent(id)}`),
    );
  }

  approveAccountRequest(
    id: string,
    comment?: string,
  ): Promise<AccountRequestRecord> {
    return this.decide(id, 'approve', comment);
  }

  rejectAccountRequest(
    id: string,
    comment: string,
  ): Promise<AccountRequestRecord> {
    return this.decide(id, 'reject', comment);
  }

  cancelAccountRequest(
    id: string,
    comment?: string,
  ): Promise<AccountRequestRecord> {
    return this.decide(id, 'cancel', comment);
  }

  private async decide(
    id: string,
    verb: 'approve' | 'reject' | 'cancel',
    comment?: string,
  ): Promise<AccountRequestRecord> {
    const trimmed = comment?.trim();
    return unwrapRecord(
      await this.request(
        `/account-requests/${encodeURIComponent(id)}/${verb}`,
        { method: 'POST', body: trimmed ? { comment: trimmed } : {} },
      ),
    );
  }

  private async request<T>(
    path: string,
    init?: { method: 'POST'; body: unknown },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ai-governance');
    const res = await this.fetchApi.fetch(
      `${baseUrl}${path}`,
      init
        ? {
            method: init.method,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(init.body),
          }
        : undefined,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    if (res.status === 204) {
      return undefined as T;
    }
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** The routes answer either the record itself or `{ request: record }`; callers always get the record. */
function unwrapRecord(body: unknown): AccountRequestRecord {
  const b = body as {
    request?: AccountRequestRecord;
  } & Partial<AccountRequestRecord>;
  if (b && typeof b === 'object' && !b.id && b.request) return b.request;
  return b as AccountRequestRecord;
}
