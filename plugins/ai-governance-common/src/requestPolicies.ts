/**
 * The policies a simulation request carries beside the organization's (identity, resource-based, permissions
 * boundary, session and VPC endpoint policies): what each kind is called, how many and how large they may be, and
 * the check that refuses a document the evaluator could not read, with the line and column of each problem. The CLI,
 * the backend's route and actions, and the dashboard run the same check, so a user sees the same message everywhere.
 */
import { parsePolicyDocument } from './policy/document';
import type { JsonSpan } from './policy/json';
import type { LintFinding } from './policy/types';

/**
 * The kinds of policy a request may carry, as the CLI's flags, the route's fields and the dashboard's form name them.
 * @public
 */
export type RequestPolicyKind =
  | 'identity'
  | 'resource'
  | 'boundary'
  | 'session'
  | 'endpoint';

/** How each kind is called in messages. @public */
export const REQUEST_POLICY_LABELS: Record<RequestPolicyKind, string> = {
  identity: 'identity policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  endpoint: 'VPC endpoint policy',
};

/**
 * Bounds on the policies one request carries. Above every AWS quota (the largest, a KMS key policy, is 32 KB; a
 * role has at most 20 managed policies plus its inline ones; a session takes 10 managed policies and one inline),
 * low enough that one request cannot make the evaluator or a server work for long.
 * @public
 */
export const REQUEST_POLICY_LIMITS = {
  /** Characters of one policy document. */
  maxLength: 65_536,
  /** Identity policies of one request. */
  maxIdentityPolicies: 50,
  /** Session policies of one request. */
  maxSessionPolicies: 11,
  /** Characters of a policy's name. */
  maxNameLength: 256,
} as const;

/** Kinds whose statements name no principal (AWS refuses a Principal in them). */
const PRINCIPAL_FORBIDDEN: ReadonlySet<RequestPolicyKind> = new Set([
  'identity',
  'boundary',
  'session',
]);

/**
 * The problems that stop the evaluator from reading a request's policy: too long, JSON or IAM grammar errors, and a
 * Principal where the kind takes none (identity, boundary, session) or none where it needs one (resource-based and
 * VPC endpoint policies). Warnings (such as a missing Version) are left out: AWS evaluates such documents. Empty when
 * the document is fine.
 * @public
 */
export function checkRequestPolicy(
  content: string,
  kind: RequestPolicyKind,
): LintFinding[] {
  const label = REQUEST_POLICY_LABELS[kind];
  if (content.length > REQUEST_POLICY_LIMITS.maxLength) {
    return [
      {
        code: 'POLICY_TOO_LARGE',
        severity: 'error',
        message: `The ${label} is ${content.length} characters; at most ${REQUEST_POLICY_LIMITS.maxLength} are taken.`,
        line: 1,
        column: 1,
      },
    ];
  }
  const { document, findings } = parsePolicyDocument(content);
  const errors = findings.filter(f => f.severity === 'error');
  const at = (
    code: string,
    message: string,
    span: JsonSpan,
    statementIndex: number,
  ) =>
    errors.push({
      code,
      severity: 'error',
      message,
      line: span.start.line,
      column: span.start.column,
      statementIndex,
    });
  for (const st of document?.statements ?? []) {
    if (!st.effect) {
      at(
        'MISSING_EFFECT',
        'The statement has no Effect: add "Effect": "Allow" or "Deny".',
        st.span,
        st.index,
      );
    } else if (st.effect.value !== 'Allow' && st.effect.value !== 'Deny') {
      at(
        'INVALID_EFFECT',
        `Effect must be "Allow" or "Deny" (case-sensitive); found "${st.effect.value}".`,
        st.effect.span,
        st.index,
      );
    }
    if (!st.action === !st.notAction) {
      at(
        st.action ? 'UNSUPPORTED_ELEMENT_COMBINATION' : 'MISSING_ACTION',
        st.action
          ? 'A statement has Action or NotAction, not both.'
          : 'The statement has no Action or NotAction.',
        st.span,
        st.index,
      );
    }
    if (st.resource && st.notResource) {
      at(
        'UNSUPPORTED_ELEMENT_COMBINATION',
        'A statement has Resource or NotResource, not both.',
        st.span,
        st.index,
      );
    } else if (!st.resource && !st.notResource && kind !== 'resource') {
      // Resource-based policies may leave it out (a role's trust policy has none); the others need it.
      at(
        'MISSING_RESOURCE',
        `The statement has no Resource: a statement of a${
          kind === 'identity' ? 'n' : ''
        } ${label} needs one (use "*" for all).`,
        st.span,
        st.index,
      );
    }
    const named = st.principal ?? st.notPrincipal;
    if (PRINCIPAL_FORBIDDEN.has(kind) && named) {
      at(
        'PRINCIPAL_NOT_ALLOWED',
        `A${
          kind === 'identity' ? 'n' : ''
        } ${label} names no principal (it applies to the principal it is attached to): remove ${
          st.principal ? 'Principal' : 'NotPrincipal'
        }.`,
        named.span,
        st.index,
      );
    }
    if (!PRINCIPAL_FORBIDDEN.has(kind) && !named) {
      at(
        'MISSING_PRINCIPAL',
        `Each statement of a ${label} needs a Principal (for example "Principal": {"AWS": "arn:aws:iam::111122223333:role/Name"} or "*").`,
        st.span,
        st.index,
      );
    }
  }
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * One message for a policy's problems, each as `name:line:column: message`, at most `max` of them (and how many more).
 * @public
 */
export function describeRequestPolicyProblems(
  name: string,
  problems: LintFinding[],
  max = 5,
): string {
  const shown = problems
    .slice(0, max)
    .map(p => `${name}:${p.line}:${p.column}: ${p.message}`);
  if (problems.length > max) shown.push(`(${problems.length - max} more)`);
  return shown.join('\n');
}
