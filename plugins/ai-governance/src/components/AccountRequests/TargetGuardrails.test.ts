import type { OrgNode } from '@internal/plugin-ai-governance-common';
import { buildTreeIndex } from '../../lib/tree';
import { findOu } from './TargetGuardrails';

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
  it('walks a path of OU names from the root', () => {
    expect(findOu(index, 'AI/Production')?.id).toBe('ou-prod');
    expect(findOu(index, 'Root/AI/Development')?.id).toBe('ou-dev');
    expect(findOu(index, '/AI/Production/')?.id).toBe('ou-prod');
    expect(findOu(index, 'Production')?.id).toBe('ou-other-prod');
  });

  it('takes an OU id as it is', () => {
    expect(findOu(index, 'ou-dev')?.id).toBe('ou-dev');
    expect(findOu(index, 'ou-nope')).toBeUndefined();
  });

  it('finds nothing for a path that does not exist, or that names an account or the root', () => {
    expect(findOu(index, 'AI/Staging')).toBeUndefined();
    expect(findOu(index, 'Root')).toBeUndefined();
    expect(findOu(index, '')).toBeUndefined();
  });
});
