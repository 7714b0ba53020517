import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import {
  compileOrgModel,
  diffBaseline,
  OrgModel,
  OrgModelError,
  OrgModelOrganizationalUnit,
  simulate,
  policyDocumentSize,
  DEFAULT_POLICY_LIMITS,
} from '@internal/plugin-ai-governance-common';
import { demoOrgModelPath, loadOrgModelFile, OrganizationsSandbox } from '.';

// The demo org is the governance baseline applied, plus member accounts: the baseline is the source of truth.
const baselinePath = resolve(__dirname, '../../../guardrails/baseline.yaml');

/** The demo's own additions to the baseline are the policies named demo-… (and the policy types only they use). */
const isDemoOnly = (policyName: string) => policyName.startsWith('demo-');

/** The model without its accounts, with policy documents parsed (so formatting does not count). */
function withoutAccounts(model: OrgModel) {
  const ou = (
    node: Pick<
      OrgModelOrganizationalUnit,
      'policies' | 'organizationalUnits'
    > & {
      name?: string;
    },
  ): unknown => ({
    name: node.name,
    policies: (node.policies ?? []).filter(p => !isDemoOnly(p)),
    organizationalUnits: (node.organizationalUnits ?? []).map(ou),
  });
  const baselinePolicies = model.spec.policies.filter(p => !isDemoOnly(p.name));
  return {
    enabledPolicyTypes: model.spec.enabledPolicyTypes.filter(
      t =>
        t === 'SERVICE_CONTROL_POLICY' ||
        baselinePolicies.some(p => p.type === t),
    ),
    policies: baselinePolicies.map(p => ({
      name: p.name,
      type: p.type,
      description: p.description,
      document: JSON.parse(p.document),
    })),
    root: ou(model.spec.root),
  };
}

describe('the demo org', () => {
  const model = loadOrgModelFile(demoOrgModelPath);
  const baseline = loadOrgModelFile(baselinePath);
  const snapshot = compileOrgModel(model);
  const node = (name: string) => snapshot.nodes.find(n => n.name === name)!;

  it('is the governance baseline: the same policy types, policies, OUs and attachments, and no drift', () => {
    expect(withoutAccounts(model)).toEqual(withoutAccounts(baseline));
    // The demo's own demo-… policies are of types the baseline does not enable: not drift.
    expect(diffBaseline(snapshot, baseline)).toEqual({
      inSync: true,
      items: [],
      baseline: 'governance-baseline',
      snapshotTime: snapshot.capturedAt,
    });
    // The check can fail: the demo with one attachment taken away drifts.
    const prod = node('Production');
    const protect = snapshot.policies.find(
      p => p.name === 'guardrail-ai-protect-models',
    )!.id;
    const tampered = {
      ...snapshot,
      nodes: snapshot.nodes.map(n =>
        n.id === prod.id
          ? { ...n, policyIds: n.policyIds.filter(id => id !== protect) }
          : n,
      ),
    };
    expect(diffBaseline(tampered, baseline).items).toEqual([
      expect.objectContaining({
        kind: 'attachment-missing',
        path: 'Root/AI/Production',
        policyName: 'guardrail-ai-protect-models',
      }),
    ]);
  });

  it('has the AI governance layout with a dozen owned accounts, their ids derived from their emails', () => {
    expect(
      snapshot.nodes.filter(n => n.kind === 'ou').map(n => n.name),
    ).toEqual([
      'Security',
      'Infrastructure',
      'Workloads',
      'AI',
      'Development',
      'Production',
    ]);
    const members = snapshot.nodes.filter(
      n => n.kind === 'account' && n.id !== '111111111111',
    );
    expect(members).toHaveLength(12);
    for (const a of members)
      expect(a.tags.owner).toMatch(/^group:default\/[a-z-]+$/);
    expect(node('Development').parentId).toBe(node('AI').id);
    expect(node('Production').parentId).toBe(node('AI').id);
    // examples/entities.yaml refers to these ids.
    const placed = (name: string) => {
      const a = node(name);
      return [a.id, snapshot.nodes.find(n => n.id === a.parentId)!.name];
    };
    expect(placed('ml-research-dev')).toEqual(['234872698757', 'Development']);
    expect(placed('genai-sandbox')).toEqual(['342479036628', 'Development']);
    expect(placed('ml-platform-prod')).toEqual(['193505762647', 'Production']);
    expect(placed('genai-assistant-prod')).toEqual([
      '331708379408',
      'Production',
    ]);
    expect(placed('ml-research-prod')).toEqual(['727955251341', 'Production']);
  });

  it('AI Production denies bedrock:InvokeModel on models outside the approved list', () => {
    const prod = node('Production');
    const request = (modelId: string, guardrail?: string) => ({
      target: snapshot.nodes.find(n => n.parentId === prod.id)!.id,
      action: 'bedrock:InvokeModel',
      resource: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
      context: {
        'aws:RequestedRegion': 'us-east-1',
        ...(guardrail ? { 'bedrock:GuardrailIdentifier': guardrail } : {}),
      },
    });
    const unapproved = simulate(snapshot, request('deepseek.r1-v1:0'));
    expect(unapproved.decision).toBe('ExplicitDeny');
    const deciding = unapproved.levels.find(
      l => l.decision === 'ExplicitDeny',
    )!;
    expect(deciding.node.name).toBe('AI');
    expect(deciding.deciding[0]).toEqual(
      expect.objectContaining({
        policyName: 'guardrail-ai-approved-bedrock-models',
        sid: 'DenyInvokingUnapprovedFoundationModels',
      }),
    );
    // Approved models (the posture probes use the first two) pass once the request names a guardrail.
    const guardrail = 'arn:aws:bedrock:us-east-1:193505762647:guardrail/demo';
    for (const approved of [
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
      'amazon.titan-text-express-v1',
    ]) {
      expect(simulate(snapshot, request(approved, guardrail)).decision).toBe(
        'Allowed',
      );
      expect(simulate(snapshot, request(approved)).decision).toBe(
        'ExplicitDeny',
      );
    }
  });

  it('every policy is accepted by the sandbox and fits AWS size quotas; the root opts out of AI services', async () => {
    for (const p of snapshot.policies) {
      expect(policyDocumentSize(p.content)).toBeLessThanOrEqual(
        DEFAULT_POLICY_LIMITS[p.type].maxSize,
      );
    }
    const root = snapshot.nodes[0];
    const optOut = snapshot.policies.find(
      p => p.type === 'AISERVICES_OPT_OUT_POLICY',
    )!;
    expect(optOut.name).toBe('guardrail-ai-services-opt-out');
    expect(root.policyIds).toContain(optOut.id);
    // Seeding skips document checks; CreatePolicy makes them, so every demo document must pass it.
    const sandbox = new OrganizationsSandbox({});
    await sandbox.call('EnablePolicyType', {
      RootId: ((await sandbox.call('ListRoots', {})).body.Roots as any)[0].Id,
      PolicyType: 'AISERVICES_OPT_OUT_POLICY',
    });
    const results = await Promise.all(
      snapshot.policies
        .filter(p => !p.awsManaged)
        .map(async p => {
          const res = await sandbox.call('CreatePolicy', {
            Name: p.name,
            Description: p.description ?? '',
            Type: p.type,
            Content: p.content,
          });
          return {
            name: p.name,
            status: res.statusCode,
            error: res.statusCode === 200 ? undefined : res.body,
          };
        }),
    );
    // The baseline's 8 policies and the demo's 5 management policies (tag ×2, backup, declarative EC2, Bedrock).
    expect(results).toHaveLength(13);
    for (const r of results)
      expect(r).toEqual({ name: r.name, status: 200, error: undefined });
  });
});

describe('loadOrgModelFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'org-model-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads policy files relative to the model file', () => {
    mkdirSync(join(dir, 'nested', 'policies'), { recursive: true });
    writeFileSync(
      join(dir, 'nested', 'policies', 'p.json'),
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}',
    );
    writeFileSync(
      join(dir, 'nested', 'org.yaml'),
      `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
  policies:
    - { name: p, type: SERVICE_CONTROL_POLICY, file: policies/p.json }
`,
    );
    const model = loadOrgModelFile(join(dir, 'nested', 'org.yaml'));
    expect(
      JSON.parse(model.spec.policies[0].document).Statement[0].Effect,
    ).toBe('Deny');
  });

  it('reports a missing model file and a missing policy file as problems', () => {
    expect(() => loadOrgModelFile(join(dir, 'nope.yaml'))).toThrow(
      OrgModelError,
    );
    expect(() => loadOrgModelFile(join(dir, 'nope.yaml'))).toThrow(
      /the file does not exist/,
    );
    writeFileSync(
      join(dir, 'org.yaml'),
      `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
  policies:
    - { name: p, type: SERVICE_CONTROL_POLICY, file: policies/missing.json }
`,
    );
    expect(() => loadOrgModelFile(join(dir, 'org.yaml'))).toThrow(
      /spec.policies\[0\].file \(line 6\): cannot read policy file "policies\/missing.json" \(relative to the model file\): the file does not exist/,
    );
  });
});
