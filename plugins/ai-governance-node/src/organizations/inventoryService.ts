import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { OrgSnapshot } from '@internal/plugin-ai-governance-common';
import type { TouchedNodes } from './crawler';

/** Where the organization's calls go. @public */
export interface InventorySource {
  kind: 'sandbox' | 'aws';
  /** The endpoint, for the sandbox or a custom AWS endpoint. */
  endpoint?: string;
  region: string;
}

/**
 * The organization inventory as other backend code sees it (the scaffolder module, for one): the shared,
 * rate-limited Organizations client, the stored snapshot, and a way to report the product's own writes so the
 * inventory re-reads just those nodes.
 * @public
 */
export interface InventoryService {
  /** The Organizations client every part of the product shares (one rate limiter per organization). */
  getClient(): Promise<OrganizationsClient>;
  getSource(): Promise<InventorySource>;
  /** The last stored snapshot, or undefined before the first crawl. */
  getSnapshot(): Promise<OrgSnapshot | undefined>;
  /** The product changed these nodes or policies: re-read them (without a full crawl) and store the result. */
  notifyWrites(touched: TouchedNodes): Promise<void>;
}

/**
 * The root-scoped meeting point behind `inventoryServiceRef`: the ai-governance backend plugin registers its
 * inventory here when it starts; other plugins' code (which runs in other plugin scopes) calls through it.
 * Calls made before the plugin has registered wait for it, up to `timeoutMs`.
 * @public
 */
export class InventoryServiceHub implements InventoryService {
  #impl?: InventoryService;
  #waiting: Array<(impl: InventoryService) => void> = [];
  readonly #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Called once by the ai-governance backend plugin. */
  register(impl: InventoryService): void {
    this.#impl = impl;
    for (const resolve of this.#waiting.splice(0)) resolve(impl);
  }

  async #get(): Promise<InventoryService> {
    if (this.#impl) return this.#impl;
    return new Promise<InventoryService>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = (impl: InventoryService) => {
        clearTimeout(timer);
        resolve(impl);
      };
      timer = setTimeout(() => {
        this.#waiting = this.#waiting.filter(w => w !== done);
        reject(
          new ServiceUnavailableError(
            'The AI Governance inventory is not running: add @internal/plugin-ai-governance-backend to the backend (backend.add(import(...))) and check its startup logs',
          ),
        );
      }, this.#timeoutMs);
      timer.unref?.();
      this.#waiting.push(done);
    });
  }

  async getClient() {
    return (await this.#get()).getClient();
  }
  async getSource() {
    return (await this.#get()).getSource();
  }
  async getSnapshot() {
    return (await this.#get()).getSnapshot();
  }
  async notifyWrites(touched: TouchedNodes) {
    return (await this.#get()).notifyWrites(touched);
  }
}

/**
 * The organization inventory of the ai-governance backend plugin, for other backend plugins and modules:
 * `deps: { inventory: inventoryServiceRef }`. Root-scoped, so every plugin gets the same instance.
 * @public
 */
export const inventoryServiceRef = createServiceRef<InventoryServiceHub>({
  id: 'ai-governance.inventory',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new InventoryServiceHub(),
    }),
});
