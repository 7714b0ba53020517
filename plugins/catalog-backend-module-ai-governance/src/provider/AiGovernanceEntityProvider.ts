/**
 * The entity provider: on its schedule, reads the inventory snapshot from the ai-governance backend
 * (`GET /api/ai-governance/tree`, with the catalog's own service credentials) and replaces its entities with a full
 * mutation. A snapshot that is not ready (503) or a failed read changes nothing: the catalog keeps the previous
 * entities until the next run, so a restarting backend never empties the catalog.
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ForwardedError, ResponseError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { TreeResponse } from '@internal/plugin-ai-governance-common';
import {
  buildEntities,
  type BuildEntitiesOptions,
  type InventoryTree,
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
  };
}

/** @public */
export class AiGovernanceEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
    catalog: AiGovernanceCatalogOptions;
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

  /** One run: read the snapshot, emit it. Returns the number of entities, or undefined when none was ready. */
  async refresh(
    logger: LoggerService = this.options.logger,
  ): Promise<number | undefined> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const tree = await this.readTree(logger);
    if (!tree) return undefined;
    const { entities, warnings } = buildEntities(tree, this.buildOptions(tree));
    for (const warning of warnings) logger.warn(warning);
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    logger.info(
      `Emitted ${entities.length} entities of organization ${tree.organization.id} (snapshot ${tree.snapshotTime}); ${warnings.length} owner fallbacks`,
    );
    return entities.length;
  }

  buildOptions(tree: InventoryTree): BuildEntitiesOptions {
    const { catalog } = this.options;
    return {
      ownerTagKeys: [...new Set([catalog.ownerTagKey, MODEL_OWNER_TAG_KEY])],
      defaultOwner: catalog.defaultOwner,
      namespace: catalog.namespace,
      locationRef: `ai-governance:${tree.organization.id}`,
    };
  }

  private async readTree(
    logger: LoggerService,
  ): Promise<TreeResponse | undefined> {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('ai-governance');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'ai-governance',
    });
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/tree`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new ForwardedError(
        `Could not reach the ai-governance backend at ${baseUrl}/tree`,
        error,
      );
    }
    if (res.status === 503) {
      logger.info(
        'The ai-governance inventory has no snapshot yet; the catalog keeps its AWS organization entities until the next run',
      );
      return undefined;
    }
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as TreeResponse;
  }
}
