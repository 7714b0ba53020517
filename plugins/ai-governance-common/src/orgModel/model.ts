/**
 * The org model file: a YAML description of an organization (its OU tree, accounts, policies and attachments).
 * One format for the sandbox seed, the simulator and the governance baseline. See docs/org-model.md.
 */
import type { AccountState, PolicyType } from './types';

/** @public */
export const ORG_MODEL_API_VERSION = 'ai-governance/v1';

/** A parsed, validated org model file. Policy documents are resolved (file references read). @public */
export interface OrgModel {
  apiVersion: typeof ORG_MODEL_API_VERSION;
  kind: 'Organization';
  metadata?: { name?: string; description?: string };
  spec: OrgModelSpec;
}

/** @public */
export interface OrgModelSpec {
  /** `o-…`; derived from the management account's email when absent. */
  organizationId?: string;
  /** `r-…`; derived from the organization id when absent. */
  rootId?: string;
  managementAccount: OrgModelManagementAccount;
  /** Policy types enabled on the root. Defaults to `[SERVICE_CONTROL_POLICY]`. */
  enabledPolicyTypes: PolicyType[];
  policies: OrgModelPolicy[];
  root: OrgModelRoot;
}

/** @public */
export interface OrgModelManagementAccount {
  name: string;
  email: string;
  id?: string;
  tags?: Record<string, string>;
  /** Attachments by policy name; as for any account. */
  policies?: string[];
}

/** @public */
export interface OrgModelPolicy {
  name: string;
  type: PolicyType;
  description?: string;
  /** `p-…`; derived from the type and name when absent. */
  id?: string;
  /** The file the document came from, as written in the model (relative to the model file). */
  file?: string;
  /** The policy document (a JSON string), read from `file` or given inline. */
  document: string;
}

/** @public */
export interface OrgModelRoot {
  /** Attachments by policy name (of every type). A type listed in none gets AWS's default (FullAWSAccess…). */
  policies?: string[];
  tags?: Record<string, string>;
  organizationalUnits?: OrgModelOrganizationalUnit[];
  accounts?: OrgModelAccount[];
}

/** @public */
export interface OrgModelOrganizationalUnit {
  name: string;
  /** `ou-…`; derived from the OU's path of names when absent. */
  id?: string;
  policies?: string[];
  tags?: Record<string, string>;
  organizationalUnits?: OrgModelOrganizationalUnit[];
  accounts?: OrgModelAccount[];
}

/** @public */
export interface OrgModelAccount {
  name: string;
  email: string;
  /** 12 digits; derived from the email when absent. */
  id?: string;
  tags?: Record<string, string>;
  policies?: string[];
  /** Defaults to ACTIVE. */
  state?: AccountState;
  /** ISO 8601; defaults to a fixed date so that compiling is deterministic. */
  joinedTimestamp?: string;
}

/** One problem found in an org model file. @public */
export interface OrgModelProblem {
  /** Where in the file, e.g. `spec.root.organizationalUnits[0].accounts[2].email`. */
  path: string;
  message: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
}

/** Thrown when an org model file is invalid; lists every problem found, not just the first. @public */
export class OrgModelError extends Error {
  readonly problems: OrgModelProblem[];

  constructor(problems: OrgModelProblem[], source?: string) {
    const where = source ? ` ${source}` : '';
    super(
      `The org model${where} has ${problems.length} problem${
        problems.length === 1 ? '' : 's'
      }:\n${problems
        .map(
          p =>
            `  - ${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`,
        )
        .join('\n')}`,
    );
    this.name = 'OrgModelError';
    this.problems = problems;
  }
}
