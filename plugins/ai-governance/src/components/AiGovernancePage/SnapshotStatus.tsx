/* The page header's snapshot age and Refresh button, polling the crawl while one runs. */
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { aiGovernanceRefreshPermission } from '@internal/plugin-ai-governance-common';
import { Button, Flex, Text } from '@backstage/ui';
import { RiRefreshLine } from '@remixicon/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { ageSeconds, formatAge } from '../../lib/format';
import type { StatusResponse } from '@internal/plugin-ai-governance-common';

/** The last failure, when it is newer than the last success (or nothing succeeded yet). */
export function currentFailure(s: StatusResponse | undefined) {
  const failure = s?.lastFailure;
  if (!failure) return undefined;
  const success = s?.lastCrawl?.startedAt;
  if (success && Date.parse(success) > Date.parse(failure.failedAt)) {
    return undefined;
  }
  return failure;
}

/** How often the status is polled while a crawl runs. */
export const REFRESH_POLL_MS = 2000;

/**
 * Snapshot age, a warning when the snapshot is incomplete or the last crawl failed, and a refresh button for those
 * allowed to ask for a fresh crawl.
 */
export function SnapshotStatus(props: { onRefreshed?: () => void }) {
  const api = useApi(aiGovernanceApiRef);
  const { allowed: canRefresh } = usePermission({
    permission: aiGovernanceRefreshPermission,
  });
  const status = useAsyncRetry(() => api.getStatus(), [api]);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const { onRefreshed } = props;
  const onRefresh = useCallback(async () => {
    setError(undefined);
    setRefreshing(true);
    const before = status.value?.snapshotTime ?? null;
    try {
      await api.refresh();
    } catch (e) {
      setRefreshing(false);
      setError((e as Error).message);
      return;
    }
    const poll = async (attempt: number) => {
      try {
        const s = await api.getStatus();
        if ((!s.refreshing && s.snapshotTime !== before) || attempt >= 30) {
          setRefreshing(false);
          status.retry();
          onRefreshed?.();
          return;
        }
      } catch (e) {
        setRefreshing(false);
        setError((e as Error).message);
        return;
      }
      timer.current = setTimeout(() => poll(attempt + 1), REFRESH_POLL_MS);
    };
    await poll(0);
  }, [api, status, onRefreshed]);

  const s = status.value;
  const busy = refreshing || !!s?.refreshing;
  let label = 'No snapshot yet';
  if (status.loading && !s) label = 'Snapshot…';
  else if (status.error) label = 'Snapshot age unknown';
  else if (s?.snapshotTime) {
    label = `Snapshot ${formatAge(s.snapshotAgeSeconds)}${
      s.source?.kind ? ` (${s.source.kind})` : ''
    }`;
  }
  const failure = currentFailure(s);
  const incomplete = s?.snapshotComplete === false;
  return (
    <Flex align="center" gap="2">
      <Text variant="body-small" color="secondary" aria-live="polite">
        {label}
        {busy ? ' · refreshing…' : ''}
      </Text>
      {incomplete && (
        <Text
          variant="body-small"
          color="warning"
          role="status"
          title={s?.lastCrawl?.errors.join('\n')}
        >
          ⚠ Incomplete snapshot: the organization kept changing during the
          crawl, so some accounts, OUs or attachments may be missing. Refresh to
          crawl again.
        </Text>
      )}
      {failure && (
        <Text
          variant="body-small"
          color="danger"
          role="alert"
          title={failure.error}
        >
          Last crawl failed {formatAge(ageSeconds(failure.failedAt))}
          {failure.operation ? ` at ${failure.operation}` : ''}: {failure.error}
          {s?.snapshotTime ? ' (showing the previous snapshot)' : ''}
        </Text>
      )}
      {error && (
        <Text variant="body-small" color="danger" role="alert">
          Refresh failed: {error}
        </Text>
      )}
      {canRefresh && (
        <Button
          size="small"
          variant="secondary"
          iconStart={<RiRefreshLine size={16} />}
          onPress={onRefresh}
          isPending={busy}
        >
          Refresh
        </Button>
      )}
    </Flex>
  );
}
