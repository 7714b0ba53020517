import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import alphaPlugin from './alpha';
import * as legacy from './index';

describe('plugin entry points', () => {
  it('offers the new-system plugin with its page in the sidebar as AI Governance', () => {
    expect(alphaPlugin.pluginId).toBe('ai-governance');
    const page = alphaPlugin.getExtension('page:ai-governance');
    const tester = createExtensionTester(page);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ai-governance');
    expect(tester.get(coreExtensionData.title)).toBe('AI Governance');
    expect(alphaPlugin.getExtension('api:ai-governance')).toBeDefined();
    expect(
      alphaPlugin.getExtension('entity-card:ai-governance/account'),
    ).toBeDefined();
    expect(
      alphaPlugin.getExtension('entity-content:ai-governance/account'),
    ).toBeDefined();
  });

  it('offers legacy entry points at the package root and no default export', () => {
    expect(legacy.aiGovernancePlugin.getId()).toBe('ai-governance');
    expect(legacy.AiGovernancePage).toBeDefined();
    expect(legacy.EntityAiGovernanceCard).toBeDefined();
    expect(legacy.aiGovernanceApiRef.id).toBe('plugin.ai-governance.service');
    expect((legacy as Record<string, unknown>).default).toBeUndefined();
  });
});
