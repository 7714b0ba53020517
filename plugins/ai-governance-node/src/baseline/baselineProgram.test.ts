import path from 'node:path';
import fs from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import {
  compileOrgModel,
  parseOrgModel,
  compactPolicyContent,
} from '@internal/plugin-ai-governance-common';
import { createBaselineProgram } from './baselineProgram';
import {
  BASELINE_RESOURCE_TYPES,
  baselineImportConflicts,
  baselineResources,
} from './baselineResources';
import { findGuardrailsDir } from './packs';
import { installRecordingMocks } from '../pulumi/__testUtils__/recordingMocks';
import { smallOrgModel } from '../__testUtils__/orgModels';

const mocks = installRecordingMocks(
  'ai-governance-baseline',
  'baseline',
  args =>
    args.type === BASELINE_RESOURCE_TYPES.organization
      ? {
          id: args.id || 'o-mocked1234',
          state: { ...args.inputs, roots: [{ id: 'r-mock', name: 'Root' }] },
        }
      : {},
);
const registered = mocks.resources;

function loadModel(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  return parseOrgModel(text, {
    readFile: p => fs.readFileSync(path.resolve(path.dirname(file), p), 'utf8'),
    source: file,
  });
}

const baselineFile = path.join(findGuardrailsDir(__dirname), 'baseline.yaml');

async function run(program: () => Promise<any>) {
  const outputs = await program();
  const resolve = (o: pulumi.Output<unknown>) =>
    new Promise(r => o.apply(v => r(v)));
  return {
    rootId: await resolve(outputs.rootId),
    organizationalUnitIds: (await resolve(
      outputs.organizationalUnitIds,
    )) as Record<string, string>,
    policyIds: (await resolve(outputs.policyIds)) as Record<string, string>,
    attachmentIds: (await resolve(outputs.attachmentIds)) as Record<
      string,
      string
    >,
  };
}

describe('baseline Pulumi program', () => {
  beforeEach(() => {
    mocks.reset();
  });

  it('first apply: the organization protected and retained, every OU, policy and attachment retainOnDelete (not protected), as Pulumi registers them', async () => {
    const model = loadModel(baselineFile);
    const live = compileOrgModel(model);
    await run(createBaselineProgram(model, { live }));
    const org = mocks.byName('organization');
    expect(org).toMatchObject({
      protect: true,
      retainOnDelete: true,
      importId: live.organization.id,
    });
    expect(org.ignoreChanges.sort()).toEqual([
      'awsServiceAccessPrincipals',
      'featureSet',
    ]);
    const managed = registered.filter(
      r =>
        r.type.startsWith('aws:organizations/') &&
        r.type !== BASELINE_RESOURCE_TYPES.organization,
    );
    expect(managed.length).toBeGreaterThan(10);
    for (const r of managed) {
      expect([r.name, r.retainOnDelete, r.protect ?? false]).toEqual([
        r.name,
        true,
        false,
      ]);
      // Everything exists in the live organization: adopted, not created.
      expect([r.name, Boolean(r.importId)]).toEqual([r.name, true]);
    }
  });

  it('does not import again what the stack already manages (its last applied outputs)', async () => {
    const model = loadModel(baselineFile);
    const live = compileOrgModel(model);
    const first = await run(createBaselineProgram(model, { live }));
    mocks.reset();
    await run(
      createBaselineProgram(model, {
        live,
        lastApplied: {
          organizationalUnitIds: first.organizationalUnitIds,
          policyIds: first.policyIds,
          attachmentIds: first.attachmentIds,
          policies: {},
          enabledPolicyTypes: [],
        },
      }),
    );
    expect(
      registered
        .filter(r => r.type.startsWith('aws:organizations/'))
        .filter(r => r.importId),
    ).toEqual([]);
  });

  it('never disables a policy type it did not enable: declares the union of the live and the baseline types', async () => {
    const model = loadModel(baselineFile);
    const live = compileOrgModel(model);
    live.nodes.find(n => n.kind === 'root')!.enabledPolicyTypes = [
      'SERVICE_CONTROL_POLICY',
      'AISERVICES_OPT_OUT_POLICY',
      'TAG_POLICY',
      'RESOURCE_CONTROL_POLICY',
    ];
    await run(createBaselineProgram(model, { live }));
    expect(mocks.byName('organization').inputs.enabledPolicyTypes).toEqual([
      'AISERVICES_OPT_OUT_POLICY',
      'RESOURCE_CONTROL_POLICY',
      'SERVICE_CONTROL_POLICY',
      'TAG_POLICY',
    ]);
    // Without the live organization the types are not known: the program leaves them alone.
    mocks.reset();
    await run(createBaselineProgram(model));
    expect(mocks.byName('organization').ignoreChanges).toContain(
      'enabledPolicyTypes',
    );
  });

  it('manages OU tags', async () => {
    const model = smallOrgModel(`
  policies: []
  root:
    organizationalUnits:
      - name: Workloads
        tags: { owner: platform, cost-center: CC-1 }
`);
    await run(createBaselineProgram(model));
    expect(mocks.byName('ou/Root/Workloads').inputs.tags).toEqual({
      owner: 'platform',
      'cost-center': 'CC-1',
    });
  });

  it('registers exactly the declared OUs, policies and attachments of the baseline, and the organization', async () => {
    const model = loadModel(baselineFile);
    const outputs = await run(createBaselineProgram(model));
    const resources = registered.filter(r =>
      r.type.startsWith('aws:organizations/'),
    );

    expect(
      resources.filter(r => r.type === BASELINE_RESOURCE_TYPES.organization),
    ).toEqual([
      expect.objectContaining({
        name: 'organization',
        inputs: expect.objectContaining({
          featureSet: 'ALL',
          enabledPolicyTypes: [
            'AISERVICES_OPT_OUT_POLICY',
            'SERVICE_CONTROL_POLICY',
          ],
        }),
      }),
    ]);
    expect(
      resources
        .filter(r => r.type === BASELINE_RESOURCE_TYPES.organizationalUnit)
        .map(r => [r.name, r.inputs.parentId]),
    ).toEqual([
      ['ou/Root/Security', 'r-mock'],
      ['ou/Root/Infrastructure', 'r-mock'],
      ['ou/Root/Workloads', 'r-mock'],
      ['ou/Root/AI', 'r-mock'],
      ['ou/Root/AI/Development', 'id-of-ou/Root/AI'],
      ['ou/Root/AI/Production', 'id-of-ou/Root/AI'],
    ]);
    const policies = resources.filter(
      r => r.type === BASELINE_RESOURCE_TYPES.policy,
    );
    expect(policies.map(r => r.inputs.name).sort()).toEqual(
      model.spec.policies.map(p => p.name).sort(),
    );
    for (const policy of policies) {
      const declared = model.spec.policies.find(
        p => p.name === policy.inputs.name,
      )!;
      expect(policy.inputs).toEqual(
        expect.objectContaining({
          type: declared.type,
          content: compactPolicyContent(declared.document),
          description: declared.description,
        }),
      );
    }
    // Every non-default attachment, resolved to the ids of the resources it refers to; FullAWSAccess comes from AWS.
    expect(
      resources
        .filter(r => r.type === BASELINE_RESOURCE_TYPES.policyAttachment)
        .map(r => [
          r.inputs.targetId,
          r.inputs.policyId,
          r.inputs.skipDestroy ?? false,
        ]),
    ).toEqual([
      ['r-mock', 'id-of-policy/guardrail-protect-audit', false],
      ['r-mock', 'id-of-policy/guardrail-deny-leave-organization', false],
      ['r-mock', 'id-of-policy/guardrail-region-lock', false],
      ['r-mock', 'id-of-policy/guardrail-ai-services-opt-out', false],
      [
        'id-of-ou/Root/AI',
        'id-of-policy/guardrail-ai-approved-bedrock-models',
        false,
      ],
      [
        'id-of-ou/Root/AI',
        'id-of-policy/guardrail-ai-sagemaker-notebooks',
        false,
      ],
      [
        'id-of-ou/Root/AI/Production',
        'id-of-policy/guardrail-ai-sagemaker-vpc-kms',
        false,
      ],
      [
        'id-of-ou/Root/AI/Production',
        'id-of-policy/guardrail-ai-protect-models',
        false,
      ],
    ]);
    // Nothing else: the registered set is exactly the declared set.
    expect(resources.map(r => `${r.type} ${r.name}`).sort()).toEqual(
      baselineResources(model)
        .map(r => `${r.type} ${r.name}`)
        .sort(),
    );
    expect(resources).toHaveLength(1 + 8 + 6 + 8);
    expect(outputs.rootId).toBe('r-mock');
    expect(outputs.organizationalUnitIds['Root/AI/Production']).toBe(
      'id-of-ou/Root/AI/Production',
    );
    expect(outputs.policyIds['guardrail-region-lock']).toBe(
      'id-of-policy/guardrail-region-lock',
    );
  });

  it('adopts the live organization and what already matches, instead of creating it twice', async () => {
    const model = loadModel(baselineFile);
    const live = compileOrgModel(model);
    // The live org lacks Production and its attachments.
    const prod = live.nodes.find(n => n.name === 'Production')!;
    live.nodes = live.nodes.filter(n => n !== prod);
    expect(baselineImportConflicts(model, live)).toEqual([]);
    await run(createBaselineProgram(model, { live }));
    const byName = new Map(registered.map(r => [r.name, r]));
    expect(byName.get('organization')!.importId).toBe(live.organization.id);
    const ai = live.nodes.find(n => n.name === 'AI')!;
    expect(byName.get('ou/Root/AI')!.importId).toBe(ai.id);
    expect(byName.get('ou/Root/AI/Production')!.importId).toBeUndefined();
    const policy = live.policies.find(
      p => p.name === 'guardrail-ai-approved-bedrock-models',
    )!;
    expect(
      byName.get('attachment/Root/AI/guardrail-ai-approved-bedrock-models')!
        .importId,
    ).toBe(`${ai.id}:${policy.id}`);
    expect(
      byName.get('attachment/Root/AI/Production/guardrail-ai-protect-models')!
        .importId,
    ).toBeUndefined();
  });

  it('names what a live organization must fix before Pulumi can adopt it', () => {
    const model = loadModel(baselineFile);
    const live = compileOrgModel(model);
    live.nodes[0].enabledPolicyTypes = ['SERVICE_CONTROL_POLICY'];
    live.policies.find(p => p.name === 'guardrail-region-lock')!.content =
      '{"Version":"2012-10-17","Statement":[]}';
    expect(baselineImportConflicts(model, live)).toEqual([
      'policy type AISERVICES_OPT_OUT_POLICY not enabled yet on the root',
      'policy guardrail-region-lock exists with different content',
    ]);
  });

  it("keeps an SCP that may be its target's last in AWS when it leaves the stack (skipDestroy)", async () => {
    const model = smallOrgModel(`
  policies:
    - name: allow-list
      type: SERVICE_CONTROL_POLICY
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
    - name: deny-leave
      type: SERVICE_CONTROL_POLICY
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
  root:
    policies: [FullAWSAccess, deny-leave]
    organizationalUnits:
      - name: Restricted
        policies: [allow-list]
`);
    await run(createBaselineProgram(model));
    const attachment = (name: string) => registered.find(r => r.name === name)!;
    expect(
      attachment('attachment/Root/Restricted/allow-list').inputs.skipDestroy,
    ).toBe(true);
    expect(attachment('policy/allow-list').inputs.skipDestroy).toBe(true);
    expect(
      attachment('attachment/Root/deny-leave').inputs.skipDestroy,
    ).toBeUndefined();
    expect(attachment('policy/deny-leave').inputs.skipDestroy).toBeUndefined();
  });

  it('never sets skipDestroy on RCPs: RCPFullAWSAccess stays attached, so a custom RCP is never the last', async () => {
    const model = smallOrgModel(
      `
  policies:
    - name: rcp-deny-external
      type: RESOURCE_CONTROL_POLICY
      document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}'
  root:
    organizationalUnits:
      - name: Data
        policies: [rcp-deny-external]
`,
      ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    );
    await run(createBaselineProgram(model));
    expect(
      mocks.byName('attachment/Root/Data/rcp-deny-external').inputs.skipDestroy,
    ).toBeUndefined();
    expect(
      mocks.byName('policy/rcp-deny-external').inputs.skipDestroy,
    ).toBeUndefined();
  });

  it('sends every resource through the management provider when one is given', async () => {
    const model = loadModel(baselineFile);
    await run(
      createBaselineProgram(model, {
        provider: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' },
      }),
    );
    const resources = registered.filter(r =>
      r.type.startsWith('aws:organizations/'),
    );
    expect(
      resources.every(r =>
        r.provider?.includes('pulumi:providers:aws::management'),
      ),
    ).toBe(true);
  });
});
