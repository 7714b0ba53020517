/* What the account-request views share: formatting, state tests, the user and approver hooks, the fields list. */
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  aiGovernanceAccountRequestApprovePermission,
  AccountRequestRecord,
  AccountRequestState,
  FINAL_ACCOUNT_REQUEST_STATES,
} from '@internal/plugin-ai-governance-common';
import type { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { statusChipStyle } from '../chips';
import { DefinitionList } from '../DefinitionList';

/** `2026-12-01 09:00 UTC`: the same for every reader, whatever their time zone. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `user:default/jane` reads as `jane`; other refs as they are. */
export function shortRef(ref: string | undefined): string {
  if (!ref) return '';
  const m = /^user:(?:default\/)?(.+)$/.exec(ref);
  return m ? m[1] : ref;
}

export function isFinal(state: AccountRequestState): boolean {
  return FINAL_ACCOUNT_REQUEST_STATES.includes(state);
}

/** The requester may withdraw a request until provisioning starts. */
export function isCancellable(state: AccountRequestState): boolean {
  return state === 'requested' || state === 'approved';
}

/** The signed-in user's entity ref, to tell their own requests apart (four eyes). */
export function useUserRef(): string | undefined {
  const identity = useApi(identityApiRef);
  return useAsync(
    async () => (await identity.getBackstageIdentity()).userEntityRef,
    [identity],
  ).value;
}

/**
 * Which of these requests the user may approve or reject. The approve permission is a resource permission: the
 * browser may only ask about a given request (the permission backend refuses resource checks without a
 * resourceRef), so the queue asks about each one; the permission client batches the questions into one call.
 */
export function useApprovable(ids: string[]): {
  loading: boolean;
  approvable: Set<string>;
  error?: Error;
} {
  const permissionApi = useApi(permissionApiRef);
  const key = [...ids].sort().join(',');
  const state = useAsync(async () => {
    const list = key ? key.split(',') : [];
    const answers = await Promise.all(
      list.map(resourceRef =>
        permissionApi.authorize({
          permission: aiGovernanceAccountRequestApprovePermission,
          resourceRef,
        }),
      ),
    );
    return new Set(
      list.filter((_, i) => answers[i].result === AuthorizeResult.ALLOW),
    );
  }, [permissionApi, key]);
  return {
    loading: state.loading,
    approvable: state.value ?? new Set(),
    error: state.error,
  };
}

const CLASSIFICATION_LABELS: Record<string, string> = {
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  restricted: 'Restricted',
};

/**
 * Marks a root email the requester chose instead of the configured pattern: whoever reads that mailbox can reset
 * the account's root password, so an approver should know whose mailbox it is before approving.
 */
export function GivenEmailChip() {
  return (
    <span
      role="note"
      aria-label="Root email given by the requester"
      title="The requester chose this root email instead of the configured pattern. Whoever reads this mailbox can reset the account's root password: check that it belongs to the owning team, not to a person."
      style={{
        ...statusChipStyle,
        color: 'var(--bui-fg-warning, #8a5300)',
        background: 'var(--bui-warning-bg-subdued, #fff4e0)',
      }}
    >
      Given by the requester
    </span>
  );
}

/** Every form field of a request, as a definition list. */
export function RequestFields(props: { request: AccountRequestRecord }) {
  const { request } = props;
  const f = request.fields;
  const rows: Array<[string, ReactNode]> = [
    ['Account name', f.name],
    ['Environment', f.environment],
    ['Owner', f.owner],
    ['Cost center', f.costCenter],
    [
      'Data classification',
      CLASSIFICATION_LABELS[f.dataClassification] ?? f.dataClassification,
    ],
    ['Purpose', f.purpose],
    [
      'Root email',
      request.emailGivenByRequester ? (
        <>
          {request.email} <GivenEmailChip />
        </>
      ) : (
        request.email
      ),
    ],
    ['Requested by', request.requestedBy],
    ['Requested at', formatTime(request.createdAt)],
  ];
  return <DefinitionList aria-label="Request fields" rows={rows} />;
}
