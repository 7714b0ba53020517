import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { EffectivePoliciesResponse } from '@internal/plugin-ai-governance-common';
import { screen, within } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi } from '../../testing/fixtures';
import { EffectivePolicies } from './EffectivePolicy';
import { keyRows } from './keyTree';
import { LEVEL_COLORS } from './legends';

const root = { id: 'r-demo', kind: 'root' as const, name: 'Root' };
const ou = { id: 'ou-demo-prod', kind: 'ou' as const, name: 'AI Production' };
const account = {
  id: '111111111111',
  kind: 'account' as const,
  name: 'ml-inference-prod',
};
const rootTags = { id: 'p-tagroot', name: 'CostCenterTags' };
const ouTags = { id: 'p-tagprod', name: 'ProdCostCenters' };

/** A tag policy: the root assigns the key and two values, the OU appends one and removes one. */
const effective: EffectivePoliciesResponse = {
  account,
  snapshotTime: '2026-12-01T00:00:00.000Z',
  types: [
    {
      type: 'TAG_POLICY',
      document: {
        tags: {
          costcenter: {
            tag_key: 'CostCenter',
            tag_value: ['cc-42', 'cc-77'],
          },
        },
      },
      entries: [
        {
          path: ['tags', 'costcenter', 'tag_key'],
          value: 'CostCenter',
          sources: [{ node: root, policy: rootTags, operator: '@@assign' }],
        },
        {
          path: ['tags', 'costcenter', 'tag_value'],
          value: ['cc-42', 'cc-77'],
          sources: [
            { node: root, policy: rootTags, operator: '@@assign' },
            { node: ou, policy: ouTags, operator: '@@append' },
            { node: ou, policy: ouTags, operator: '@@remove' },
          ],
        },
      ],
      chain: [
        { node: root, policies: [rootTags] },
        { node: ou, policies: [ouTags] },
        { node: account, policies: [] },
      ],
      warnings: [
        'ProdCostCenters at AI Production uses @@remove on tag_value, which CostCenterTags does not allow; AWS ignores it',
      ],
    },
    {
      type: 'BACKUP_POLICY',
      entries: [],
      chain: [
        { node: root, policies: [] },
        { node: ou, policies: [] },
        { node: account, policies: [] },
      ],
      warnings: [],
    },
  ],
};

function render(api: ReturnType<typeof createFakeApi>) {
  return renderInTestApp(<EffectivePolicies accountId="111111111111" />, {
    apis: [[aiGovernanceApiRef, api], mockApis.permission()],
  });
}

describe('EffectivePolicies', () => {
  it('draws each effective value with a badge per policy and operator, coloured by the level that set it', async () => {
    const api = createFakeApi({
      getEffectivePolicies: jest.fn(async () => effective),
    });
    await render(api);
    const tag = await screen.findByRole('region', {
      name: 'Effective Tag policy',
    });
    expect(api.getEffectivePolicies).toHaveBeenCalledWith('111111111111');

    // The chain, root first, says what is attached at each level.
    const levels = within(
      within(tag).getByRole('list', { name: 'Levels, root first' }),
    ).getAllByRole('listitem');
    expect(levels.map(l => l.getAttribute('aria-label'))).toEqual([
      'Root: CostCenterTags',
      'AI Production: ProdCostCenters',
      'ml-inference-prod: no policy of this type',
    ]);
    expect(levels[0].style.borderTop).toContain(hexToRgb(LEVEL_COLORS[0]));
    expect(levels[1].style.borderTop).toContain(hexToRgb(LEVEL_COLORS[1]));

    // At a glance: which level decided how many values (the last write on each value decides it).
    expect(
      within(tag).getByRole('img', {
        name: 'Values decided at each level: Root 1, AI Production 1',
      }),
    ).toBeInTheDocument();

    // Each value with who set it, in the order applied.
    const keys = within(tag).getByRole('list', {
      name: 'Effective keys of the tag policy',
    });
    const value = within(keys).getByRole('listitem', {
      name: 'tags › costcenter › tag_value = cc-42, cc-77',
    });
    const badges = value.querySelectorAll('[data-operator]');
    expect([...badges].map(b => b.getAttribute('aria-label'))).toEqual([
      'set by @@assign in CostCenterTags at Root',
      'added to by @@append in ProdCostCenters at AI Production',
      'removed from by @@remove in ProdCostCenters at AI Production',
    ]);
    expect((badges[0] as HTMLElement).style.borderLeft).toContain(
      hexToRgb(LEVEL_COLORS[0]),
    );
    expect((badges[1] as HTMLElement).style.borderLeft).toContain(
      hexToRgb(LEVEL_COLORS[1]),
    );
    // Long policy and level names wrap inside the row rather than being cut off at the column's edge.
    for (const badge of badges) {
      const style = (badge as HTMLElement).style;
      expect(style.whiteSpace).toBe('normal');
      expect(style.flexWrap).toBe('wrap');
      expect(style.overflow).not.toBe('hidden');
      expect(style.maxWidth).toBe('100%');
    }
    expect(
      within(value).getByRole('link', { name: 'CostCenterTags' }),
    ).toHaveAttribute('href', expect.stringContaining('p-tagroot'));
    expect(
      within(keys).getByRole('listitem', {
        name: 'tags › costcenter › tag_key = CostCenter',
      }),
    ).toBeInTheDocument();

    // The legend, the warning, and the types that are enabled but set nothing.
    expect(
      within(tag).getByText('adds to the list a parent set'),
    ).toBeInTheDocument();
    expect(within(tag).getByRole('note')).toHaveTextContent(
      'ProdCostCenters at AI Production uses @@remove',
    );
    expect(
      screen.getByText('Enabled, nothing applies: Backup policy'),
    ).toBeInTheDocument();
  });

  it('says so when the backend cannot answer, with a retry', async () => {
    const api = createFakeApi({
      getEffectivePolicies: jest.fn(async () => {
        throw Object.assign(new Error('the snapshot is not ready'), {
          statusCode: 503,
        });
      }),
    });
    await render(api);
    expect(
      await screen.findByText(/the snapshot is not ready/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /retry/i })).toBeInTheDocument();
  });

  it('says when no management type is enabled', async () => {
    await render(createFakeApi());
    expect(
      await screen.findByText(/No management policy type .* is enabled/),
    ).toBeInTheDocument();
  });
});

describe('keyRows', () => {
  it('opens each key once, above its values, indented by depth', () => {
    const rows = keyRows(effective.types[0].entries);
    expect(
      rows.map(r => [r.kind, r.depth, r.kind === 'key' ? r.key : '']),
    ).toEqual([
      ['key', 0, 'tags'],
      ['key', 1, 'costcenter'],
      ['value', 2, ''],
      ['value', 2, ''],
    ]);
  });
});

function hexToRgb(hex: string) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
