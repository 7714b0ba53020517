/* The Drift tab: where the live organization differs from the governance baseline, grouped by kind. */
import { useApi } from '@backstage/core-plugin-api';
import type {
  BaselineDrift,
  BaselineDriftItem,
  BaselineDriftKind,
} from '@internal/plugin-ai-governance-common';
import { Alert, Button, Flex, Link, Text } from '@backstage/ui';
import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../../api';
import { useOptionalTreeData } from '../../hooks/useTreeData';
import { ageSeconds, formatAge } from '../../lib/format';
import { useLinks } from '../links';
import { SectionCard } from '../SectionCard';
import { ErrorState, LoadingState } from '../states';
import { BaselineWhatIf } from './BaselineWhatIf';

/** The heading of each kind of drift, in the order the view lists them. */
export const DRIFT_KIND_LABELS: Record<BaselineDriftKind, string> = {
  'policy-type-disabled': 'Policy types not enabled',
  'policy-missing': 'Missing policies',
  'policy-changed': 'Changed policies',
  'ou-missing': 'Missing OUs',
  'ou-extra': 'OUs not in the baseline',
  'attachment-missing': 'Missing attachments',
  'attachment-extra': 'Attachments not in the baseline',
  'account-missing': 'Missing accounts',
  'account-misplaced': 'Misplaced accounts',
};

const KIND_ORDER = Object.keys(DRIFT_KIND_LABELS) as BaselineDriftKind[];

function baselineName(drift: BaselineDrift): string {
  return drift.baseline ? `the baseline ${drift.baseline}` : 'the baseline';
}

function groupByKind(items: BaselineDriftItem[]) {
  const groups = new Map<BaselineDriftKind, BaselineDriftItem[]>();
  for (const item of items) {
    const list = groups.get(item.kind) ?? [];
    list.push(item);
    groups.set(item.kind, list);
  }
  return [...groups.entries()].sort(
    ([a], [b]) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b),
  );
}

/** The policy and the node an item is about, each linked to its view when it exists in the live organization. */
function Subject(props: { item: BaselineDriftItem }) {
  const links = useLinks();
  const { item } = props;
  const policy =
    item.policyName &&
    (item.policyId ? (
      <Link href={links.policy(item.policyId)}>{item.policyName}</Link>
    ) : (
      <strong>{item.policyName}</strong>
    ));
  const node =
    item.path &&
    (item.nodeId ? (
      <Link href={links.node(item.nodeId)}>{item.path}</Link>
    ) : (
      <code>{item.path}</code>
    ));
  if (policy && node) {
    return (
      <>
        {policy} at {node}
      </>
    );
  }
  return <>{policy || node || item.policyType}</>;
}

function DriftGroup(props: {
  kind: BaselineDriftKind;
  items: BaselineDriftItem[];
}) {
  const label = DRIFT_KIND_LABELS[props.kind] ?? props.kind;
  return (
    <SectionCard title={`${label} (${props.items.length})`}>
      <ul
        aria-label={label}
        style={{ margin: 0, paddingLeft: 20, display: 'grid', gap: 8 }}
      >
        {props.items.map((item, i) => (
          <li key={`${item.path ?? ''}|${item.policyName ?? ''}|${i}`}>
            <Text as="div">
              <Subject item={item} />
            </Text>
            <Text as="div" variant="body-small" color="secondary">
              {item.message}
            </Text>
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}

/** Where the live organization differs from the governance baseline, grouped by kind of difference. */
export function DriftView() {
  const api = useApi(aiGovernanceApiRef);
  const state = useAsyncRetry(() => api.getDrift(), [api]);
  const drift = state.value;
  // A refreshed snapshot (from the page header) changes the tree's time: compare again. The tree's first load is
  // not a refresh: the comparison above already reads the backend's latest snapshot.
  const snapshotTime = useOptionalTreeData()?.tree?.snapshotTime;
  const seenSnapshot = useRef(snapshotTime);
  const { retry } = state;
  useEffect(() => {
    if (
      seenSnapshot.current &&
      snapshotTime &&
      snapshotTime !== seenSnapshot.current
    ) {
      retry();
    }
    seenSnapshot.current = snapshotTime ?? seenSnapshot.current;
  }, [snapshotTime, retry]);

  if (state.error) {
    return (
      <ErrorState
        what="compare the organization with its baseline"
        error={state.error}
        onRetry={state.retry}
      />
    );
  }
  if (!drift) {
    return <LoadingState what="the baseline comparison" />;
  }
  const groups = groupByKind(drift.items);
  const taken = new Date(drift.snapshotTime);
  return (
    <Flex direction="column" gap="4">
      <SectionCard
        heading="h2"
        title="Drift"
        description={
          <>
            Baseline <strong>{drift.baseline ?? '(unnamed)'}</strong> compared
            with the snapshot taken{' '}
            <time dateTime={drift.snapshotTime}>
              {Number.isNaN(taken.getTime())
                ? drift.snapshotTime
                : taken.toLocaleString()}
            </time>{' '}
            ({formatAge(ageSeconds(drift.snapshotTime))}).
          </>
        }
        actions={
          <Button
            size="small"
            variant="secondary"
            onPress={state.retry}
            isPending={state.loading}
          >
            Compare again
          </Button>
        }
      >
        {drift.inSync ? (
          <Alert
            status="success"
            icon
            title={`The organization matches ${baselineName(drift)}`}
            description="No OU, policy, attachment or account differs from it."
          />
        ) : (
          <Text aria-live="polite">
            <strong>{drift.items.length}</strong>{' '}
            {drift.items.length === 1 ? 'difference' : 'differences'} from{' '}
            {baselineName(drift)}. The engines create and update what is missing
            or changed; extra OUs and attachments are reported, never removed.
          </Text>
        )}
      </SectionCard>
      {groups.map(([kind, items]) => (
        <DriftGroup key={kind} kind={kind} items={items} />
      ))}
      {!drift.inSync && <BaselineWhatIf key={drift.snapshotTime} />}
    </Flex>
  );
}
