/*
 * What "Can it?" sends and how it reads the answer: the request built from the form (with the principal's own
 * policies and the accounts when given), the statement that decided.
 */
import {
  checkRequestPolicy,
  describeRequestPolicyProblems,
  type DecidingStatement,
  type EvaluatedPolicyKind,
  type RequestPolicy,
  type RequestPolicyKind,
  type SimulationRequest,
  type SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { findStatementLines } from '../../lib/format';

/** One row of the request-context editor: a condition key and its value(s), comma-separated. */
export interface ContextRow {
  key: string;
  value: string;
}

export function buildRequest(form: {
  target: string;
  action: string;
  resource: string;
  context: ContextRow[];
}): SimulationRequest {
  const context: Record<string, string | string[]> = {};
  for (const row of form.context) {
    const key = row.key.trim();
    if (!key) continue;
    const values = row.value
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    context[key] = values.length > 1 ? values : values[0] ?? '';
  }
  return {
    target: form.target.trim(),
    action: form.action.trim(),
    resource: form.resource.trim() || '*',
    ...(Object.keys(context).length ? { context } : {}),
  };
}

/** A policy pasted or uploaded into the form; `name` is the uploaded file's name, empty when pasted. */
export interface PolicyDraft {
  name: string;
  content: string;
}

/** The resource-account choice that means an account outside the organization. */
export const OUTSIDE_ORGANIZATION = 'outside';
/** The resource-account choice that leaves the resource in the principal's account (or the resource ARN's). */
export const PRINCIPAL_ACCOUNT = 'default';

/** The form's principal, resource account and policies, before they become request fields. */
export interface PartsForm {
  principalArn: string;
  principalAccount: string;
  /** PRINCIPAL_ACCOUNT, an account id of the organization, or OUTSIDE_ORGANIZATION. */
  resourceAccount: string;
  /** With OUTSIDE_ORGANIZATION: the account's 12-digit id. */
  outsideAccount: string;
  identityPolicies: PolicyDraft[];
  resourcePolicy: PolicyDraft;
  boundary: PolicyDraft;
  sessionPolicy: PolicyDraft;
}

const EMPTY_DRAFT: PolicyDraft = { name: '', content: '' };

export function emptyParts(): PartsForm {
  return {
    principalArn: '',
    principalAccount: '',
    resourceAccount: PRINCIPAL_ACCOUNT,
    outsideAccount: '',
    identityPolicies: [EMPTY_DRAFT],
    resourcePolicy: EMPTY_DRAFT,
    boundary: EMPTY_DRAFT,
    sessionPolicy: EMPTY_DRAFT,
  };
}

/** The request fields the parts give, or the first problem to fix (with the policy, line and column). */
export function buildRequestParts(form: PartsForm): {
  parts: Partial<SimulationRequest>;
  problem?: string;
} {
  const parts: Partial<SimulationRequest> = {};
  const problems: string[] = [];
  const policy = (
    draft: PolicyDraft,
    kind: RequestPolicyKind,
    id: string,
    label: string,
  ): RequestPolicy | undefined => {
    if (!draft.content.trim()) return undefined;
    const name = draft.name || label;
    const found = checkRequestPolicy(draft.content, kind);
    if (found.length) {
      problems.push(describeRequestPolicyProblems(name, found, 3));
    }
    return { id, name, content: draft.content };
  };
  const identity = form.identityPolicies
    .map((d, i) =>
      policy(d, 'identity', `identity-${i + 1}`, `Identity policy ${i + 1}`),
    )
    .filter((p): p is RequestPolicy => !!p);
  if (identity.length) parts.identityPolicies = identity;
  const resource = policy(
    form.resourcePolicy,
    'resource',
    'resource-policy',
    'Resource-based policy',
  );
  if (resource) parts.resourcePolicy = resource;
  const boundary = policy(
    form.boundary,
    'boundary',
    'boundary',
    'Permissions boundary',
  );
  if (boundary) parts.permissionsBoundary = boundary;
  const session = policy(
    form.sessionPolicy,
    'session',
    'session-policy',
    'Session policy',
  );
  if (session) parts.sessionPolicies = [session];
  const arn = form.principalArn.trim();
  const principalAccount = form.principalAccount.trim();
  if (arn || principalAccount) {
    parts.principal = {
      ...(arn ? { arn } : {}),
      ...(principalAccount ? { accountId: principalAccount } : {}),
    };
  }
  if (form.resourceAccount === OUTSIDE_ORGANIZATION) {
    const id = form.outsideAccount.trim();
    if (!/^\d{12}$/.test(id)) {
      problems.push(
        'Enter the 12-digit id of the resource’s account outside the organization.',
      );
    }
    parts.resourceOwner = { accountId: id };
  } else if (form.resourceAccount !== PRINCIPAL_ACCOUNT) {
    parts.resourceOwner = { accountId: form.resourceAccount };
  }
  return problems.length ? { parts, problem: problems.join('\n') } : { parts };
}

/** The policies a request carries, by the id results name them with. */
export function requestPoliciesOf(
  request: Partial<SimulationRequest>,
): Map<string, RequestPolicy> {
  const all = [
    ...(request.identityPolicies ?? []),
    ...(request.sessionPolicies ?? []),
    request.resourcePolicy,
    request.permissionsBoundary,
    request.vpcEndpointPolicy,
  ].filter((p): p is RequestPolicy => !!p);
  return new Map(all.map(p => [p.id ?? p.name, p]));
}

/** How the answer names each policy kind. */
export const POLICY_KIND_LABELS: Record<EvaluatedPolicyKind, string> = {
  RESOURCE_CONTROL_POLICY: 'Resource control policies',
  SERVICE_CONTROL_POLICY: 'Service control policies',
  RESOURCE_POLICY: 'Resource-based policy',
  IDENTITY_POLICY: 'Identity policies',
  PERMISSIONS_BOUNDARY: 'Permissions boundary',
  SESSION_POLICY: 'Session policies',
  VPC_ENDPOINT_POLICY: 'VPC endpoint policy',
};

/** Whether a kind is one of the organization's (attached to a root, OU or account). */
export function isOrganizationKind(kind: EvaluatedPolicyKind): boolean {
  return (
    kind === 'SERVICE_CONTROL_POLICY' || kind === 'RESOURCE_CONTROL_POLICY'
  );
}

/**
 * Which statement decided the final answer, if one did. When a policy the request carried decided (identity,
 * resource-based, boundary, session or VPC endpoint policy), `kind` names it and `levelName` is the kind's label.
 */
export function decidingOf(result: SimulationResult): {
  statement?: DecidingStatement;
  levelName?: string;
  kind?: EvaluatedPolicyKind;
} {
  const by = result.decidedBy;
  if (by && !isOrganizationKind(by.kind)) {
    return {
      statement: by.statement,
      levelName: POLICY_KIND_LABELS[by.kind],
      kind: by.kind,
    };
  }
  if (result.decision === 'ExplicitDeny') {
    for (const level of result.levels) {
      const stmt = level.deciding.find(d => d.effect === 'Deny');
      if (level.decision === 'ExplicitDeny' && stmt) {
        return { statement: stmt, levelName: level.node.name };
      }
    }
  }
  if (result.decision === 'ImplicitDeny') {
    const level = result.levels.find(l => l.decision === 'ImplicitDeny');
    return { levelName: level?.node.name };
  }
  const allowing = [...result.levels]
    .reverse()
    .find(l => l.deciding.length > 0);
  return { statement: allowing?.deciding[0], levelName: allowing?.node.name };
}

/** The lines of a deciding statement in its policy document, when the evaluator located it. */
export function statementLines(
  statement: Pick<DecidingStatement, 'line' | 'endLine'>,
): { startLine: number; endLine: number } | undefined {
  return statement.line
    ? {
        startLine: statement.line,
        endLine: statement.endLine ?? statement.line,
      }
    : undefined;
}

/**
 * The lines of a deciding statement in its policy document: where the evaluator located it, else found in `content`
 * by its index and Sid; undefined without either.
 */
export function decidingLines(
  statement: Pick<
    DecidingStatement,
    'line' | 'endLine' | 'statementIndex' | 'sid'
  >,
  content: string | undefined,
): { startLine: number; endLine: number } | undefined {
  return (
    statementLines(statement) ??
    (content
      ? findStatementLines(content, statement.statementIndex, statement.sid)
      : undefined)
  );
}

/** How a deciding statement is named: its Sid, else its place in the document. */
export function statementName(
  statement: Pick<DecidingStatement, 'statementIndex' | 'sid'>,
): string {
  return statement.sid ?? `Statement[${statement.statementIndex}]`;
}
