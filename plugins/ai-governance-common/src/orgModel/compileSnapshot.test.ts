import { compileOrgModel } from './compileSnapshot';
import { generateOrgModel } from './generate';
import { ID_PATTERNS } from './ids';
import { parseOrgModel } from './parse';

const text = `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, AISERVICES_OPT_OUT_POLICY]
  policies:
    - name: deny-bedrock
      type: SERVICE_CONTROL_POLICY
      document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "bedrock:*", Resource: "*" }] }
    - name: opt-out
      type: AISERVICES_OPT_OUT_POLICY
      document: { services: { default: { opt_out_policy: { "@@assign": optOut } } } }
  root:
    policies: [FullAWSAccess, opt-out]
    organizationalUnits:
      - name: AI
        policies: [deny-bedrock]
        organizationalUnits:
          - name: Production
            id: ou-abcd-12345678
            accounts:
              - { name: prod, email: prod@example.com, id: "222222222222" }
        accounts:
          - { name: dev, email: dev@example.com, tags: { owner: group:default/ml } }
`;

describe('compileOrgModel', () => {
  const model = parseOrgModel(text);

  it('produces AWS-format ids, the same on every compile', () => {
    const a = compileOrgModel(model, { capturedAt: 'x' });
    const b = compileOrgModel(parseOrgModel(text), { capturedAt: 'x' });
    expect(a).toEqual(b);
    expect(a.organization.id).toMatch(ID_PATTERNS.organization);
    const [root, ai] = a.nodes;
    expect(root.id).toMatch(/^r-[0-9a-z]{4}$/);
    expect(ai.id).toMatch(new RegExp(`^ou-${root.id.slice(2)}-[0-9a-z]{8}$`));
    for (const p of a.policies) expect(p.id).toMatch(ID_PATTERNS.policy);
    for (const n of a.nodes.filter(x => x.kind === 'account'))
      expect(n.id).toMatch(/^\d{12}$/);
    expect(a.nodes.find(n => n.name === 'Production')!.id).toBe(
      'ou-abcd-12345678',
    );
    expect(a.nodes.find(n => n.name === 'prod')!.id).toBe('222222222222');
  });

  it('changes an id when the name or path it derives from changes', () => {
    const renamed = compileOrgModel(
      parseOrgModel(text.replace('name: AI', 'name: ML')),
    );
    const original = compileOrgModel(model);
    expect(renamed.nodes[1].id).not.toBe(original.nodes[1].id);
    expect(renamed.organization.id).toBe(original.organization.id);
  });

  it('orders nodes root first, breadth-first, and puts the management account in the root', () => {
    const s = compileOrgModel(model);
    expect(s.nodes.map(n => `${n.kind}:${n.name}`)).toEqual([
      'root:Root',
      'ou:AI',
      'account:management',
      'ou:Production',
      'account:dev',
      'account:prod',
    ]);
    const root = s.nodes[0];
    const mgmt = s.nodes[2];
    expect(mgmt.parentId).toBe(root.id);
    expect(s.organization.managementAccountId).toBe(mgmt.id);
    expect(root.enabledPolicyTypes).toEqual([
      'SERVICE_CONTROL_POLICY',
      'RESOURCE_CONTROL_POLICY',
      'AISERVICES_OPT_OUT_POLICY',
    ]);
  });

  it('applies AWS default attachments per type', () => {
    const s = compileOrgModel(model);
    const byName = (n: string) => s.nodes.find(x => x.name === n)!;
    const policyId = (n: string) => s.policies.find(p => p.name === n)!.id;
    // The root lists FullAWSAccess and an opt-out policy; RCPFullAWSAccess is on every node (AWS can't detach it).
    expect(byName('Root').policyIds).toEqual([
      'p-RCPFullAWSAccess',
      'p-FullAWSAccess',
      policyId('opt-out'),
    ]);
    // AI lists an SCP, so it does not get FullAWSAccess.
    expect(byName('AI').policyIds).toEqual([
      'p-RCPFullAWSAccess',
      policyId('deny-bedrock'),
    ]);
    // Production lists nothing: the defaults.
    expect(byName('Production').policyIds).toEqual([
      'p-FullAWSAccess',
      'p-RCPFullAWSAccess',
    ]);
    const full = s.policies.find(p => p.id === 'p-FullAWSAccess')!;
    expect(full.awsManaged).toBe(true);
    expect(JSON.parse(full.content)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(
      JSON.parse(s.policies.find(p => p.id === 'p-RCPFullAWSAccess')!.content)
        .Statement[0].Principal,
    ).toBe('*');
  });

  it('leaves out the AWS-managed policies of types that are not enabled', () => {
    const s = compileOrgModel(
      parseOrgModel(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: m, email: m@example.com }
`),
    );
    expect(s.policies.map(p => p.id)).toEqual(['p-FullAWSAccess']);
    expect(s.nodes.map(n => n.policyIds)).toEqual([
      ['p-FullAWSAccess'],
      ['p-FullAWSAccess'],
    ]);
  });
});

describe('generateOrgModel', () => {
  it('is deterministic and respects the counts, the depth and the attachment limit', () => {
    const options = { accounts: 500, ous: 60, policies: 30, depth: 4, seed: 7 };
    const a = generateOrgModel(options);
    expect(generateOrgModel(options)).toEqual(a);
    expect(generateOrgModel({ ...options, seed: 8 })).not.toEqual(a);
    const snapshot = compileOrgModel(a);
    expect(snapshot.nodes.filter(n => n.kind === 'account')).toHaveLength(501);
    expect(snapshot.nodes.filter(n => n.kind === 'ou')).toHaveLength(60);
    expect(snapshot.policies).toHaveLength(31);
    const depthOf = (id: string): number => {
      const node = snapshot.nodes.find(n => n.id === id)!;
      return node.kind === 'root' ? 0 : 1 + depthOf(node.parentId!);
    };
    const depths = snapshot.nodes
      .filter(n => n.kind === 'ou')
      .map(n => depthOf(n.id));
    expect(Math.max(...depths)).toBe(4);
    for (const n of snapshot.nodes)
      expect(n.policyIds.length).toBeLessThanOrEqual(10);
    expect(new Set(snapshot.nodes.map(n => n.id)).size).toBe(
      snapshot.nodes.length,
    );
  });

  it('generates a 5,000-account model that validates as a file would', () => {
    const model = generateOrgModel({ accounts: 5000, ous: 200, policies: 50 });
    const snapshot = compileOrgModel(model);
    expect(snapshot.nodes.filter(n => n.kind === 'account')).toHaveLength(5001);
    expect(new Set(snapshot.nodes.map(n => n.id)).size).toBe(
      snapshot.nodes.length,
    );
  });
});
