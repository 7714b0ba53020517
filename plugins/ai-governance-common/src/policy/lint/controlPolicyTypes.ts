/**
 * Rules that depend on the control policy type: SCPs take no Principal; RCPs take only "Principal": "*", only Deny
 * (but RCPFullAWSAccess), no NotAction, and apply to the services the IAM data package lists as supporting RCPs (the
 * catalog's `rcpSupportedServices`; the evaluator's copy of that list only when no catalog is given).
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { PolicyStatement } from '../document';
import { RCP_SUPPORTED_SERVICES } from '../evaluate/tables';
import type { LintOptions } from './options';

/** The Principal, Effect and service rules of SCPs and RCPs. */
export function checkTypeRules(
  st: PolicyStatement,
  options: LintOptions,
  findings: LintFinding[],
) {
  const type = options.type;
  if (type === 'SERVICE_CONTROL_POLICY') {
    for (const el of ['Principal', 'NotPrincipal'] as const) {
      if (st.elements[el]) {
        findings.push(
          findingAt(
            'SCP_SYNTAX_ERROR_PRINCIPAL',
            'error',
            `An SCP does not support ${el}: SCPs apply to every principal of the accounts below them; use a condition on aws:PrincipalArn to target principals.`,
            st.elements[el],
            st.index,
          ),
        );
      }
    }
  }
  if (type === 'RESOURCE_CONTROL_POLICY') {
    if (st.elements.NotPrincipal) {
      findings.push(
        findingAt(
          'RCP_SYNTAX_ERROR_NOT_PRINCIPAL',
          'error',
          'An RCP does not support NotPrincipal: use "Principal": "*" with conditions.',
          st.elements.NotPrincipal,
          st.index,
        ),
      );
    }
    if (!st.principal && !st.notPrincipal) {
      findings.push(
        findingAt(
          'MISSING_PRINCIPAL',
          'error',
          'An RCP statement needs "Principal": "*".',
          st.span,
          st.index,
        ),
      );
    } else if (
      st.principal &&
      !(st.principal.wildcard && Object.keys(st.principal.byType).length === 0)
    ) {
      findings.push(
        findingAt(
          'RCP_SYNTAX_ERROR_PRINCIPAL',
          'error',
          'An RCP supports only "Principal": "*"; narrow the principals with conditions instead.',
          st.principal.span,
          st.index,
        ),
      );
    }
    if (
      st.effect?.value === 'Allow' &&
      options.policyName !== 'RCPFullAWSAccess'
    ) {
      findings.push(
        findingAt(
          'RCP_SYNTAX_ERROR_ALLOW',
          'error',
          'An RCP supports only Deny statements (the AWS-managed RCPFullAWSAccess is the only Allow).',
          st.effect.span,
          st.index,
        ),
      );
    }
    if (st.elements.NotAction) {
      findings.push(
        findingAt(
          'RCP_SYNTAX_ERROR_NOT_ACTION',
          'error',
          'An RCP does not support NotAction.',
          st.elements.NotAction,
          st.index,
        ),
      );
    }
    const supported =
      options.catalog?.rcpSupportedServices?.() ?? RCP_SUPPORTED_SERVICES;
    const source = options.catalog?.rcpSupportedServices
      ? ` (iam-data ${options.catalog.version})`
      : '';
    for (const a of st.action ?? []) {
      const service = a.value.slice(0, a.value.indexOf(':')).toLowerCase();
      if (a.value === '*' || /[*?]/.test(service) || !service) continue;
      if (!supported.includes(service)) {
        findings.push(
          findingAt(
            'RCP_UNSUPPORTED_SERVICE',
            'warning',
            `RCPs do not apply to ${service}${source}: "${a.value}" has no effect in an RCP.`,
            a.span,
            st.index,
          ),
        );
      }
    }
  }
}
