/**
 * The organization inventory as other backend code sees it, as a Backstage service: `inventoryServiceRef` gives a
 * plugin or module the shared Organizations client and a way to report the product's own writes, which reach the
 * ai-governance backend's inventory through Backstage's events service (topic `INVENTORY_WRITES_TOPIC`).
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import type { TouchedNodes } from './crawler';
import { organizationsClientFactoryServiceRef } from './organizationsClientFactory';

/** Where the organization's calls go. @public */
export interface InventorySource {
  kind: 'sandbox' | 'aws';
  /** The endpoint, for the sandbox or a custom AWS endpoint. */
  endpoint?: string;
  region: string;
}

/**
 * The organization inventory as other backend code sees it (the scaffolder module, for one): the shared,
 * rate-limited Organizations client, where it goes, and a way to report the product's own writes so the inventory
 * re-reads just those nodes.
 * @public
 */
export interface InventoryService {
  /** The Organizations client every part of the product shares (one rate limiter per organization). */
  getClient(): Promise<OrganizationsClient>;
  getSource(): Promise<InventorySource>;
  /** The product changed these nodes or policies: re-read them (without a full crawl) and store the result. */
  notifyWrites(touched: TouchedNodes): Promise<void>;
}

/**
 * The events topic on which writes are reported; the ai-governance backend subscribes to it. The payload is the
 * TouchedNodes (`accountIds`, `ouIds`, `policyIds`, `roots`).
 * @public
 */
export const INVENTORY_WRITES_TOPIC = 'ai-governance.inventory.writes';

const ID_LISTS = ['accountIds', 'ouIds', 'policyIds'] as const;

/**
 * Reads an event's payload as TouchedNodes; throws InputError naming the field when it is not one (the publisher
 * is other code in this backend, or another instance through the events bus).
 * @public
 */
export function parseTouchedNodes(payload: unknown): TouchedNodes {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InputError(
      `An ${INVENTORY_WRITES_TOPIC} event carries { accountIds, ouIds, policyIds, roots }, got ${typeof payload}`,
    );
  }
  const p = payload as Record<string, unknown>;
  const touched: TouchedNodes = {};
  for (const key of ID_LISTS) {
    const ids = p[key];
    if (ids === undefined) continue;
    if (!Array.isArray(ids) || !ids.every(id => typeof id === 'string')) {
      throw new InputError(
        `${INVENTORY_WRITES_TOPIC} event: ${key} must be a list of ids`,
      );
    }
    touched[key] = ids as string[];
  }
  if (p.roots !== undefined) {
    if (typeof p.roots !== 'boolean') {
      throw new InputError(
        `${INVENTORY_WRITES_TOPIC} event: roots must be true or false`,
      );
    }
    touched.roots = p.roots;
  }
  return touched;
}

/**
 * The organization inventory for any backend plugin or module: `deps: { inventory: inventoryServiceRef }`. The
 * client and source are the root-scoped `organizationsClientFactoryServiceRef`'s; `notifyWrites` publishes on
 * `INVENTORY_WRITES_TOPIC`, and the ai-governance backend re-reads those nodes (in-process, or on every instance
 * through the events bus when the events backend is installed). Without the ai-governance backend nobody listens,
 * and the next crawl shows the writes.
 * @public
 */
export const inventoryServiceRef = createServiceRef<InventoryService>({
  id: 'ai-governance.inventory',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        organizations: organizationsClientFactoryServiceRef,
        events: eventsServiceRef,
      },
      factory: ({ organizations, events }) => ({
        getClient: () => organizations.getClient(),
        getSource: () => organizations.getSource(),
        notifyWrites: touched =>
          events.publish({
            topic: INVENTORY_WRITES_TOPIC,
            eventPayload: touched,
          }),
      }),
    }),
});
