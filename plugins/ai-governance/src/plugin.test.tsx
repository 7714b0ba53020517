import { Entity } from '@backstage/catalog-model';
import { getComponentData } from '@backstage/core-plugin-api';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import alphaPlugin from './alpha';
import * as legacy from './index';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'ml-research', annotations },
  spec: {},
});
type EntityFilter = (entity: Entity) => boolean;
const account = entity({ 'amazonaws.com/account-id': '123456789012' });
const notAnAccount = entity({ 'backstage.io/techdocs-ref': 'dir:.' });

describe('plugin entry points', () => {
  it('offers the new-system plugin with its page in the sidebar as AI Governance', () => {
    expect(alphaPlugin.pluginId).toBe('ai-governance');
    const page = alphaPlugin.getExtension('page:ai-governance');
    const tester = createExtensionTester(page);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ai-governance');
    expect(tester.get(coreExtensionData.title)).toBe('AI Governance');
  });

  it('shows the entity card and tab only on entities with an AWS account id', () => {
    const card = createExtensionTester(
      alphaPlugin.getExtension('entity-card:ai-governance/account'),
    );
    const cardFilter = card.get(
      EntityCardBlueprint.dataRefs.filterFunction,
    ) as EntityFilter;
    expect(cardFilter(account)).toBe(true);
    expect(cardFilter(notAnAccount)).toBe(false);

    const tab = createExtensionTester(
      alphaPlugin.getExtension('entity-content:ai-governance/account'),
    );
    expect(tab.get(coreExtensionData.routePath)).toBe('/ai-governance');
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'AI Governance',
    );
    const tabFilter = tab.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    ) as EntityFilter;
    expect(tabFilter(account)).toBe(true);
    expect(tabFilter(notAnAccount)).toBe(false);
  });

  it('shows the OU card on OU and root entities and the owned accounts card on groups', () => {
    const filterOf = (id: string) =>
      createExtensionTester(alphaPlugin.getExtension(id)).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ) as EntityFilter;
    const ouCard = filterOf('entity-card:ai-governance/organizational-unit');
    const ou: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'aws-ou-abcd-12345678',
        annotations: { 'ai-governance.io/id': 'ou-abcd-12345678' },
      },
      spec: { type: 'aws-organizational-unit' },
    };
    expect(ouCard(ou)).toBe(true);
    expect(ouCard(account)).toBe(false);
    const groupCard = filterOf('entity-card:ai-governance/owned-accounts');
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'ml-team' },
      spec: { type: 'team', children: [] },
    };
    expect(groupCard(group)).toBe(true);
    expect(groupCard(ou)).toBe(false);
    expect(legacy.EntityAiGovernanceOrganizationalUnitCard).toBeDefined();
    expect(legacy.EntityAiGovernanceOwnedAccountsCard).toBeDefined();
  });

  it('offers legacy entry points at the package root and no default export', () => {
    expect(legacy.aiGovernancePlugin.getId()).toBe('ai-governance');
    // A legacy app routes to the page through its mount point: it must be the exported route ref.
    expect(
      getComponentData(<legacy.AiGovernancePage />, 'core.mountPoint'),
    ).toBe(legacy.aiGovernanceRouteRef);
    expect(legacy.aiGovernanceApiRef.id).toBe('plugin.ai-governance.service');
    expect((legacy as Record<string, unknown>).default).toBeUndefined();
  });
});
