/**
 * Condition rules: unknown operators, NullIfExists, key format, empty and non-boolean values, and a condition key none
 * of the statement's actions carries (CONDITION_KEY_NOT_APPLICABLE, which needs the catalog).
 */
import type { LintFinding } from '../types';
import { findingAt } from '../findings';
import type { PolicyStatement } from '../document';
import { parseConditionOperator } from '../conditionOperators';
import {
  compileWildcard,
  MATCH_LIMITS,
  Wildcard,
  wildcardBuilder,
  wildcardMatches,
} from '../match';
import type { LintOptions } from './options';
import { tooLong } from './size';

/** A catalog condition key such as `aws:RequestTag/${TagKey}`: each `${…}` stands for one or more characters. */
function keyMatcher(supported: string): Wildcard {
  const b = wildcardBuilder(true);
  supported.split(/\$\{[^}]*\}/).forEach((literal, k) => {
    if (k > 0) b.oneOrMore();
    b.literal(literal);
  });
  return b.build();
}

const keyMatcherCache = new Map<string, Wildcard>();

function supportsKey(keys: string[], key: string): boolean {
  const lower = key.toLowerCase();
  for (const k of keys) {
    if (k.toLowerCase() === lower) return true;
    if (k.includes('${')) {
      let w = keyMatcherCache.get(k);
      if (!w) {
        w = keyMatcher(k);
        keyMatcherCache.set(k, w);
      }
      if (wildcardMatches(w, key)) return true;
    }
  }
  return false;
}

/** Condition blocks: operators, key format, value types, and (with a catalog) whether the listed actions carry the key. */
export function checkConditions(
  st: PolicyStatement,
  { catalog }: LintOptions,
  findings: LintFinding[],
) {
  for (const c of st.conditions) {
    const op = parseConditionOperator(c.operator);
    if (!op) {
      findings.push(
        findingAt(
          'INVALID_CONDITION_OPERATOR',
          'error',
          `Unknown condition operator "${c.operator}" (operators are case-sensitive, e.g. StringEquals, ForAnyValue:StringLike, ArnNotLikeIfExists).`,
          c.operatorSpan,
          st.index,
        ),
      );
      continue;
    }
    if (op.base === 'Null' && op.ifExists) {
      findings.push(
        findingAt(
          'NULL_WITH_IF_EXISTS',
          'error',
          'NullIfExists is meaningless: use Null.',
          c.operatorSpan,
          st.index,
        ),
      );
    }
    if (!/^[A-Za-z0-9-]+:[^\s]+$/.test(c.key)) {
      findings.push(
        findingAt(
          'INVALID_CONDITION_KEY_FORMAT',
          'error',
          `"${c.key}" is not a condition key: write service:key, for example aws:RequestedRegion.`,
          c.keySpan,
          st.index,
        ),
      );
      continue;
    }
    if (c.values.length === 0) {
      findings.push(
        findingAt(
          'EMPTY_ARRAY_CONDITION',
          'warning',
          `The condition on ${c.key} has no values.`,
          c.valueSpan,
          st.index,
        ),
      );
    }
    if (op.base === 'Bool' || op.base === 'Null') {
      for (const v of c.values) {
        if (!/^(true|false)$/i.test(v.value)) {
          findings.push(
            findingAt(
              'TYPE_MISMATCH_BOOLEAN',
              'warning',
              `${op.base} takes "true" or "false"; found "${v.value}".`,
              v.span,
              st.index,
            ),
          );
        }
      }
    }
    if (!catalog || !st.action) continue;
    const service = c.key.slice(0, c.key.indexOf(':')).toLowerCase();
    if (service === 'aws') continue;
    // Which listed actions support the key? A key an action never has is absent from its requests.
    const unsupported: typeof st.action = [];
    let supportedSomewhere = false;
    for (const a of st.action) {
      if (
        a.value === '*' ||
        tooLong(a.value) ||
        c.key.length > MATCH_LIMITS.maxValueLength
      ) {
        supportedSomewhere = true; // '*' applies; an over-long value is reported by checkLengths
        continue;
      }
      const colon = a.value.indexOf(':');
      const actions = catalog.actionsOf(a.value.slice(0, colon));
      if (!actions) {
        supportedSomewhere = true; // unknown or not loaded: cannot tell, assume it applies
        continue;
      }
      const w = compileWildcard(a.value.slice(colon + 1), true);
      const matched = actions.filter(x => wildcardMatches(w, x.name));
      if (matched.length === 0) continue; // reported as INVALID_ACTION
      // An action the catalog lists without any condition key is probably incompletely described: no verdict.
      if (
        matched.some(
          x =>
            x.conditionKeys.length === 0 || supportsKey(x.conditionKeys, c.key),
        )
      ) {
        supportedSomewhere = true;
      } else unsupported.push(a);
    }
    if (unsupported.length === 0) continue;
    // The key is never in those requests: the condition is always false, or always true for negated/IfExists/Null.
    const alwaysTrue =
      op.ifExists ||
      op.setOperator === 'ForAllValues' ||
      (op.negated && op.setOperator !== 'ForAnyValue') ||
      (op.base === 'Null' &&
        c.values.some(v => v.value.toLowerCase() === 'true'));
    const effect = st.effect?.value;
    const them = supportedSomewhere && unsupported.length === 1 ? 'it' : 'them';
    const alone = st.conditions.length === 1;
    let consequence: string;
    if (alwaysTrue) {
      if (effect === 'Deny') {
        consequence = alone
          ? `the condition is always true for ${them}, so this Deny always fires for ${them}`
          : `the condition is always true for ${them}, so only the statement's other conditions decide whether this Deny fires`;
      } else {
        consequence = `the condition is always true for ${them}, so it restricts nothing`;
      }
    } else {
      consequence =
        effect === 'Deny'
          ? `the condition is never true for ${them}, so this Deny never fires for ${them}`
          : `the condition is never true for ${them}, so this Allow never applies to ${them}`;
    }
    const names = unsupported.map(a => a.value).join(', ');
    findings.push(
      findingAt(
        'CONDITION_KEY_NOT_APPLICABLE',
        alwaysTrue && effect === 'Deny' && alone ? 'error' : 'warning',
        `${
          supportedSomewhere
            ? `${names} never carr${unsupported.length === 1 ? 'ies' : 'y'}`
            : `No listed action carries`
        } the condition key ${c.key} (iam-data ${
          catalog.version
        }): ${consequence}.`,
        supportedSomewhere ? unsupported[0].span : c.keySpan,
        st.index,
      ),
    );
  }
}
