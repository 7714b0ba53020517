import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { InventoryServiceHub, type InventoryService } from './inventoryService';

describe('InventoryServiceHub', () => {
  const impl: InventoryService = {
    getClient: async () =>
      ({ marker: 'client' } as unknown as OrganizationsClient),
    getSource: async () => ({ kind: 'sandbox', region: 'us-east-1' }),
    getSnapshot: async () => undefined,
    notifyWrites: jest.fn(async () => {}),
  };

  it('holds calls made before the inventory registers, then forwards them', async () => {
    const hub = new InventoryServiceHub();
    const client = hub.getClient();
    const write = hub.notifyWrites({ accountIds: ['123456789012'] });
    hub.register(impl);
    await expect(client).resolves.toEqual({ marker: 'client' });
    await write;
    expect(impl.notifyWrites).toHaveBeenCalledWith({
      accountIds: ['123456789012'],
    });
    await expect(hub.getSource()).resolves.toEqual({
      kind: 'sandbox',
      region: 'us-east-1',
    });
  });

  it('says what to install when the backend plugin never registers', async () => {
    const hub = new InventoryServiceHub({ timeoutMs: 10 });
    await expect(hub.getClient()).rejects.toThrow(
      /add @internal\/plugin-ai-governance-backend to the backend/,
    );
  });
});
