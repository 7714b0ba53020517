import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { buildTreeIndex } from '../../lib/tree';
import { generateOrg } from '../../testing/generateOrg';
import { mockLayout } from '../../testing/layout';
import { OrgTree, ROW_HEIGHT } from './OrgTree';

const VIEWPORT = 800;
mockLayout(VIEWPORT);

describe('OrgTree at scale', () => {
  const index = buildTreeIndex(generateOrg({ accounts: 5000 }));

  it('keeps the DOM to the rows in view, whatever the size of the organization', async () => {
    await renderInTestApp(<OrgTree index={index} height={VIEWPORT} />, {
      apis: [mockApis.permission()],
    });
    const tree = await screen.findByRole('tree');
    const rows = tree.querySelectorAll('[role="treeitem"]');
    expect(rows.length).toBeGreaterThan(5);
    // Rows in the viewport plus the overscan on each side, never the 5,000 accounts.
    expect(rows.length).toBeLessThanOrEqual(
      Math.ceil(VIEWPORT / ROW_HEIGHT) + 2 * 8 + 1,
    );
    // The scroll height still accounts for every row, so the scrollbar is honest.
    expect(parseInt(tree.style.height, 10)).toBeGreaterThan(50 * ROW_HEIGHT);
    // Every 97th generated account is SUSPENDED: shown in the tree, not counted as vended.
    const suspended = Math.floor(4999 / 97) + 1;
    expect(index.closingAccountCount).toBe(suspended);
    expect(
      screen.getByText(
        `${5000 - suspended} accounts in ${
          index.ouCount
        } OUs (and ${suspended} suspended or closing, not counted)`,
      ),
    ).toBeInTheDocument();
  });

  it('filters 5,000 accounts to one and shows the path to it', async () => {
    await renderInTestApp(<OrgTree index={index} height={VIEWPORT} />, {
      apis: [mockApis.permission()],
    });
    fireEvent.change(screen.getByRole('searchbox'), {
      target: { value: 'aws+workload-4321@' },
    });
    await waitFor(() =>
      expect(screen.getByText('1 match')).toBeInTheDocument(),
    );
    const rows = [
      ...screen.getByRole('tree').querySelectorAll('[role="treeitem"]'),
    ];
    expect(rows.map(r => r.getAttribute('aria-level'))).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(rows[3]).toHaveAttribute('data-node-id', '100000004321');
  });
});
