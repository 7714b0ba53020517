/**
 * Types of the what-if analysis: a change set (what someone proposes to do to the organization), the probe requests
 * it is judged by, and the effective-permission diff it produces.
 */
import type { PolicyType } from '../orgModel/types';
import type { Decision } from '../policy/types';

/** Names a policy or a node: its id or its (case-insensitive) name. @public */
export type WhatIfRef = string;

/** One proposed change. Policies and nodes are named by id or name. @public */
export type WhatIfChange =
  | { op: 'attach'; policy: WhatIfRef; target: WhatIfRef }
  | { op: 'detach'; policy: WhatIfRef; target: WhatIfRef }
  | {
      op: 'edit';
      policy: WhatIfRef;
      /** The new document: a JSON string or an object. */
      document: string | object;
    }
  | {
      op: 'create';
      name: string;
      type?: PolicyType;
      description?: string;
      document: string | object;
      /** Nodes to attach the new policy to. */
      attachTo?: WhatIfRef[];
    }
  | { op: 'delete'; policy: WhatIfRef }
  | { op: 'move'; account: WhatIfRef; to: WhatIfRef }
  | { op: 'createOu'; name: string; parent: WhatIfRef }
  | { op: 'enablePolicyType'; type: PolicyType }
  | { op: 'disablePolicyType'; type: PolicyType };

/** A request every affected account is checked with, before and after. @public */
export interface WhatIfProbe {
  action: string;
  /** Defaults to `*` ("on some resource"). */
  resource?: string;
  context?: Record<string, string | string[]>;
  principalArn?: string;
  principalTags?: Record<string, string>;
  /** Where the probe comes from: a policy statement, or the critical list. */
  source: 'policy' | 'critical';
}

/** A change set file (YAML or JSON). @public */
export interface WhatIfChangeSet {
  /** What the change is for, shown in reports. */
  description?: string;
  changes: WhatIfChange[];
  /** Extra critical requests; they replace the defaults when `replaceDefaultProbes` is true. */
  probes?: Array<Omit<WhatIfProbe, 'source'>>;
  replaceDefaultProbes?: boolean;
  /** OU or account names (or ids) whose accounts count as production. Defaults: nodes named or tagged like production. */
  production?: WhatIfRef[];
}

/** The statement (or the missing Allow) that decided a request. @public */
export interface WhatIfReason {
  decision: Decision;
  /** The node where the request was decided (for a denial: the first level that denied). */
  nodeId?: string;
  nodeName?: string;
  policyName?: string;
  policyId?: string;
  sid?: string;
  statementIndex?: number;
  /** One sentence. */
  text: string;
}

/** One account whose verdict on one probe changes. @public */
export interface WhatIfAccountChange {
  accountId: string;
  accountName: string;
  /** The OU (or root) the account is in after the change. */
  parentId?: string;
  parentName?: string;
  production: boolean;
  probe: WhatIfProbe;
  direction: 'gains' | 'loses';
  before: WhatIfReason;
  after: WhatIfReason;
}

/** Accounts of one OU whose verdict on one probe changes the same way. @public */
export interface WhatIfGroup {
  direction: 'gains' | 'loses';
  /** A short label of the probe, e.g. `bedrock:InvokeModel on arn:…anthropic.*`. */
  probe: string;
  ouId: string;
  ouName: string;
  accounts: Array<{ id: string; name: string; production: boolean }>;
  /** The statement deciding after the change (for a loss) or before it (for a gain), for the first account. */
  reason: WhatIfReason;
  dangerous: boolean;
  /** One sentence, e.g. "3 accounts in Production lose bedrock:InvokeModel on …". */
  sentence: string;
}

/** All accounts whose verdict on one probe changes the same way, across OUs. @public */
export interface WhatIfProbeSummary {
  direction: 'gains' | 'loses';
  probe: string;
  accounts: number;
  productionAccounts: number;
  ous: string[];
  dangerous: boolean;
  /** e.g. "12 accounts (3 in production) lose bedrock:InvokeModel on … in AI/Production, Sandbox." */
  sentence: string;
}

/** The effective-permission diff of one change set. @public */
export interface WhatIfResult {
  description?: string;
  /** Accounts re-evaluated (those under a changed node). */
  accountsEvaluated: number;
  accountsInOrganization: number;
  probes: number;
  changes: WhatIfAccountChange[];
  groups: WhatIfGroup[];
  /** The same changes grouped by probe and direction across OUs, dangerous first. */
  byProbe: WhatIfProbeSummary[];
  /** Whether any account gains access: a pipeline gates on this. */
  opensAccess: boolean;
  /** Warnings that need a person: gains, production losses, what the analysis cannot see. */
  warnings: string[];
  /** The changes as applied, in words. */
  applied: string[];
}
