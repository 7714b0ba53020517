import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  type PolicyType as AwsPolicyType,
} from '@aws-sdk/client-organizations';
import {
  POLICY_TYPES,
  type PolicyType,
} from '@internal/plugin-ai-governance-common';
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import { createOrganizationsClient } from '../client';
import { OrganizationsRateLimiter } from '../rateLimiter';
import { normalizeSnapshot } from '../../__testUtils__/snapshots';
import {
  crawlLowerBound,
  crawlOrganization,
  orgShapeOf,
  refreshNodes,
} from '.';
import { enabledTypes, PassAssembly } from './assemble';

function fastClient(running: RunningSandbox) {
  return createOrganizationsClient({
    endpoint: running.url,
    retry: { baseDelayMs: 2, maxDelayMs: 50 },
    rateLimiter: new OrganizationsRateLimiter({
      requestsPerSecond: 100_000,
      burst: 1000,
      maxConcurrency: 16,
    }),
  });
}

/** A small document of each type: an SCP/RCP statement, or one management setting under `@@assign`. */
function documentOf(type: PolicyType): string {
  if (type === 'SERVICE_CONTROL_POLICY') {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: 'organizations:LeaveOrganization' },
      ],
    });
  }
  if (type === 'RESOURCE_CONTROL_POLICY') {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  }
  if (type === 'AISERVICES_OPT_OUT_POLICY') {
    return JSON.stringify({
      services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
    });
  }
  return JSON.stringify({
    [type.toLowerCase()]: { setting: { '@@assign': 'enabled' } },
  });
}

describe('crawlOrganization with every policy type enabled', () => {
  let running: RunningSandbox | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('reads the policies of each of the fifteen types: one ListPolicies per enabled type, calls at the lower bound', async () => {
    running = await startSandbox({ port: 0, seed: demoOrgModelPath });
    const client = fastClient(running);
    const before = running.sandbox.snapshot();
    const root = before.nodes.find(n => n.kind === 'root')!;
    const ou = before.nodes.find(n => n.kind === 'ou')!;
    for (const type of POLICY_TYPES) {
      if (!root.enabledPolicyTypes?.includes(type)) {
        await client.send(
          new EnablePolicyTypeCommand({
            RootId: root.id,
            PolicyType: type as AwsPolicyType,
          }),
        );
      }
      const created = await client.send(
        new CreatePolicyCommand({
          Name: `crawl-${type.toLowerCase().replace(/_/g, '-')}`,
          Description: `One ${type} for the crawler test`,
          Type: type as AwsPolicyType,
          Content: documentOf(type),
        }),
      );
      await client.send(
        new AttachPolicyCommand({
          PolicyId: created.Policy!.PolicySummary!.Id!,
          TargetId: ou.id,
        }),
      );
    }
    const callsBefore = running.sandbox.stats().totalCalls;

    const { snapshot, stats, complete } = await crawlOrganization(client);
    const expected = running.sandbox.snapshot();
    expect(complete).toBe(true);
    expect(normalizeSnapshot(snapshot)).toEqual(normalizeSnapshot(expected));
    expect(
      snapshot.nodes.find(n => n.kind === 'root')?.enabledPolicyTypes?.sort(),
    ).toEqual([...POLICY_TYPES].sort());
    // Every type's policy is in the snapshot, attached where it was attached.
    for (const type of POLICY_TYPES) {
      const p = snapshot.policies.find(
        x => x.type === type && x.name.startsWith('crawl-'),
      );
      expect(p?.content).toBe(documentOf(type));
      expect(snapshot.nodes.find(n => n.id === ou.id)?.policyIds).toContain(
        p!.id,
      );
    }
    // The same discipline for fifteen types as for four: one ListPolicies per type (none has 20 policies), one
    // DescribePolicy per policy, never ListPoliciesForTarget; nothing above the lower bound.
    expect(stats.byOperation.ListPolicies).toBe(POLICY_TYPES.length);
    expect(stats.byOperation.DescribePolicy).toBe(expected.policies.length);
    expect(stats.byOperation.ListPoliciesForTarget).toBeUndefined();
    expect(stats.lowerBound).toBe(crawlLowerBound(orgShapeOf(expected)));
    expect(stats.calls).toBe(stats.lowerBound);
    expect(stats.calls).toBe(running.sandbox.stats().totalCalls - callsBefore);

    // Re-reading the OU (ListPoliciesForTarget per enabled type) changes nothing: same ids, in the same order.
    const refreshed = await refreshNodes(client, snapshot, {
      ouIds: [ou.id],
    });
    expect(refreshed.snapshot.nodes).toEqual(snapshot.nodes);
    expect(refreshed.snapshot.policies).toEqual(snapshot.policies);
  });

  it('orders policies by type, then by listing, whatever order their reads finish in', () => {
    const pass = new PassAssembly();
    pass.addNode({
      id: 'r-abcd',
      kind: 'root',
      name: 'Root',
      tags: {},
      policyIds: [],
    });
    const policy = (id: string, type: PolicyType) => ({
      id,
      name: id,
      type,
      awsManaged: false,
      content: documentOf(type),
    });
    // Reads finishing in the reverse of the order listed.
    pass.addPolicy(policy('p-bedrock', 'BEDROCK_POLICY'), ['r-abcd'], 0);
    pass.addPolicy(policy('p-tag2', 'TAG_POLICY'), ['r-abcd'], 1);
    pass.addPolicy(policy('p-tag1', 'TAG_POLICY'), ['r-abcd'], 0);
    pass.addPolicy(policy('p-scp', 'SERVICE_CONTROL_POLICY'), ['r-abcd'], 0);
    const snapshot = pass.snapshot(
      { id: 'o-abcd', managementAccountId: '111111111111' },
      '2026-12-01T00:00:00.000Z',
    );
    const expected = ['p-scp', 'p-tag1', 'p-tag2', 'p-bedrock'];
    expect(snapshot.policies.map(p => p.id)).toEqual(expected);
    expect(snapshot.nodes[0].policyIds).toEqual(expected);
  });

  it('says so, instead of dropping them silently, when a root has a policy type the product does not know', () => {
    const warnings: string[] = [];
    const types = enabledTypes(
      {
        Id: 'r-abcd',
        PolicyTypes: [
          { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
          { Type: 'FUTURE_POLICY' as AwsPolicyType, Status: 'ENABLED' },
          { Type: 'TAG_POLICY', Status: 'PENDING_DISABLE' },
        ],
      },
      warnings,
    );
    expect(types).toEqual(['SERVICE_CONTROL_POLICY']);
    expect(warnings).toEqual([
      'policy type FUTURE_POLICY is enabled on root r-abcd, but this version of the product does not know it: its policies are not in the snapshot',
    ]);
  });
});
