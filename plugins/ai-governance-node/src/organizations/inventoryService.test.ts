import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  INVENTORY_WRITES_TOPIC,
  inventoryServiceRef,
  parseTouchedNodes,
  type InventoryService,
} from './inventoryService';
import { organizationsClientFactoryServiceRef } from './organizationsClientFactory';

describe('inventoryServiceRef', () => {
  it('hands a plugin the shared client and source, and publishes its writes on the inventory topic', async () => {
    const published: Array<{ topic: string; eventPayload: unknown }> = [];
    const client = { marker: 'client' };
    let inventory: InventoryService | undefined;
    await startTestBackend({
      features: [
        createServiceFactory({
          service: organizationsClientFactoryServiceRef,
          deps: {},
          factory: () => ({
            getClient: async () => client as any,
            getSource: async () => ({
              kind: 'sandbox' as const,
              endpoint: 'http://127.0.0.1:1',
              region: 'us-east-1',
            }),
          }),
        }),
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (params: {
              topic: string;
              eventPayload: unknown;
            }) => {
              published.push(params);
            },
            subscribe: async () => {},
          }),
        }),
        createBackendPlugin({
          pluginId: 'inventory-reader',
          register(reg) {
            reg.registerInit({
              deps: { inv: inventoryServiceRef },
              async init({ inv }) {
                inventory = inv;
              },
            });
          },
        }),
      ],
    });
    await expect(inventory!.getClient()).resolves.toBe(client);
    await expect(inventory!.getSource()).resolves.toMatchObject({
      kind: 'sandbox',
    });
    await inventory!.notifyWrites({ ouIds: ['ou-abcd-12345678'] });
    expect(published).toEqual([
      {
        topic: INVENTORY_WRITES_TOPIC,
        eventPayload: { ouIds: ['ou-abcd-12345678'] },
      },
    ]);
  });

  it('refuses the embedded sandbox setting when no sandbox-backed factory is installed, saying what to do', async () => {
    await expect(
      startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: {
              aiGovernance: { organizations: { sandbox: { enabled: true } } },
            },
          }),
          createBackendPlugin({
            pluginId: 'inventory-reader',
            register(reg) {
              reg.registerInit({
                deps: { inv: inventoryServiceRef },
                async init({ inv }) {
                  await inv.getClient();
                },
              });
            },
          }),
        ],
      }),
    ).rejects.toThrow(/runs no organizations sandbox: the demo backend/);
  });
});

describe('parseTouchedNodes', () => {
  it('reads the id lists and roots of an event payload', () => {
    expect(
      parseTouchedNodes({ accountIds: ['123456789012'], roots: true }),
    ).toEqual({ accountIds: ['123456789012'], roots: true });
  });

  it.each([
    [null, /carries \{ accountIds, ouIds, policyIds, roots \}/],
    [{ ouIds: 'ou-abcd-12345678' }, /ouIds must be a list of ids/],
    [{ roots: 'yes' }, /roots must be true or false/],
  ])('refuses %j', (payload, message) => {
    expect(() => parseTouchedNodes(payload)).toThrow(message);
  });
});
