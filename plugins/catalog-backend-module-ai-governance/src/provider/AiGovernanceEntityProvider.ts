/**
 * The entity provider: on its schedule, reads the inventory snapshot, the vended accounts' requests, the AI
 * posture check and the documents of the SCPs, RCPs, Bedrock and AI opt-out policies from the ai-governance backend
 * (`GET /api/ai-governance/tree`, `/account-requests`, `/posture` and `/policies/{id}`, with the catalog's own service
 * credentials; the documents once per snapshot) and emits the entities: a full mutation on its first run and every `fullMutationEvery` runs, a delta
 * mutation (the entities added or changed since the previous run, and those gone) in between, nothing when nothing
 * changed. A snapshot that is not ready (503) or a failed read changes nothing: the catalog keeps the previous
 * entities until the next run, so a restarting backend never empties the catalog.
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ForwardedError, ResponseError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type {
  AccountRequestListResponse,
  PolicyResponse,
  PolicyType,
  PostureReport,
  TreeResponse,
} from '@internal/plugin-ai-governance-common';
import { type AccountAiDetails, computeAiDetailsYielding } from './aiDetails';
import {
  type AccountRequestOwner,
  buildEntities,
  type BuildEntitiesOptions,
  type InventoryTree,
  snapshotWithContents,
} from './buildEntities';

/** The tag key the vending provisioners write (`ACCOUNT_TAG_KEYS.owner` in `-node`). */
export const DEFAULT_OWNER_TAG_KEY = 'ai-governance:owner';
/** Also read, after the configured key: the org model files (and the demo organization) tag owners with `owner`. */
export const MODEL_OWNER_TAG_KEY = 'owner';

/** `aiGovernance.catalog` (config.d.ts). @public */
export interface AiGovernanceCatalogOptions {
  ownerTagKey: string;
  defaultOwner: string;
  namespace: string;
  /** A full mutation every this many runs (the first run is always full); deltas in between. */
  fullMutationEvery: number;
}

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

/** What one run did. @public */
export interface AiGovernanceRefreshResult {
  /** `none`: the snapshot gave the same entities as the previous run, so nothing was applied. */
  mutation: 'full' | 'delta' | 'none';
  /** Entities of the snapshot. */
  entities: number;
  /** Delta runs: entities added or changed, and removed. */
  added: number;
  removed: number;
}

/** Reads `aiGovernance.catalog`, with its defaults. @public */
export function readCatalogOptions(
  config: RootConfigService,
): AiGovernanceCatalogOptions {
  const c = config.getOptionalConfig('aiGovernance.catalog');
  return {
    ownerTagKey: c?.getOptionalString('ownerTagKey') ?? DEFAULT_OWNER_TAG_KEY,
    defaultOwner:
      c?.getOptionalString('defaultOwner') ?? 'group:default/platform',
    namespace: c?.getOptionalString('namespace') ?? 'default',
    fullMutationEvery: c?.getOptionalNumber('fullMutationEvery') ?? 12,
  };
}

/** @public */
export class AiGovernanceEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /**
   * What this instance last applied: each entity's serialized form by ref, and the runs since the last full
   * mutation. Undefined before the first run and after a failed apply, so the next run is a full mutation.
   */
  private applied?: { byRef: Map<string, string>; runsSinceFull: number };
  /**
   * The policy documents of the last snapshot read and the accounts' AI details computed from them, so an unchanged
   * snapshot costs no policy reads and no evaluation.
   */
  private contents?: {
    snapshotTime: string;
    byId: Map<string, string>;
    aiDetails: Map<string, AccountAiDetails>;
  };

  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
    catalog: AiGovernanceCatalogOptions;
    /** Policy name to guardrail pack name (the packs' policy names); without it, no guardrail-packs annotation. */
    packPolicies?: ReadonlyMap<string, string>;
  }) {
    return new AiGovernanceEntityProvider(options);
  }

  private constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      catalog: AiGovernanceCatalogOptions;
      packPolicies?: ReadonlyMap<string, string>;
    },
  ) {}

  getProviderName(): string {
    return 'ai-governance-organization';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const id = `${this.getProviderName()}:refresh`;
    await this.options.taskRunner.run({
      id,
      fn: async () => {
        const logger = this.options.logger.child({
          class: AiGovernanceEntityProvider.name,
          taskId: id,
          taskInstanceId: crypto.randomUUID(),
        });
        try {
          await this.refresh(logger);
        } catch (error) {
          logger.error(
            `Catalog refresh of the AWS organization failed; the previous entities stay: ${error}`,
          );
          throw error;
        }
      },
    });
  }

  /** One run: read the snapshot, emit it. Returns what was applied, or undefined when no snapshot was ready. */
  async refresh(
    logger: LoggerService = this.options.logger,
  ): Promise<AiGovernanceRefreshResult | undefined> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const tree = await this.readTree(logger);
    if (!tree) return undefined;
    const accountRequests = await this.readAccountRequests(logger);
    const posture = await this.readPosture();
    const { byId: policyContents, aiDetails } = await this.readPolicyContents(
      tree,
    );
    const { entities, warnings } = buildEntities(tree, {
      ...this.buildOptions(tree, accountRequests),
      posture,
      policyContents,
      packPolicies: this.options.packPolicies,
      aiDetails,
    });
    for (const warning of warnings) logger.warn(warning);
    const locationKey = this.getProviderName();
    const byRef = new Map(
      entities.map(e => [stringifyEntityRef(e), JSON.stringify(e)]),
    );
    const previous = this.applied;
    this.applied = undefined;
    let result: AiGovernanceRefreshResult;
    try {
      if (
        !previous ||
        previous.runsSinceFull + 1 >= this.options.catalog.fullMutationEvery
      ) {
        await connection.applyMutation({
          type: 'full',
          entities: entities.map(entity => ({ entity, locationKey })),
        });
        this.applied = { byRef, runsSinceFull: 0 };
        result = {
          mutation: 'full',
          entities: entities.length,
          added: 0,
          removed: 0,
        };
      } else {
        const { added, removed } = deltaOf(previous.byRef, entities, byRef);
        if (added.length > 0 || removed.length > 0) {
          await connection.applyMutation({
            type: 'delta',
            added: added.map(entity => ({ entity, locationKey })),
            removed: removed.map(entityRef => ({ entityRef, locationKey })),
          });
        }
        this.applied = { byRef, runsSinceFull: previous.runsSinceFull + 1 };
        result = {
          mutation: added.length > 0 || removed.length > 0 ? 'delta' : 'none',
          entities: entities.length,
          added: added.length,
          removed: removed.length,
        };
      }
    } catch (error) {
      throw new ForwardedError(
        `The catalog did not take the AWS organization's entities; the next run applies a full mutation`,
        error,
      );
    }
    logger.info(
      `${
        result.mutation === 'none'
          ? 'No change to'
          : `Applied a ${result.mutation} mutation of`
      } ${entities.length} entities of organization ${
        tree.organization.id
      } (snapshot ${tree.snapshotTime}${
        result.mutation === 'delta'
          ? `; ${result.added} added or changed, ${result.removed} removed`
          : ''
      }); ${warnings.length} owner warnings`,
    );
    return result;
  }

  buildOptions(
    tree: InventoryTree,
    accountRequests?: ReadonlyMap<string, AccountRequestOwner>,
  ): BuildEntitiesOptions {
    const { catalog } = this.options;
    return {
      ownerTagKeys: [...new Set([catalog.ownerTagKey, MODEL_OWNER_TAG_KEY])],
      defaultOwner: catalog.defaultOwner,
      namespace: catalog.namespace,
      locationRef: `ai-governance:${tree.organization.id}`,
      accountRequests,
    };
  }

  /** GET with the catalog's service token; undefined on 503 (not ready). */
  private async get(path: string): Promise<Response | undefined> {
    const { auth, discovery } = this.options;
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
  private async readPosture(): Promise<PostureReport> {
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
   * time), by policy id, and the accounts' AI details computed from them (yielding to the event loop between
   * chains); both again only when the snapshot changes. A policy read after the tree may come from a newer snapshot;
   * the next snapshot corrects it. A failed read fails the run, so no account loses its AI details because one
   * document could not be read.
   */
  private async readPolicyContents(
    tree: TreeResponse,
  ): Promise<NonNullable<AiGovernanceEntityProvider['contents']>> {
    if (this.contents?.snapshotTime === tree.snapshotTime) {
      return this.contents;
    }
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
    const aiDetails = await computeAiDetailsYielding(
      snapshotWithContents(tree, byId),
      { packPolicies: this.options.packPolicies },
    );
    this.contents = { snapshotTime: tree.snapshotTime, byId, aiDetails };
    return this.contents;
  }

  /**
   * The account requests that vended an account, by account id (the newest request per account): the owner of an
   * account without a usable owner tag. A failed read fails the run, so owners never flap to the default group.
   */
  private async readAccountRequests(
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

  private async readTree(
    logger: LoggerService,
  ): Promise<TreeResponse | undefined> {
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

/** The entities added or changed since `previous` (serialized entities by ref), and the refs gone. */
export function deltaOf(
  previous: ReadonlyMap<string, string>,
  entities: Entity[],
  byRef: ReadonlyMap<string, string>,
): { added: Entity[]; removed: string[] } {
  const added = entities.filter(e => {
    const ref = stringifyEntityRef(e);
    return previous.get(ref) !== byRef.get(ref);
  });
  const removed = [...previous.keys()].filter(ref => !byRef.has(ref));
  return { added, removed };
}
