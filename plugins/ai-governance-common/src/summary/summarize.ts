/**
 * A deterministic plain-language summarizer for SCPs, RCPs and AI opt-out policies: no language model, no network.
 * Each statement becomes one sentence (effect, actions with wildcards and NotAction, resources and NotResource, each
 * condition in words, principal exemptions as "unless …"), and the summary says when a statement or the whole
 * policy can change nothing.
 */
import { parseConditionOperator } from '../policy/conditionOperators';
import { parsePolicyDocument, PolicyStatement } from '../policy/document';
import type { PolicyType } from '../orgModel/types';
import type {
  PlainLanguageSummary,
  SummarizeOptions,
  SummarySentence,
} from './types';
import {
  actionWords,
  conditionWords,
  isPrincipalKey,
  list,
  serviceWords,
} from './words';

const TYPE_WORDS: Partial<Record<PolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'service control policy (SCP)',
  RESOURCE_CONTROL_POLICY: 'resource control policy (RCP)',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policy',
};

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

function statementSentence(
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

const OPT_OUT_WORDS: Record<string, string> = {
  optOut: 'opts out of',
  optIn: 'opts in to',
};

function summarizeOptOut(json: unknown): PlainLanguageSummary {
  const sentences: SummarySentence[] = [];
  const problems: string[] = [];
  const services = (json as { services?: Record<string, unknown> })?.services;
  if (!services || typeof services !== 'object') {
    return {
      type: 'AISERVICES_OPT_OUT_POLICY',
      headline:
        'This AI services opt-out policy has no "services" block, so it sets nothing.',
      sentences: [],
      doesNothing: 'it has no "services" block',
      problems: ['No "services" block.'],
    };
  }
  for (const [service, body] of Object.entries(services)) {
    const opt = (body as { opt_out_policy?: Record<string, unknown> })
      ?.opt_out_policy;
    const who =
      service === 'default' ? 'every AI service not named otherwise' : service;
    if (!opt || typeof opt !== 'object') {
      sentences.push({
        service,
        text: `For ${who}: no opt_out_policy, so nothing is set.`,
        noEffect: true,
      });
      continue;
    }
    const parts: string[] = [];
    for (const [op, verb] of [
      ['@@assign', 'sets'],
      ['@@append', 'adds'],
      ['@@remove', 'removes'],
    ] as const) {
      const v = opt[op];
      if (typeof v === 'string')
        parts.push(
          op === '@@assign'
            ? `${OPT_OUT_WORDS[v] ?? `${verb} ${v} for`} AI service data use`
            : `${verb} ${v}`,
        );
    }
    const allowed = opt['@@operators_allowed_for_child_policies'];
    let lock = '';
    if (Array.isArray(allowed)) {
      if (allowed.includes('@@none'))
        lock = ', locked: no OU or account below can change it';
      else
        lock = `; child policies may use ${list(allowed.map(String), 'and')}`;
    }
    if (!parts.length) {
      sentences.push({
        service,
        text: `For ${who}: no @@assign, so the setting is inherited unchanged${lock}.`,
      });
      continue;
    }
    sentences.push({
      service,
      text: `For ${who}: ${parts.join(' and ')}${lock}.`,
    });
  }
  const optedOut = sentences
    .filter(s => /opts out/.test(s.text))
    .map(s => s.service!);
  const others = optedOut.filter(x => x !== 'default');
  let headline = 'Sets AI service data use without opting out.';
  if (optedOut.includes('default'))
    headline = `Opts the accounts out of AI service data use for every AI service${
      others.length ? `, naming ${list(others, 'and')} too` : ''
    }.`;
  else if (optedOut.length)
    headline = `Opts the accounts out of AI service data use for ${list(
      optedOut,
      'and',
    )}.`;
  return { type: 'AISERVICES_OPT_OUT_POLICY', headline, sentences, problems };
}

function servicesOf(st: PolicyStatement): string[] {
  return [
    ...new Set(
      (st.action ?? []).map(a =>
        a.value === '*' ? 'every service' : serviceWords(a.value.split(':')[0]),
      ),
    ),
  ];
}

/** "Restricts CloudTrail, AWS Config and GuardDuty (3 Deny statements), except for callers matching …". */
function denyHeadline(
  denies: PolicyStatement[],
  allows: number,
  type: PolicyType,
): string {
  const broad = denies.filter(d => d.notAction?.length);
  const services = [
    ...new Set(denies.filter(d => !d.notAction?.length).flatMap(servicesOf)),
  ];
  const what: string[] = [];
  if (broad.length)
    what.push('almost every action (all but the listed exceptions)');
  if (services.length) what.push(list(services, 'and', 5));
  const exempt = new Set<string>();
  for (const d of denies)
    for (const c of d.conditions) {
      const op = parseConditionOperator(c.operator);
      if (op?.negated && !op.setOperator && isPrincipalKey(c.key))
        c.values.forEach(v => exempt.add(v.value));
    }
  const n = denies.length;
  let text = `Restricts ${what.join(' and ')} (${n} Deny ${
    n === 1 ? 'statement' : 'statements'
  })`;
  if (exempt.size)
    text += `, except for callers matching ${list([...exempt], 'or', 3)}`;
  if (allows && type === 'SERVICE_CONTROL_POLICY')
    text += `; its ${
      allows === 1 ? 'Allow statement adds' : `${allows} Allow statements add`
    } nothing next to FullAWSAccess`;
  return `${text}.`;
}

function guessType(json: unknown): PolicyType {
  if (json && typeof json === 'object' && 'services' in (json as object))
    return 'AISERVICES_OPT_OUT_POLICY';
  const st = (json as { Statement?: unknown })?.Statement;
  const list2 = Array.isArray(st) ? st : [st];
  if (
    list2.some(s => s && typeof s === 'object' && 'Principal' in (s as object))
  )
    return 'RESOURCE_CONTROL_POLICY';
  return 'SERVICE_CONTROL_POLICY';
}

/**
 * Summarizes one policy document in plain sentences. Never throws: unreadable input gives a summary saying so.
 * @public
 */
export function summarizePolicy(
  content: string,
  options: SummarizeOptions = {},
): PlainLanguageSummary {
  const text = content.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      type: options.type ?? 'SERVICE_CONTROL_POLICY',
      headline: 'This document is not valid JSON, so AWS would refuse it.',
      sentences: [],
      doesNothing: 'it is not valid JSON',
      problems: [`Not JSON: ${(e as Error).message}`],
    };
  }
  const type = options.type ?? guessType(json);
  if (type === 'AISERVICES_OPT_OUT_POLICY') return summarizeOptOut(json);
  const parsed = parsePolicyDocument(text);
  const doc = parsed.document;
  const kind = TYPE_WORDS[type] ?? type;
  if (!doc) {
    return {
      type,
      headline: `This ${kind} could not be read as an IAM policy.`,
      sentences: [],
      doesNothing: 'it is not an IAM policy document',
      problems: parsed.findings
        .filter(f => f.severity === 'error')
        .map(f => f.message),
    };
  }
  const sentences = doc.statements.map(st =>
    statementSentence(st, type, options),
  );
  const problems = parsed.findings
    .filter(f => f.severity === 'error')
    .map(f => `Line ${f.line}: ${f.message}`);
  const live = doc.statements.filter((_, i) => !sentences[i].noEffect);
  const denies = live.filter(s => s.effect?.value === 'Deny');
  const allows = live.filter(s => s.effect?.value === 'Allow');
  let doesNothing: string | undefined;
  let headline: string;
  const isFullAccess = allows.some(
    s =>
      s.action?.some(a => a.value === '*') &&
      (s.resource ?? []).some(r => r.value === '*') &&
      s.conditions.length === 0,
  );
  if (live.length === 0) {
    doesNothing = 'none of its statements can ever apply';
    headline = `This ${kind} does nothing: none of its statements can ever apply.`;
  } else if (type === 'SERVICE_CONTROL_POLICY' && denies.length === 0) {
    if (isFullAccess) {
      headline = `Allows every action: the ${kind} that lets the other SCPs decide (like FullAWSAccess).`;
    } else if (options.alongsideFullAwsAccess === true) {
      doesNothing =
        'it only allows, and FullAWSAccess attached at the same place already allows everything';
      headline = `This ${kind} does nothing where it is attached: it only allows, and FullAWSAccess at the same place already allows everything.`;
    } else {
      headline = `An allow-list: where this ${kind} replaces FullAWSAccess, only the actions it allows remain possible${
        options.alongsideFullAwsAccess === false
          ? ''
          : '; next to FullAWSAccess it does nothing'
      }.`;
    }
  } else {
    headline = denyHeadline(denies, allows.length, type);
  }
  return {
    type,
    headline,
    sentences,
    ...(doesNothing ? { doesNothing } : {}),
    problems,
  };
}
