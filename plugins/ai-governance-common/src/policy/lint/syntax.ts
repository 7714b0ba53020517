/**
 * Grammar rules of an IAM policy beyond what the parser reports: Version present, Effect valid, Action/NotAction and
 * Resource/NotResource present and not both, empty arrays, Sid letters and digits and unique.
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { PolicyDocument, PolicyStatement } from '../document';
import { LintOptions, TYPE_LABEL } from './options';

/** MISSING_VERSION: without a Version, AWS does not substitute policy variables. */
export function checkVersion(
  document: PolicyDocument,
  findings: LintFinding[],
) {
  if (!document.version) {
    findings.push(
      findingAt(
        'MISSING_VERSION',
        'warning',
        'The policy has no Version: add "Version": "2012-10-17" (without it, policy variables are not substituted).',
        document.root,
      ),
    );
  }
}

/** UNIQUE_SIDS_REQUIRED: a Sid used by an earlier statement. */
export function checkUniqueSids(
  document: PolicyDocument,
  findings: LintFinding[],
) {
  const sids = new Map<string, number>();
  for (const st of document.statements) {
    if (!st.sid || st.sid.value === '') continue;
    const first = sids.get(st.sid.value);
    if (first !== undefined) {
      findings.push(
        findingAt(
          'UNIQUE_SIDS_REQUIRED',
          'error',
          `Sid "${st.sid.value}" is also used by statement ${first}: each Sid must be unique.`,
          st.sid.span,
          st.index,
        ),
      );
    } else sids.set(st.sid.value, st.index);
  }
}

/** One element of a pair (Action/NotAction, Resource/NotResource): exactly one of them, and never an empty array. */
function checkPair(
  st: PolicyStatement,
  findings: LintFinding[],
  names: readonly [string, string],
  lists: readonly [unknown[] | undefined, unknown[] | undefined],
  missing: LintFinding,
) {
  const [name, notName] = names;
  if (lists[0] && lists[1]) {
    findings.push(
      findingAt(
        'UNSUPPORTED_ELEMENT_COMBINATION',
        'error',
        `A statement has ${name} or ${notName}, not both.`,
        st.elements[notName],
        st.index,
      ),
    );
  } else if (!lists[0] && !lists[1]) {
    findings.push(missing);
  }
}

/** Effect, the Action and Resource pairs, empty arrays and the Sid's characters. */
export function checkElements(
  st: PolicyStatement,
  options: LintOptions,
  findings: LintFinding[],
) {
  if (!st.effect) {
    findings.push(
      findingAt(
        'MISSING_EFFECT',
        'error',
        'The statement has no Effect: add "Effect": "Deny" or "Allow".',
        st.span,
        st.index,
      ),
    );
  } else if (st.effect.value !== 'Allow' && st.effect.value !== 'Deny') {
    findings.push(
      findingAt(
        'INVALID_EFFECT',
        'error',
        `Effect must be "Allow" or "Deny" (case-sensitive); found "${st.effect.value}".`,
        st.effect.span,
        st.index,
      ),
    );
  }
  checkPair(
    st,
    findings,
    ['Action', 'NotAction'],
    [st.action, st.notAction],
    findingAt(
      'MISSING_ACTION',
      'error',
      'The statement has no Action or NotAction.',
      st.span,
      st.index,
    ),
  );
  checkPair(
    st,
    findings,
    ['Resource', 'NotResource'],
    [st.resource, st.notResource],
    findingAt(
      'MISSING_RESOURCE',
      'error',
      `The statement has no Resource: an ${
        TYPE_LABEL[options.type]
      } statement needs one (use "*" for all).`,
      st.span,
      st.index,
    ),
  );
  for (const [el, list] of [
    ['Action', st.action],
    ['NotAction', st.notAction],
    ['Resource', st.resource],
    ['NotResource', st.notResource],
  ] as const) {
    if (list && list.length === 0) {
      findings.push(
        findingAt(
          `EMPTY_ARRAY_${
            el === 'Action' || el === 'NotAction' ? 'ACTION' : 'RESOURCE'
          }`,
          'warning',
          `${el} is an empty array: the statement matches nothing.`,
          st.elements[el],
          st.index,
        ),
      );
    }
  }
  if (st.sid && !/^[A-Za-z0-9]*$/.test(st.sid.value)) {
    findings.push(
      findingAt(
        'UNSUPPORTED_SID',
        'error',
        `Sid "${st.sid.value}" may contain only letters and digits.`,
        st.sid.span,
        st.index,
      ),
    );
  }
}
