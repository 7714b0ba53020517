import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  compileOrgModel,
  OrgModelError,
  policyDocumentSize,
  DEFAULT_POLICY_LIMITS,
} from '@internal/plugin-ai-governance-common';
import { computeEffectivePolicy } from './effectivePolicy';
import { demoOrgModelPath, loadOrgModelFile, OrganizationsSandbox } from '.';

describe('the demo org', () => {
  const model = loadOrgModelFile(demoOrgModelPath);
  const snapshot = compileOrgModel(model);
  const node = (name: string) => snapshot.nodes.find(n => n.name === name)!;

  it('has the AI governance layout with a dozen owned accounts', () => {
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
  });

  it('AI Production denies bedrock:InvokeModel on models outside the approved list', () => {
    const prod = node('Production');
    const denies = prod.policyIds
      .map(id => snapshot.policies.find(p => p.id === id)!)
      .flatMap(p => JSON.parse(p.content).Statement)
      .filter(
        (s: any) =>
          s.Effect === 'Deny' &&
          [].concat(s.Action).includes('bedrock:InvokeModel' as never),
      );
    expect(denies).toHaveLength(1);
    expect(denies[0].Sid).toBe('DenyInvokingUnapprovedFoundationModels');
    expect(denies[0].NotResource).toContain(
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
    );
    for (const account of snapshot.nodes.filter(n => n.parentId === prod.id)) {
      expect(account.kind).toBe('account');
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
    expect(root.policyIds).toContain(optOut.id);
    // Seeding skips document checks; CreatePolicy makes them, so every demo document must pass it.
    const sandbox = new OrganizationsSandbox({});
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
    expect(results).toHaveLength(9);
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

describe('computeEffectivePolicy', () => {
  it('applies @@assign, @@append, @@remove down the levels and honours child-operator restrictions', () => {
    const root = JSON.stringify({
      services: {
        default: { opt_out_policy: { '@@assign': 'optOut' } },
        '@@operators_allowed_for_child_policies': ['@@none'],
      },
      tags: { team: { tag_value: { '@@assign': ['a', 'b'] } } },
    });
    const ou = JSON.stringify({
      services: { default: { opt_out_policy: { '@@assign': 'optIn' } } },
      tags: { team: { tag_value: { '@@append': ['c'] } } },
    });
    const account = JSON.stringify({
      tags: { team: { tag_value: { '@@remove': ['a'] } } },
    });
    expect(computeEffectivePolicy([[root], [ou], [account]])).toEqual({
      services: { default: { opt_out_policy: 'optOut' } },
      tags: { team: { tag_value: ['b', 'c'] } },
    });
  });
});
