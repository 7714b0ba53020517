/**
 * Action rules: INVALID_ACTION (form, or no such action in the catalog), INVALID_SERVICE_IN_ACTION, and RETIRED_ACTION
 * (an action or service IAM no longer lists: see retiredActions.ts).
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { PolicyStatement } from '../document';
import type { JsonSpan } from '../json';
import { compileWildcard, wildcardMatches } from '../match';
import type { LintOptions } from './options';
import { tooLong } from './size';
import { isRetired, RETIRED_FROM } from './retiredActions';

function actionPatterns(st: PolicyStatement) {
  return st.action ?? st.notAction ?? [];
}

/** Actions: the service:Action form, and (with a catalog) that the service and the actions exist. */
export function checkActions(
  st: PolicyStatement,
  { catalog }: LintOptions,
  findings: LintFinding[],
) {
  for (const a of actionPatterns(st)) {
    const value = a.value;
    if (value === '*' || tooLong(value)) continue;
    const colon = value.indexOf(':');
    if (
      colon <= 0 ||
      colon === value.length - 1 ||
      value.indexOf(':', colon + 1) >= 0
    ) {
      findings.push(
        findingAt(
          'INVALID_ACTION',
          'error',
          `"${value}" is not an action: write service:Action, for example "s3:GetObject" or "s3:*".`,
          a.span,
          st.index,
        ),
      );
      continue;
    }
    if (!catalog) continue;
    const service = value.slice(0, colon);
    if (/[*?]/.test(service)) continue;
    if (!catalog.serviceExists(service)) {
      if (retired(value, a.span, st.index, catalog.version, findings)) continue;
      findings.push(
        findingAt(
          'INVALID_SERVICE_IN_ACTION',
          'error',
          `Unknown service prefix "${service}" in "${value}" (iam-data ${catalog.version}).`,
          a.span,
          st.index,
        ),
      );
      continue;
    }
    const actions = catalog.actionsOf(service);
    if (!actions) continue;
    const name = value.slice(colon + 1);
    if (name === '*') continue;
    const w = compileWildcard(name, true);
    if (!actions.some(x => wildcardMatches(w, x.name))) {
      if (
        !/[*?]/.test(name) &&
        retired(value, a.span, st.index, catalog.version, findings)
      )
        continue;
      findings.push(
        findingAt(
          'INVALID_ACTION',
          'error',
          /[*?]/.test(name)
            ? `"${value}" matches no action of ${service} (iam-data ${catalog.version}).`
            : `${service} has no action "${name}" (iam-data ${catalog.version}).`,
          a.span,
          st.index,
        ),
      );
    }
  }
}

/** RETIRED_ACTION for an action (or a service) IAM no longer lists; whether it was one. */
function retired(
  value: string,
  span: JsonSpan,
  statementIndex: number,
  version: string,
  findings: LintFinding[],
): boolean {
  if (!isRetired(value)) return false;
  findings.push(
    findingAt(
      'RETIRED_ACTION',
      'warning',
      `"${value}" is a retired action: IAM no longer lists it (iam-data ${version}; listed in ${RETIRED_FROM}). AWS accepts the policy, but the statement has no effect for it; remove it.`,
      span,
      statementIndex,
    ),
  );
  return true;
}
