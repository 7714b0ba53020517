import type { OrgNode } from '@internal/plugin-ai-governance-common';
import { buildTreeIndex } from '../../lib/tree';
import { findOu, targetOuOf } from './TargetGuardrails';

const node = (
  id: string,
  kind: OrgNode['kind'],
  name: string,
  parentId?: string,
): OrgNode => ({ id, kind, name, parentId, tags: {}, policyIds: [] });

const index = buildTreeIndex({
  organization: { id: 'o-1', managementAccountId: '000000000000' },
  snapshotTime: '2026-12-01T00:00:00.000Z',
  policies: [],
  nodes: [
    node('r-1', 'root', 'Root'),
    node('ou-ai', 'ou', 'AI', 'r-1'),
    node('ou-prod', 'ou', 'Production', 'ou-ai'),
    node('ou-dev', 'ou', 'Development', 'ou-ai'),
    node('ou-other-prod', 'ou', 'Production', 'r-1'),
    node('123456789012', 'account', 'Production', 'ou-ai'),
  ],
});

describe('findOu', () => {
  it('walks a path of OU names under the root, as the vendor does', () => {
    expect(findOu(index, 'AI/Production')?.id).toBe('ou-prod');
    expect(findOu(index, '/AI/Production/')?.id).toBe('ou-prod');
    expect(findOu(index, ' AI / Development ')?.id).toBe('ou-dev');
    expect(findOu(index, 'Production')?.id).toBe('ou-other-prod');
  });

  it('takes an OU id as it is', () => {
    expect(findOu(index, 'ou-dev')?.id).toBe('ou-dev');
    expect(findOu(index, ' ou-prod ')?.id).toBe('ou-prod');
    expect(findOu(index, 'ou-nope')).toBeUndefined();
  });

  it("finds nothing for a path that does not exist, that names an account or the root, or starts with the root's name", () => {
    expect(findOu(index, 'AI/Staging')).toBeUndefined();
    expect(findOu(index, 'Root')).toBeUndefined();
    // The vendor would look for an OU named Root under the root, and fail: so must the approver's view.
    expect(findOu(index, 'Root/AI/Development')).toBeUndefined();
    expect(findOu(index, '')).toBeUndefined();
    expect(findOu(index, 'r-1')).toBeUndefined();
  });
});

describe('targetOuOf', () => {
  const fields = {
    name: 'ML',
    owner: 'group:default/ml',
    costCenter: 'CC-1',
    dataClassification: 'internal' as const,
    purpose: 'Tests',
  };

  it("takes the record's target OU, whatever the environment's default", () => {
    expect(
      targetOuOf({
        fields: { ...fields, environment: 'production' },
        targetOrganizationalUnit: 'Workloads/Prod AI',
      }),
    ).toBe('Workloads/Prod AI');
  });

  it("falls back to the backend's defaults only when the record has none", () => {
    expect(
      targetOuOf({ fields: { ...fields, environment: 'production' } }),
    ).toBe('AI/Production');
    expect(
      targetOuOf({ fields: { ...fields, environment: 'development' } }),
    ).toBe('AI/Development');
  });
});
