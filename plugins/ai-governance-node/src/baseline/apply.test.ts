import path from 'node:path';
import { UpdatePolicyCommand } from '@aws-sdk/client-organizations';
import {
  demoOrgModelPath,
  RunningSandbox,
  startSandbox,
} from '@internal/organizations-sandbox';
import {
  compactPolicyContent,
  diffBaseline,
} from '@internal/plugin-ai-governance-common';
import { sandboxClient } from '../__testUtils__/sandboxClient';
import { crawlOrganization } from '../organizations/crawler';
import { applyBaseline, loadBaselineModel, previewBaseline } from './apply';
import { findGuardrailsDir } from './packs';

const baselineFile = path.join(findGuardrailsDir(__dirname), 'baseline.yaml');

describe('applyBaseline (organizations-api provisioner) against the sandbox', () => {
  let running: RunningSandbox;

  beforeEach(async () => {
    // A new organization that holds only its management account.
    running = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await running.close();
  });

  // The real SDK client over HTTP; the limiter is opened up so the test is not paced like a real organization.
  const client = () => sandboxClient(running.url);

  it('builds exactly the declared structure on an empty org, then finds nothing to do; an edited policy is drift', async () => {
    const model = loadBaselineModel(baselineFile);
    const orgs = client();

    const preview = await previewBaseline(orgs, model);
    const before = (await crawlOrganization(orgs)).snapshot;
    // The preview changed nothing.
    expect(before.nodes.filter(n => n.kind === 'ou')).toEqual([]);
    expect(before.policies.filter(p => !p.awsManaged)).toEqual([]);
    expect(preview.changes.map(c => c.action)).toEqual([
      'enable-policy-type',
      ...Array(8).fill('create-policy'),
      ...Array(6).fill('create-ou'),
      ...Array(8).fill('attach-policy'),
    ]);

    const result = await applyBaseline(orgs, model);
    expect(result.reported).toEqual([]);
    expect(
      result.applied.map(c => [
        c.action,
        c.path ?? c.policyName ?? c.policyType,
      ]),
    ).toEqual(
      preview.changes.map(c => [
        c.action,
        c.path ?? c.policyName ?? c.policyType,
      ]),
    );

    // The live org now is the baseline: no drift, and the tree is exactly the declared one.
    const after = (await crawlOrganization(orgs)).snapshot;
    expect(diffBaseline(after, model)).toMatchObject({
      inSync: true,
      items: [],
    });
    const byId = new Map(after.nodes.map(n => [n.id, n]));
    const pathOf = (id: string): string => {
      const n = byId.get(id)!;
      return n.parentId ? `${pathOf(n.parentId)}/${n.name}` : 'Root';
    };
    const attached = (id: string) =>
      byId
        .get(id)!
        .policyIds.map(p => after.policies.find(x => x.id === p)!.name)
        .sort();
    expect(
      after.nodes
        .filter(n => n.kind !== 'account')
        .map(n => [pathOf(n.id), attached(n.id)]),
    ).toEqual([
      [
        'Root',
        [
          'FullAWSAccess',
          'guardrail-ai-services-opt-out',
          'guardrail-deny-leave-organization',
          'guardrail-protect-audit',
          'guardrail-region-lock',
        ],
      ],
      ['Root/Security', ['FullAWSAccess']],
      ['Root/Infrastructure', ['FullAWSAccess']],
      ['Root/Workloads', ['FullAWSAccess']],
      [
        'Root/AI',
        [
          'FullAWSAccess',
          'guardrail-ai-approved-bedrock-models',
          'guardrail-ai-sagemaker-notebooks',
        ],
      ],
      ['Root/AI/Development', ['FullAWSAccess']],
      [
        'Root/AI/Production',
        [
          'FullAWSAccess',
          'guardrail-ai-protect-models',
          'guardrail-ai-sagemaker-vpc-kms',
        ],
      ],
    ]);
    for (const declared of model.spec.policies) {
      // Sent compact, so the size AWS stores equals the size the linter counts.
      expect(after.policies.find(p => p.name === declared.name)!.content).toBe(
        compactPolicyContent(declared.document),
      );
    }

    // Applying again changes nothing.
    expect(await applyBaseline(orgs, model)).toEqual({
      applied: [],
      reported: [],
    });

    // A policy edited in the organization shows as drift, and apply restores it.
    const edited = after.policies.find(
      p => p.name === 'guardrail-region-lock',
    )!;
    await orgs.send(
      new UpdatePolicyCommand({
        PolicyId: edited.id,
        Content:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}',
      }),
    );
    const drifted = diffBaseline(
      (await crawlOrganization(orgs)).snapshot,
      model,
    );
    expect(drifted.inSync).toBe(false);
    expect(drifted.items).toEqual([
      expect.objectContaining({
        kind: 'policy-changed',
        policyName: 'guardrail-region-lock',
        policyId: edited.id,
      }),
    ]);
    const repaired = await applyBaseline(orgs, model);
    expect(repaired.applied.map(c => [c.action, c.policyName])).toEqual([
      ['update-policy', 'guardrail-region-lock'],
    ]);
    expect(
      diffBaseline((await crawlOrganization(orgs)).snapshot, model).inSync,
    ).toBe(true);
  }, 30_000);
});

describe('applyBaseline with a model that declares accounts (the demo org)', () => {
  let running: RunningSandbox;
  afterEach(async () => {
    await running.close();
  });
  const client = () => sandboxClient(running.url);

  it('finds an organization seeded from the model in sync, and repairs a detached policy on an account', async () => {
    running = await startSandbox({ port: 0, seed: demoOrgModelPath });
    const model = loadBaselineModel(demoOrgModelPath);
    const orgs = client();
    expect(await applyBaseline(orgs, model)).toEqual({
      applied: [],
      reported: [],
    });

    // Attach a policy to an account in the model, then take it away in the org: apply puts it back on that account.
    const account = model.spec.root.organizationalUnits!.find(
      o => o.name === 'Workloads',
    )!.accounts![0];
    account.policies = ['FullAWSAccess', 'guardrail-deny-leave-organization'];
    const result = await applyBaseline(orgs, model);
    expect(result.applied).toEqual([
      expect.objectContaining({
        action: 'attach-policy',
        policyName: 'guardrail-deny-leave-organization',
        path: `Root/Workloads/${account.name}`,
      }),
    ]);
    expect(
      diffBaseline((await crawlOrganization(orgs)).snapshot, model).inSync,
    ).toBe(true);
  }, 30_000);

  it('on an empty org, creates the structure and reports the accounts it cannot vend', async () => {
    running = await startSandbox({ port: 0 });
    const model = loadBaselineModel(demoOrgModelPath);
    const result = await applyBaseline(client(), model);
    expect(result.applied.filter(c => c.action === 'create-ou')).toHaveLength(
      6,
    );
    expect(result.reported.map(c => c.drift)).toEqual(
      Array(12).fill('account-missing'),
    );
  }, 30_000);
});

describe('applyBaseline on the demo organization', () => {
  it('finds nothing to do: the demo org is the baseline applied, plus accounts and policies of types it does not govern', async () => {
    const running = await startSandbox({ port: 0, seed: demoOrgModelPath });
    try {
      const orgs = sandboxClient(running.url);
      const model = loadBaselineModel(baselineFile);
      expect((await previewBaseline(orgs, model)).changes).toEqual([]);
      expect(await applyBaseline(orgs, model)).toEqual({
        applied: [],
        reported: [],
      });
      const drift = diffBaseline(
        (await crawlOrganization(orgs)).snapshot,
        model,
      );
      expect(drift.items).toEqual([]);
      expect(drift.inSync).toBe(true);
    } finally {
      await running.close();
    }
  }, 30_000);
});
