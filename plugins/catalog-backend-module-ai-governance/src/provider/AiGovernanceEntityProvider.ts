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
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ForwardedError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { TreeResponse } from '@internal/plugin-ai-governance-common';
import { type AccountAiDetails, computeAiDetailsYielding } from './aiDetails';
import { buildEntities, snapshotWithContents } from './buildEntities';
import { deltaOf } from './delta';
import { InventoryReader } from './inventoryReader';
import type {
  AccountRequestOwner,
  BuildEntitiesOptions,
  InventoryTree,
} from './types';

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
  ) {
    this.reader = new InventoryReader(options);
  }

  /** Reads the ai-governance backend with the catalog's service credentials. */
  private readonly reader: InventoryReader;

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
    const tree = await this.reader.readTree(logger);
    if (!tree) return undefined;
    const accountRequests = await this.reader.readAccountRequests(logger);
    const posture = await this.reader.readPosture();
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

  /**
   * The documents of the snapshot's SCPs, RCPs, Bedrock and AI opt-out policies by policy id, and the accounts' AI
   * details computed from them (yielding to the event loop between chains); both again only when the snapshot
   * changes.
   */
  private async readPolicyContents(
    tree: TreeResponse,
  ): Promise<NonNullable<AiGovernanceEntityProvider['contents']>> {
    if (this.contents?.snapshotTime === tree.snapshotTime) {
      return this.contents;
    }
    const byId = await this.reader.readPolicyDocuments(tree);
    const aiDetails = await computeAiDetailsYielding(
      snapshotWithContents(tree, byId),
      { packPolicies: this.options.packPolicies },
    );
    this.contents = { snapshotTime: tree.snapshotTime, byId, aiDetails };
    return this.contents;
  }
}
