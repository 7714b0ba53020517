/* The AI Governance API over HTTP, with the signed-in user's token. */
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AccountRequestRecord } from '@internal/plugin-ai-governance-common';
import type { AiGovernanceApi, IamActionSuggestion } from './AiGovernanceApi';

/** The interface's signature of one method: the client takes its types from there and repeats none of them. */
type Method<K extends keyof AiGovernanceApi> = AiGovernanceApi[K];

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

  readonly getTree: Method<'getTree'> = () => this.request('/tree');

  readonly getNode: Method<'getNode'> = id =>
    this.request(`/nodes/${encodeURIComponent(id)}`);

  readonly getEffectivePolicies: Method<'getEffectivePolicies'> = id =>
    this.request(`/nodes/${encodeURIComponent(id)}/effective-policies`);

  readonly getPosture: Method<'getPosture'> = () => this.request('/posture');

  readonly getPolicy: Method<'getPolicy'> = id =>
    this.request(`/policies/${encodeURIComponent(id)}`);

  readonly getStatus: Method<'getStatus'> = () => this.request('/status');

  readonly refresh: Method<'refresh'> = async () => {
    await this.request('/refresh', { method: 'POST', body: {} });
  };

  readonly lint: Method<'lint'> = (content, type, name) =>
    this.request('/lint', {
      method: 'POST',
      body: { content, type, ...(name ? { name } : {}) },
    });

  readonly simulate: Method<'simulate'> = request =>
    this.request('/simulate', { method: 'POST', body: request });

  readonly whoCan: Method<'whoCan'> = request =>
    this.request('/who-can', { method: 'POST', body: request });

  readonly whatIf: Method<'whatIf'> = changeSet =>
    this.request('/what-if', { method: 'POST', body: changeSet });

  readonly listActions: Method<'listActions'> = async prefix => {
    const res = await this.request<
      | { actions: Array<IamActionSuggestion | string> }
      | Array<IamActionSuggestion | string>
    >(`/actions?prefix=${encodeURIComponent(prefix)}`);
    const list = Array.isArray(res) ? res : res.actions ?? [];
    return list.map(a => (typeof a === 'string' ? { action: a } : a));
  };

  readonly getDrift: Method<'getDrift'> = () => this.request('/drift');

  readonly getBaselineWhatIf: Method<'getBaselineWhatIf'> = () =>
    this.request('/drift/what-if');

  readonly getBaselinePosture: Method<'getBaselinePosture'> = () =>
    this.request('/drift/posture');

  readonly createAccountRequest: Method<'createAccountRequest'> = body =>
    this.request('/account-requests', { method: 'POST', body });

  readonly listAccountRequests: Method<'listAccountRequests'> = (
    query = {},
  ) => {
    const params = new URLSearchParams();
    if (query.state) params.set('state', query.state);
    if (query.mine) params.set('mine', 'true');
    const qs = params.toString();
    return this.request(`/account-requests${qs ? `?${qs}` : ''}`);
  };

  readonly getAccountRequest: Method<'getAccountRequest'> = async id =>
    unwrapRecord(
      await this.request(`/account-requests/${encodeURIComponent(id)}`),
    );

  readonly approveAccountRequest: Method<'approveAccountRequest'> = (
    id,
    comment,
  ) => this.decide(id, 'approve', comment);

  readonly rejectAccountRequest: Method<'rejectAccountRequest'> = (
    id,
    comment,
  ) => this.decide(id, 'reject', comment);

  readonly cancelAccountRequest: Method<'cancelAccountRequest'> = (
    id,
    comment,
  ) => this.decide(id, 'cancel', comment);

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
