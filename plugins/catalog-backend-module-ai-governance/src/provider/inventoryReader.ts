/**
 * Reading the ai-governance backend for the entity provider, with the catalog's own service credentials: the
 * snapshot (`GET /tree`), the account requests that vended accounts, the AI posture check and the policies'
 * documents. A 503 (no snapshot yet) is answered as undefined or a retry-next-run error; other failures throw.
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ForwardedError, ResponseError } from '@backstage/errors';
import type {
  AccountRequestListResponse,
  PolicyResponse,
  PolicyType,
  PostureReport,
  TreeResponse,
} from '@internal/plugin-ai-governance-common';
import type { AccountRequestOwner } from './types';

/** Request states whose records may name a vended account. */
const VENDED_REQUEST_STATES = ['provisioning', 'ready', 'failed'];
/** The most requests one run reads (the route's limit); newest first, so only the oldest can be missed. */
const REQUEST_LIMIT = 1000;

/** The policy types whose documents the AI details and summaries read. */
const CONTENT_POLICY_TYPES: PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'BEDROCK_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
];
/** Policy documents read at once. */
const CONTENT_CONCURRENCY = 8;

/** The ai-governance backend's routes the provider reads. */
export class InventoryReader {
  constructor(
    private readonly services: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /** GET with the catalog's service token; undefined on 503 (not ready). */
  private async get(path: string): Promise<Response | undefined> {
    const { auth, discovery } = this.services;
    const baseUrl = await discovery.getBaseUrl('ai-governance');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'ai-governance',
    });
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new ForwardedError(
        `Could not reach the ai-governance backend at ${baseUrl}${path}`,
        error,
      );
    }
    if (res.status === 503) return undefined;
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  /**
   * The AI posture check of the served snapshot (`GET /posture`). Read after the tree, so it is of the same snapshot
   * or a newer one; a newer one is corrected on the next run. A failed read fails the run: the annotations stay.
   */
  async readPosture(): Promise<PostureReport> {
    const res = await this.get('/posture');
    if (!res) {
      throw new Error(
        'The ai-governance backend answered 503 for the AI posture check; retrying on the next run',
      );
    }
    return (await res.json()) as PostureReport;
  }

  /**
   * The documents of the snapshot's SCPs, RCPs, Bedrock and AI opt-out policies (`GET /policies/{id}`, a few at a
   * time), by policy id. A policy read after the tree may come from a newer snapshot; the next snapshot corrects it.
   * A failed read fails the run, so no account loses its AI details because one document could not be read.
   */
  async readPolicyDocuments(tree: TreeResponse): Promise<Map<string, string>> {
    const ids = tree.policies
      .filter(p => CONTENT_POLICY_TYPES.includes(p.type))
      .map(p => p.id);
    const byId = new Map<string, string>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const res = await this.get(`/policies/${encodeURIComponent(id)}`);
        if (!res) {
          throw new Error(
            `The ai-governance backend answered 503 for policy ${id}; retrying on the next run`,
          );
        }
        const body = (await res.json()) as Partial<PolicyResponse>;
        if (typeof body.policy?.content !== 'string') {
          throw new Error(
            `GET /policies/${id} answered without the policy's content; is the ai-governance backend older than this catalog module?`,
          );
        }
        byId.set(id, body.policy.content);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CONTENT_CONCURRENCY, ids.length) }, worker),
    );
    return byId;
  }

  /**
   * The account requests that vended an account, by account id (the newest request per account): the owner of an
   * account without a usable owner tag. A failed read fails the run, so owners never flap to the default group.
   */
  async readAccountRequests(
    logger: LoggerService,
  ): Promise<Map<string, AccountRequestOwner>> {
    const res = await this.get(
      `/account-requests?state=${VENDED_REQUEST_STATES.join(
        ',',
      )}&limit=${REQUEST_LIMIT}`,
    );
    if (!res) {
      throw new Error(
        'The ai-governance backend answered 503 for its account requests; retrying on the next run',
      );
    }
    const { items } = (await res.json()) as AccountRequestListResponse;
    if (items.length >= REQUEST_LIMIT) {
      logger.warn(
        `Read the newest ${REQUEST_LIMIT} account requests only; accounts vended by older requests fall back to the default owner unless they carry an owner tag`,
      );
    }
    const owners = new Map<string, AccountRequestOwner>();
    for (const item of items) {
      if (item.accountId && !owners.has(item.accountId)) {
        owners.set(item.accountId, {
          requestId: item.id,
          owner: item.fields.owner,
        });
      }
    }
    return owners;
  }

  /** The served snapshot (`GET /tree`); undefined, logged, while there is none. */
  async readTree(logger: LoggerService): Promise<TreeResponse | undefined> {
    const res = await this.get('/tree');
    if (!res) {
      logger.info(
        'The ai-governance inventory has no snapshot yet; the catalog keeps its AWS organization entities until the next run',
      );
      return undefined;
    }
    return (await res.json()) as TreeResponse;
  }
}
