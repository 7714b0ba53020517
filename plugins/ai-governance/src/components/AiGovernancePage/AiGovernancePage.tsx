/* The AI Governance page: the permission gate, the header with its tabs, and the routes of every view. */
import { usePermission } from '@backstage/plugin-permission-react';
import { aiGovernanceTreeReadPermission } from '@internal/plugin-ai-governance-common';
import { Box, Container, Flex, Link, PluginHeader, Text } from '@backstage/ui';
import { RiShieldCheckLine } from '@remixicon/react';
import {
  Route,
  Routes,
  useParams,
  useResolvedPath,
  useSearchParams,
} from 'react-router-dom';
import { TreeDataProvider, useTreeData } from '../../hooks/useTreeData';
import { AccountRequestDetail, AccountRequestsView } from '../AccountRequests';
import { CanItPanel } from '../CanIt';
import { DriftView } from '../Drift';
import { LinksProvider, makeLinks, useLinks } from '../links';
import { NodeDetail } from '../NodeDetail';
import { OrgTree } from '../OrgTree';
import { parseLines, PolicyView } from '../PolicyView';
import { ErrorState, LoadingState, PermissionDenied } from '../states';
import { WhatIfView } from '../WhatIf';
import { WhoCanView } from '../WhoCan';
import { SnapshotStatus } from './SnapshotStatus';

function TreeAndDetail(props: { selectedId?: string }) {
  const { loading, error, index, tree, retry } = useTreeData();
  let treeView: JSX.Element | null = null;
  if (loading && !index) {
    treeView = <LoadingState what="the organization" />;
  } else if (error) {
    treeView = (
      <ErrorState what="load the organization" error={error} onRetry={retry} />
    );
  } else if (index) {
    treeView = (
      <OrgTree
        key={tree?.snapshotTime}
        index={index}
        selectedId={props.selectedId}
      />
    );
  }
  return (
    <Flex gap="4" align="start" style={{ flexWrap: 'wrap' }}>
      <Box style={{ flex: '1 1 440px', minWidth: 0 }}>{treeView}</Box>
      <Box style={{ flex: '1.2 1 500px', minWidth: 0 }}>
        {props.selectedId ? (
          <NodeDetail key={props.selectedId} id={props.selectedId} />
        ) : (
          <Text color="secondary">
            Pick a root, OU or account to see where its guardrails come from.
          </Text>
        )}
      </Box>
    </Flex>
  );
}

function NodeRoute() {
  const { id } = useParams();
  return <TreeAndDetail selectedId={id} />;
}

function PolicyRoute() {
  const { id } = useParams();
  const [params] = useSearchParams();
  return <PolicyView id={id!} highlight={parseLines(params.get('lines'))} />;
}

function CanItRoute() {
  const [params] = useSearchParams();
  return <CanItPanel initialTarget={params.get('target') ?? undefined} />;
}

function WhatIfRoute() {
  const [params] = useSearchParams();
  const op = params.get('op');
  return (
    <WhatIfView
      initial={{
        ...(op === 'edit' || op === 'attach' || op === 'detach' || op === 'move'
          ? { op }
          : {}),
        policyId: params.get('policy') ?? undefined,
        targetId: params.get('target') ?? undefined,
        accountId: params.get('account') ?? undefined,
      }}
    />
  );
}

function RequestRoute() {
  const { id } = useParams();
  return <AccountRequestDetail key={id} id={id!} />;
}

function Header() {
  const links = useLinks();
  const { retry } = useTreeData();
  return (
    <PluginHeader
      icon={<RiShieldCheckLine />}
      title="AI Governance"
      titleLink={links.root()}
      tabs={[
        {
          id: 'org',
          label: 'Organization',
          href: links.root(),
          matchStrategy: 'exact',
        },
        { id: 'can-it', label: 'Can it?', href: links.canIt() },
        { id: 'who-can', label: 'Who can?', href: links.whoCan() },
        { id: 'what-if', label: 'What if?', href: links.whatIf() },
        { id: 'drift', label: 'Drift', href: links.drift() },
        { id: 'requests', label: 'Account requests', href: links.requests() },
      ]}
      customActions={<SnapshotStatus onRefreshed={retry} />}
    />
  );
}

/**
 * The AI Governance page: the organization's tree, node and policy views, "Can it?", "Who can?", the baseline drift
 * and account requests. Its views live at paths below wherever the page is mounted: `nodes/:id`, `policies/:id`,
 * `can-it`, `who-can`, `what-if`, `drift`, `requests` and `requests/:id` (the scaffolder action links there).
 * @public
 */
export function AiGovernancePage() {
  const basePath = useResolvedPath('.').pathname;
  const { loading, allowed } = usePermission({
    permission: aiGovernanceTreeReadPermission,
  });
  const links = makeLinks(basePath);
  if (loading) {
    return <LoadingState what="permissions" />;
  }
  if (!allowed) {
    return (
      <Container my="4">
        <PermissionDenied what="view the organization's governance tree" />
      </Container>
    );
  }
  return (
    <LinksProvider basePath={basePath}>
      <TreeDataProvider>
        <Header />
        <Container my="4">
          <Routes>
            <Route path="/" element={<TreeAndDetail />} />
            <Route path="/nodes/:id" element={<NodeRoute />} />
            <Route path="/policies/:id" element={<PolicyRoute />} />
            <Route path="/can-it" element={<CanItRoute />} />
            <Route path="/who-can" element={<WhoCanView />} />
            <Route path="/what-if" element={<WhatIfRoute />} />
            <Route path="/drift" element={<DriftView />} />
            <Route path="/requests" element={<AccountRequestsView />} />
            <Route path="/requests/:id" element={<RequestRoute />} />
            <Route
              path="*"
              element={
                <Text>
                  Nothing here. Go back to{' '}
                  <Link href={links.root()}>the organization</Link>.
                </Text>
              }
            />
          </Routes>
        </Container>
      </TreeDataProvider>
    </LinksProvider>
  );
}
