import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import type { AiGovernanceApi, IamActionSuggestion } from './AiGovernanceApi';

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
