/**
 * The sandbox's records in the shapes AWS Organizations returns them (Root, OrganizationalUnit, Account,
 * PolicySummary, CreateAccountStatus, Tag), with timestamps in epoch seconds as AWS JSON 1.1 carries them.
 */
import type { AccountState } from '@internal/plugin-ai-governance-common';
import type { OrgStore } from '../OrgStore';
import type {
  AccountRecord,
  CreateAccountRecord,
  OuRecord,
  PolicyRecord,
} from '../records';

/** Epoch milliseconds as the epoch seconds AWS JSON 1.1 timestamps carry. */
export function seconds(ms: number): number {
  return ms / 1000;
}

/** The older `Status` field AWS still returns beside `State`. */
function accountStatus(state: AccountState): string {
  if (state === 'PENDING_CLOSURE') return 'PENDING_CLOSURE';
  if (state === 'SUSPENDED' || state === 'CLOSED') return 'SUSPENDED';
  return 'ACTIVE';
}

export function rootShape(store: OrgStore) {
  return {
    Id: store.root.id,
    Arn: store.rootArn(),
    Name: 'Root',
    PolicyTypes: store.root.enabledPolicyTypes.map(Type => ({
      Type,
      Status: 'ENABLED',
    })),
  };
}

export function ouShape(store: OrgStore, ou: OuRecord) {
  return { Id: ou.id, Arn: store.ouArn(ou.id), Name: ou.name };
}

export function accountShape(store: OrgStore, a: AccountRecord) {
  return {
    Id: a.id,
    Arn: store.accountArn(a.id),
    Email: a.email,
    Name: a.name,
    Status: accountStatus(a.state),
    State: a.state,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: seconds(a.joinedTimestamp),
  };
}

export function policySummary(store: OrgStore, p: PolicyRecord) {
  return {
    Id: p.id,
    Arn: store.policyArn(p),
    Name: p.name,
    Description: p.description,
    Type: p.type,
    AwsManaged: p.awsManaged,
  };
}

export function policyShape(store: OrgStore, p: PolicyRecord) {
  return { PolicySummary: policySummary(store, p), Content: p.content };
}

export function createAccountShape(s: CreateAccountRecord) {
  const out: Record<string, unknown> = {
    Id: s.id,
    AccountName: s.accountName,
    State: s.state,
    RequestedTimestamp: seconds(s.requestedTimestamp),
  };
  if (s.completedTimestamp !== undefined)
    out.CompletedTimestamp = seconds(s.completedTimestamp);
  if (s.accountId) out.AccountId = s.accountId;
  if (s.failureReason) out.FailureReason = s.failureReason;
  return out;
}

export function tagsShape(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
