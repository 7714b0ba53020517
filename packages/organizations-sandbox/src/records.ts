/**
 * The records the sandbox keeps for each resource (root, OU, account, policy, CreateAccount request), and
 * {@link SandboxState}, the persisted form of all of them.
 */
import type {
  AccountState,
  PolicyType,
} from '@internal/plugin-ai-governance-common';

export interface RootRecord {
  id: string;
  enabledPolicyTypes: PolicyType[];
  tags: Record<string, string>;
}
export interface OuRecord {
  id: string;
  name: string;
  parentId: string;
  tags: Record<string, string>;
}
export interface AccountRecord {
  id: string;
  name: string;
  email: string;
  parentId: string;
  state: AccountState;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: number;
  tags: Record<string, string>;
  closeAt?: number;
}
export interface PolicyRecord {
  id: string;
  name: string;
  type: PolicyType;
  description: string;
  awsManaged: boolean;
  content: string;
  tags: Record<string, string>;
}
export interface CreateAccountRecord {
  id: string;
  accountName: string;
  email: string;
  tags: Record<string, string>;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  requestedTimestamp: number;
  completeAt: number;
  completedTimestamp?: number;
  accountId?: string;
  failureReason?: string;
  plannedFailure?: string;
}

/** The persisted form of the sandbox's state. */
export interface SandboxState {
  version: 1;
  organization: { id: string; managementAccountId: string };
  root: RootRecord;
  organizationalUnits: OuRecord[];
  accounts: AccountRecord[];
  policies: PolicyRecord[];
  attachments: Array<[string, string[]]>;
  createAccountStatuses: CreateAccountRecord[];
  counter: number;
  /** Service principals with trusted access, and when it was enabled (epoch ms). */
  servicePrincipals?: Array<[string, number]>;
}
