import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { StatusResponse } from '@internal/plugin-ai-governance-common';
import { fireEvent, screen } from '@testing-library/react';
import { aiGovernanceApiRef } from '../../api';
import { createFakeApi, status } from '../../testing/fixtures';
import { SnapshotStatus } from './SnapshotStatus';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

const lastCrawl: NonNullable<StatusResponse['lastCrawl']> = {
  startedAt: minutesAgo(10),
  durationMs: 900,
  calls: 61,
  lowerBound: 61,
  throttles: 0,
  retries: 0,
  errors: [],
  trigger: 'schedule',
};

async function renderWith(
  s: StatusResponse,
  overrides: Parameters<typeof createFakeApi>[0] = {},
) {
  const api = createFakeApi({
    getStatus: jest.fn(async () => s),
    ...overrides,
  });
  await renderInTestApp(<SnapshotStatus />, {
    apis: [
      [aiGovernanceApiRef, api],
      mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
    ],
  });
  await screen.findByText(/Snapshot \d+ min ago/);
  return api;
}

describe('SnapshotStatus', () => {
  it('warns that the snapshot is incomplete, with what was left out', async () => {
    await renderWith({
      ...status,
      snapshotComplete: false,
      lastCrawl: {
        ...lastCrawl,
        complete: false,
        errors: ['123456789012 was listed under both ou-a and ou-b'],
      },
    });
    const warning = screen.getByRole('status');
    expect(warning).toHaveTextContent(/Incomplete snapshot/);
    expect(warning).toHaveAttribute(
      'title',
      '123456789012 was listed under both ou-a and ou-b',
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the last failure, its operation and error, when it is newer than the last success', async () => {
    await renderWith({
      ...status,
      snapshotComplete: true,
      lastCrawl,
      lastFailure: {
        failedAt: minutesAgo(2),
        startedAt: minutesAgo(3),
        trigger: 'schedule',
        operation: 'ListAccountsForParent',
        error: 'AccessDeniedException: not allowed',
        durationMs: 400,
        calls: 12,
        throttles: 0,
        retries: 0,
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Last crawl failed 2 min ago at ListAccountsForParent: AccessDeniedException: not allowed (showing the previous snapshot)',
    );
    expect(screen.queryByText(/Incomplete snapshot/)).toBeNull();
  });

  it('shows nothing alarming for a complete snapshot whose last crawl succeeded after an older failure', async () => {
    await renderWith({
      ...status,
      snapshotComplete: true,
      lastCrawl,
      lastFailure: {
        failedAt: minutesAgo(30),
        startedAt: minutesAgo(31),
        trigger: 'manual',
        error: 'TooManyRequestsException: slow down',
        durationMs: 400,
        calls: 12,
        throttles: 12,
        retries: 9,
      },
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says why a refresh was refused (the per-user cooldown)', async () => {
    await renderWith(
      { ...status, lastCrawl },
      {
        refresh: jest.fn(async () => {
          throw new Error(
            'You asked for a refresh less than 60 seconds ago. Try again after 2026-12-16T10:01:00.000Z (in 42 s)',
          );
        }),
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Refresh failed: .*Try again after 2026-12-16T10:01:00.000Z \(in 42 s\)/,
    );
  });
});
