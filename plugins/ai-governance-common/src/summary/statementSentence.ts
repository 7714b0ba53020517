/**
 * One SCP or RCP statement in one plain sentence: effect, actions with wildcards and NotAction, resources and
 * NotResource, each condition in words, principal exemptions as "unless …", and why a statement can never apply.
 */
import { parseConditionOperator } from '../policy/conditionOperators';
import type { PolicyStatement } from '../policy/document';
import type { PolicyType } from '../orgModel/types';
import type { SummarizeOptions, SummarySentence } from './types';
import { actionWords, conditionWords, isPrincipalKey, list } from './words';

/** A resource ARN in words where it is well known (Bedrock models and inference profiles), else as written. */
function oneResource(arn: string): string {
  const model =
    /^arn:aws[^:]*:bedrock:[^:]*:[^:]*:foundation-model\/(.+)$/.exec(arn);
  if (model) return `model ${model[1]}`;
  const profile =
    /^arn:aws[^:]*:bedrock:[^:]*:[^:]*:inference-profile\/(.+)$/.exec(arn);
  if (profile) return `inference profile ${profile[1]}`;
  return arn;
}

function resourceWords(st: PolicyStatement, type: PolicyType): string {
  const subject = type === 'RESOURCE_CONTROL_POLICY' ? 'resources' : 'resource';
  if (st.notResource?.length) {
    return ` on every ${subject.replace(/s$/, '')} except ${list(
      st.notResource.map(r => oneResource(r.value)),
      'and',
      4,
    )}`;
  }
  const rs = (st.resource ?? []).map(r => r.value);
  if (rs.length === 0 || rs.includes('*')) return '';
  return ` on ${list(rs.map(oneResource), 'and', 4)}`;
}

function actionsWords(st: PolicyStatement): string {
  if (st.notAction?.length)
    return `every action except ${list(
      st.notAction.map(a => actionWords(a.value)),
      'and',
      8,
    )}`;
  const actions = (st.action ?? []).map(a => actionWords(a.value));
  return actions.length ? list(actions, 'and', 8) : 'no action';
}

/** Why a statement can never apply, or undefined. */
function neverApplies(st: PolicyStatement): string | undefined {
  if (st.notAction?.some(a => a.value === '*'))
    return 'its NotAction is "*", so it names no action';
  if (st.notResource?.some(r => r.value === '*'))
    return 'its NotResource is "*", so it names no resource';
  if (!st.action?.length && !st.notAction?.length) return 'it names no action';
  const byKey = new Map<
    string,
    Array<{
      base: string;
      negated: boolean;
      ifExists: boolean;
      values: string[];
    }>
  >();
  for (const c of st.conditions) {
    const op = parseConditionOperator(c.operator);
    if (!op)
      return `its condition operator ${c.operator} is unknown, and AWS never matches an unknown operator`;
    if (c.values.length === 0)
      return `its condition on ${c.key} lists no value`;
    if (
      op.base === 'Bool' &&
      c.values.every(v => !/^(true|false)$/i.test(v.value))
    )
      return `its Bool condition on ${c.key} tests ${list(
        c.values.map(v => v.value),
        'or',
      )}, which is neither true nor false`;
    if (op.setOperator) continue;
    const key = c.key.toLowerCase();
    const entry = {
      base: op.base,
      negated: op.negated,
      ifExists: op.ifExists,
      values: c.values.map(v => v.value),
    };
    const list2 = byKey.get(key);
    if (list2) list2.push(entry);
    else byKey.set(key, [entry]);
  }
  for (const [key, conds] of byKey) {
    const nullTrue = conds.find(
      c => c.base === 'Null' && c.values.every(v => v.toLowerCase() === 'true'),
    );
    const needsValue = conds.find(
      c => c.base !== 'Null' && !c.negated && !c.ifExists,
    );
    if (nullTrue && needsValue)
      return `it requires ${key} to be absent and to have a value at once`;
    const nullFalse = conds.find(
      c =>
        c.base === 'Null' && c.values.every(v => v.toLowerCase() === 'false'),
    );
    if (nullTrue && nullFalse)
      return `it requires ${key} to be absent and present at once`;
    const equals = conds.filter(
      c => (c.base === 'StringEquals' || c.base === 'ArnEquals') && !c.negated,
    );
    const notEquals = conds.filter(
      c => (c.base === 'StringEquals' || c.base === 'ArnEquals') && c.negated,
    );
    for (const e of equals)
      for (const n of notEquals)
        if (e.values.every(v => n.values.includes(v)))
          return `it requires ${key} to be and not to be ${list(
            e.values,
            'or',
          )} at once`;
  }
  return undefined;
}

export function statementSentence(
  st: PolicyStatement,
  type: PolicyType,
  options: SummarizeOptions,
): SummarySentence {
  const effect = st.effect?.value;
  const sid = st.sid?.value;
  const base: SummarySentence = { text: '', statementIndex: st.index };
  if (sid) base.sid = sid;
  const label = sid ? `Statement "${sid}"` : `Statement ${st.index + 1}`;
  if (effect !== 'Allow' && effect !== 'Deny') {
    return {
      ...base,
      noEffect: true,
      text: `${label} has no valid Effect (${
        effect ?? 'none'
      }), so AWS refuses or ignores it.`,
    };
  }
  const dead = neverApplies(st);
  const actions = actionsWords(st);
  const resources = resourceWords(st, type);
  const when: string[] = [];
  const unless: string[] = [];
  const exempt: string[] = [];
  for (const c of st.conditions) {
    const values = c.values.map(v => v.value);
    const op = parseConditionOperator(c.operator);
    const flip = effect === 'Deny' && !!op?.negated && !op.setOperator;
    const w = conditionWords(c.operator, c.key, values, flip);
    if (flip) (isPrincipalKey(c.key) ? exempt : unless).push(w.text);
    else when.push(w.text);
  }
  let principals = '';
  if (st.principal && !st.principal.wildcard)
    principals = ` for ${list(
      Object.values(st.principal.byType)
        .flat()
        .map(p => p.value),
      'and',
      4,
    )}`;
  let text = `${
    effect === 'Deny' ? 'Denies' : 'Allows'
  } ${actions}${resources}${principals}`;
  if (when.length) text += ` when ${when.join(' and ')}`;
  const unlessAll = [...unless, ...exempt];
  if (unlessAll.length) text += `, unless ${unlessAll.join(', or ')}`;
  if (options.attachedTo?.length)
    text += `, in every account at or below ${list(
      options.attachedTo,
      'and',
      4,
    )}`;
  text += '.';
  const sentence: SummarySentence = { ...base, text: `${label}: ${text}` };
  if (dead) {
    sentence.noEffect = true;
    sentence.text += ` It can never apply: ${dead}.`;
  } else if (effect === 'Allow' && type === 'RESOURCE_CONTROL_POLICY') {
    sentence.noEffect = true;
    sentence.text +=
      ' RCPs only restrict: an Allow in an RCP grants nothing (RCPFullAWSAccess is always attached).';
  }
  return sentence;
}
