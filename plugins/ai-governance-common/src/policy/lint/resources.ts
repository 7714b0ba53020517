/** Resource rules: VARIABLE_NOT_SUBSTITUTED, a policy variable where AWS takes it literally (the first five ARN parts). */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { PolicyStatement } from '../document';
import type { LintOptions } from './options';

/** Flags Resource and NotResource ARNs with a policy variable before the fifth colon. */
export function checkResources(
  st: PolicyStatement,
  _options: LintOptions,
  findings: LintFinding[],
) {
  for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])]) {
    // Mask IAM variables (they hold a colon) before splitting the ARN into its parts.
    const parts = r.value
      .replace(/\$\{\s*[a-z0-9-]+:[^}]*\}/g, '\u0001')
      .split(':');
    if (
      parts[0] === 'arn' &&
      parts.slice(0, 5).some(p => p.includes('\u0001'))
    ) {
      findings.push(
        findingAt(
          'VARIABLE_NOT_SUBSTITUTED',
          'warning',
          `AWS substitutes policy variables only in the resource part of an ARN (after the fifth colon): "${r.value}" is taken literally and matches nothing. Use a condition such as aws:ResourceAccount instead.`,
          r.span,
          st.index,
        ),
      );
    }
  }
}
