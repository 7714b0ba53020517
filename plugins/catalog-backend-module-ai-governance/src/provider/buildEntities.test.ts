import {
  DefaultNamespaceEntityPolicy,
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import {
  checkAiPosture,
  compileOrgModel,
  type OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { loadBaselineModel } from '@internal/plugin-ai-governance-node';
import { buildEntities } from './buildEntities';
import {
  AI_GOVERNANCE_ANNOTATIONS,
  AI_POSTURE_FINDINGS_TAG,
  AWS_ACCOUNT_ID_ANNOTATION,
  entityNameOf,
  policyEntityNameOf,
} from './entityVocabulary';
import type { BuildEntitiesOptions } from './types';

const OPTIONS: BuildEntitiesOptions = {
  ownerTagKeys: ['ai-governance:owner', 'owner'],
  defaultOwner: 'group:default/platform',
  namespace: 'default',
  locationRef: 'ai-governance:o-test',
};

function demoSnapshot(): OrgSnapshot {
  return compileOrgModel(loadBaselineModel(demoOrgModelPath), {
    capturedAt: '2026-01-01T00:00:00.000Z',
  });
}

/** What the catalog checks of an emitted entity: its policies, then the Resource kind's schema. */
async function expectValid(entity: Entity) {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
    new SchemaValidEntityPolicy(),
  ]);
  await expect(policy.enforce(entity)).resolves.toBeDefined();
  await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
    true,
  );
}

const byName = (entities: Entity[], name: string) => {
  const e = entities.find(x => x.metadata.name === name);
  if (!e) throw new Error(`no entity ${name}`);
  return e;
};

describe('buildEntities', () => {
  const snapshot = demoSnapshot();
  const { entities, warnings } = buildEntities(snapshot, OPTIONS);

  it('emits one valid Resource per root, OU and account, and per SCP, RCP and AI opt-out policy', async () => {
    const nodes = snapshot.nodes;
    const policies = snapshot.policies.filter(p =>
      [
        'SERVICE_CONTROL_POLICY',
        'RESOURCE_CONTROL_POLICY',
        'AISERVICES_OPT_OUT_POLICY',
      ].includes(p.type),
    );
    expect(policies.length).toBeGreaterThan(0);
    expect(entities).toHaveLength(nodes.length + policies.length);
    const types = (t: string) => entities.filter(e => e.spec?.type === t);
    expect(types('aws-organization')).toHaveLength(1);
    // Only accounts carry the account id annotation (account cards key on it); the root names the management account.
    expect(
      entities.filter(e => e.metadata.annotations![AWS_ACCOUNT_ID_ANNOTATION]),
    ).toEqual(types('aws-account'));
    expect(
      types('aws-organization')[0].metadata.annotations![
        AI_GOVERNANCE_ANNOTATIONS.managementAccountId
      ],
    ).toBe(snapshot.organization.managementAccountId);
    expect(types('aws-organizational-unit')).toHaveLength(
      nodes.filter(n => n.kind === 'ou').length,
    );
    expect(types('aws-account')).toHaveLength(
      nodes.filter(n => n.kind === 'account').length,
    );
    // The catalog's own validation (names, annotations, tags, spec) accepts every entity.
    for (const e of entities) await expectValid(e);
    expect(new Set(entities.map(e => e.metadata.name)).size).toBe(
      entities.length,
    );
    expect(warnings).toEqual([]);
  });

  it('names entities from ids, titles them with AWS names, and annotates accounts', () => {
    const account = snapshot.nodes.find(
      n => n.kind === 'account' && n.tags.owner === 'group:default/ml-research',
    )!;
    const e = byName(entities, `aws-account-${account.id}`);
    expect(e.metadata.title).toBe(account.name);
    expect(e.metadata.annotations![AWS_ACCOUNT_ID_ANNOTATION]).toBe(account.id);
    expect(e.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.ouPath]).toMatch(
      new RegExp(`^Root/.+/${account.name}$`),
    );
    expect(e.spec!.owner).toBe('group:default/ml-research');
    expect(e.spec!.lifecycle).toBe('production');
    expect(e.metadata.annotations!['backstage.io/managed-by-location']).toBe(
      'ai-governance:o-test',
    );
  });

  it('describes accounts, OUs and policies with what search should find them by: id, OU path, owner', () => {
    const account = snapshot.nodes.find(
      n => n.kind === 'account' && n.tags.owner === 'group:default/ml-research',
    )!;
    const parent = snapshot.nodes.find(n => n.id === account.parentId)!;
    const a = byName(entities, `aws-account-${account.id}`);
    const parentPath = a.metadata.annotations![
      AI_GOVERNANCE_ANNOTATIONS.ouPath
    ].replace(/\/[^/]+$/, '');
    expect(a.metadata.description).toContain(account.id);
    expect(a.metadata.description).toContain(parentPath);
    expect(a.metadata.description).toContain('owned by ml-research');
    const ou = byName(entities, entityNameOf('ou', parent.id));
    expect(ou.metadata.description).toContain(parent.id);
    expect(ou.metadata.description).toContain(parentPath);
    for (const policy of entities.filter(
      e => e.spec!.type === 'aws-organizations-policy',
    )) {
      expect(policy.metadata.description).toContain(
        policy.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.id],
      );
    }
  });

  it('mirrors the OU tree with dependsOn on the parent, and points policies at their targets', () => {
    for (const node of snapshot.nodes) {
      const e = byName(entities, entityNameOf(node.kind, node.id));
      const parent = snapshot.nodes.find(n => n.id === node.parentId);
      expect(e.spec!.dependsOn).toEqual(
        parent
          ? [
              stringifyEntityRef({
                kind: 'resource',
                namespace: 'default',
                name: entityNameOf(parent.kind, parent.id),
              }),
            ]
          : undefined,
      );
    }
    const scp = snapshot.policies.find(
      p => p.type === 'SERVICE_CONTROL_POLICY' && !p.awsManaged,
    )!;
    const targets = snapshot.nodes.filter(n => n.policyIds.includes(scp.id));
    expect(targets.length).toBeGreaterThan(0);
    const policy = byName(entities, policyEntityNameOf(scp.id));
    expect(policy.metadata.title).toBe(scp.name);
    expect(policy.spec!.type).toBe('aws-organizations-policy');
    expect([...(policy.spec!.dependencyOf as string[])].sort()).toEqual(
      targets.map(t => `resource:default/${entityNameOf(t.kind, t.id)}`).sort(),
    );
  });

  it('keeps names stable when an account is renamed or moved; only the title and relations change', () => {
    const moved = demoSnapshot();
    const account = moved.nodes.find(n => n.kind === 'account')!;
    const otherOu = moved.nodes.find(
      n => n.kind === 'ou' && n.id !== account.parentId,
    )!;
    account.name = 'renamed-account';
    account.parentId = otherOu.id;
    const e = byName(
      buildEntities(moved, OPTIONS).entities,
      `aws-account-${account.id}`,
    );
    expect(e.metadata.title).toBe('renamed-account');
    expect(e.spec!.dependsOn).toEqual([
      `resource:default/${entityNameOf('ou', otherOu.id)}`,
    ]);
  });

  it('flags suspended and closed accounts through their lifecycle instead of dropping them', () => {
    const s = demoSnapshot();
    const [a, b] = s.nodes.filter(n => n.kind === 'account');
    a.state = 'SUSPENDED';
    b.state = 'CLOSED';
    const built = buildEntities(s, OPTIONS).entities;
    for (const [node, state] of [
      [a, 'SUSPENDED'],
      [b, 'CLOSED'],
    ] as const) {
      const e = byName(built, `aws-account-${node.id}`);
      expect(e.spec!.lifecycle).toBe('deprecated');
      expect(
        e.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.accountState],
      ).toBe(state);
    }
  });

  it('prefers the configured owner tag key and accepts a bare group name', () => {
    const s = demoSnapshot();
    const account = s.nodes.find(n => n.kind === 'account' && n.parentId)!;
    account.tags = { 'ai-governance:owner': 'ml-research', owner: 'group:x' };
    const e = byName(
      buildEntities(s, OPTIONS).entities,
      `aws-account-${account.id}`,
    );
    expect(e.spec!.owner).toBe('group:default/ml-research');
  });

  it('falls back to the default owner with a warning when the owner tag is not an entity reference, and still emits the rest', () => {
    const s = demoSnapshot();
    const accounts = s.nodes.filter(n => n.kind === 'account');
    accounts[0].tags = { owner: 'Data Science Team!' };
    accounts[1].tags = { owner: 'component:default/some-service' };
    accounts[2].tags = {};
    const built = buildEntities(s, OPTIONS);
    expect(built.entities).toHaveLength(entities.length);
    expect(built.warnings).toHaveLength(2);
    expect(built.warnings[0]).toContain(accounts[0].id);
    expect(built.warnings[0]).toContain('group:default/platform');
    for (const account of accounts.slice(0, 3)) {
      const e = byName(built.entities, `aws-account-${account.id}`);
      expect(e.spec!.owner).toBe('group:default/platform');
      expect(
        e.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.ownerFallback],
      ).toBeDefined();
    }
  });

  it('gives an untagged account vended through an account request the request owner group, before the default', async () => {
    const s = demoSnapshot();
    const accounts = s.nodes.filter(n => n.kind === 'account');
    const [untagged, badTag, tagged, badRequest] = accounts;
    untagged.tags = {};
    badTag.tags = { owner: 'Data Science Team!' };
    tagged.tags = { 'ai-governance:owner': 'group:default/fraud' };
    badRequest.tags = {};
    const accountRequests = new Map([
      [untagged.id, { requestId: 'req-1', owner: 'group:default/ml-research' }],
      [badTag.id, { requestId: 'req-2', owner: 'ml-platform' }],
      [tagged.id, { requestId: 'req-3', owner: 'group:default/ml-research' }],
      [badRequest.id, { requestId: 'req-4', owner: 'Not A Group!' }],
    ]);
    const built = buildEntities(s, { ...OPTIONS, accountRequests });
    const entity = (id: string) => byName(built.entities, `aws-account-${id}`);
    const annotation = (
      id: string,
      key: keyof typeof AI_GOVERNANCE_ANNOTATIONS,
    ) => entity(id).metadata.annotations![AI_GOVERNANCE_ANNOTATIONS[key]];

    expect(entity(untagged.id).spec!.owner).toBe('group:default/ml-research');
    expect(annotation(untagged.id, 'ownerSource')).toBe('account-request');
    expect(annotation(untagged.id, 'ownerFallback')).toBe('no owner tag');
    expect(annotation(untagged.id, 'accountRequest')).toBe('req-1');

    expect(entity(badTag.id).spec!.owner).toBe('group:default/ml-platform');
    expect(annotation(badTag.id, 'ownerSource')).toBe('account-request');

    // A usable tag wins over the request: the tag is what the organization says today.
    expect(entity(tagged.id).spec!.owner).toBe('group:default/fraud');
    expect(annotation(tagged.id, 'ownerSource')).toBe('tag');
    expect(annotation(tagged.id, 'ownerFallback')).toBeUndefined();
    expect(annotation(tagged.id, 'accountRequest')).toBe('req-3');

    expect(entity(badRequest.id).spec!.owner).toBe('group:default/platform');
    expect(annotation(badRequest.id, 'ownerSource')).toBe('default');

    expect(built.warnings).toHaveLength(2);
    expect(built.warnings[0]).toContain(badTag.id);
    expect(built.warnings[0]).toContain('account request req-2');
    expect(built.warnings[1]).toContain(badRequest.id);
    expect(built.warnings[1]).toContain('req-4');
    for (const e of built.entities) await expectValid(e);
  });

  it('annotates checked accounts with their AI posture findings and OUs with how many accounts under them have some', async () => {
    const s = demoSnapshot();
    const report = checkAiPosture(s);
    const built = buildEntities(s, { ...OPTIONS, posture: report });
    const management = s.organization.managementAccountId;
    const members = s.nodes.filter(
      n =>
        n.kind === 'account' &&
        n.id !== management &&
        (!n.state || n.state === 'ACTIVE'),
    );
    expect(members.length).toBe(report.accountsChecked);
    const annotated = built.entities.filter(
      e =>
        e.spec!.type === 'aws-account' &&
        e.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.aiPosture],
    );
    expect(annotated).toHaveLength(members.length);
    const withFindings = new Set(report.findings.flatMap(f => f.accountIds));
    for (const account of members) {
      const e = byName(built.entities, `aws-account-${account.id}`);
      const a = e.metadata.annotations!;
      const mine = report.findings.filter(f =>
        f.accountIds.includes(account.id),
      );
      expect(a[AI_GOVERNANCE_ANNOTATIONS.aiPosture]).toBe(
        mine.length ? 'findings' : 'ok',
      );
      expect(Number(a[AI_GOVERNANCE_ANNOTATIONS.aiPostureErrors])).toBe(
        mine.filter(f => f.severity === 'error').length,
      );
      expect(Number(a[AI_GOVERNANCE_ANNOTATIONS.aiPostureWarnings])).toBe(
        mine.filter(f => f.severity === 'warning').length,
      );
      expect(e.metadata.tags!.includes(AI_POSTURE_FINDINGS_TAG)).toBe(
        mine.length > 0,
      );
    }
    // The management account is not checked, so it carries no posture.
    expect(
      byName(built.entities, `aws-account-${management}`).metadata.annotations![
        AI_GOVERNANCE_ANNOTATIONS.aiPosture
      ],
    ).toBeUndefined();
    const root = s.nodes.find(n => n.kind === 'root')!;
    expect(
      byName(built.entities, entityNameOf('root', root.id)).metadata
        .annotations![AI_GOVERNANCE_ANNOTATIONS.aiPostureAccounts],
    ).toBe(
      `${members.filter(m => withFindings.has(m.id)).length}/${members.length}`,
    );
    for (const e of built.entities) await expectValid(e);
  });

  it('flags an account and the OUs above it when a finding names it', () => {
    const s = demoSnapshot();
    const account = s.nodes.find(
      n => n.kind === 'account' && n.id !== s.organization.managementAccountId,
    )!;
    const parent = s.nodes.find(n => n.id === account.parentId)!;
    const built = buildEntities(s, {
      ...OPTIONS,
      posture: {
        findings: [
          {
            code: 'POSTURE_GUARDRAIL_UNUSABLE',
            severity: 'error',
            message: 'x',
            fix: 'y',
            accountIds: [account.id],
            accountNames: [account.name],
            policies: [],
          },
        ],
      },
    });
    const a = byName(built.entities, `aws-account-${account.id}`).metadata
      .annotations!;
    expect(a[AI_GOVERNANCE_ANNOTATIONS.aiPosture]).toBe('findings');
    expect(a[AI_GOVERNANCE_ANNOTATIONS.aiPostureErrors]).toBe('1');
    expect(a[AI_GOVERNANCE_ANNOTATIONS.aiPostureCodes]).toBe(
      'POSTURE_GUARDRAIL_UNUSABLE',
    );
    const ou = byName(built.entities, entityNameOf(parent.kind, parent.id));
    expect(ou.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.aiPosture]).toBe(
      'findings',
    );
    expect(
      ou.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.aiPostureAccounts],
    ).toMatch(/^1\/\d+$/);
    expect(ou.metadata.tags).toContain(AI_POSTURE_FINDINGS_TAG);
    // Without a posture report, no posture annotation at all.
    expect(
      entities.every(
        e => !e.metadata.annotations![AI_GOVERNANCE_ANNOTATIONS.aiPosture],
      ),
    ).toBe(true);
  });

  it('keeps an OU whose name the catalog would reject as a name: it is only the title', async () => {
    const s = demoSnapshot();
    const ou = s.nodes.find(n => n.kind === 'ou')!;
    ou.name = 'AI / Développement (EU) #1';
    const e = byName(
      buildEntities(s, OPTIONS).entities,
      entityNameOf('ou', ou.id),
    );
    expect(e.metadata.title).toBe(ou.name);
    await expectValid(e);
  });
});
