/**
 * A deterministic plain-language summarizer for SCPs, RCPs and AI opt-out policies: no language model, no network.
 * Picks the policy type, turns each statement into a sentence (statementSentence.ts) and writes the headline, saying
 * when the whole policy can change nothing.
 */
import { parseConditionOperator } from '../policy/conditionOperators';
import { parsePolicyDocument, PolicyStatement } from '../policy/document';
import type { PolicyType } from '../orgModel/types';
import type { PlainLanguageSummary, SummarizeOptions } from './types';
import { isPrincipalKey, list, serviceWords } from './words';
import { statementSentence } from './statementSentence';
import { summarizeOptOut } from './optOut';

const TYPE_WORDS: Partial<Record<PolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'service control policy (SCP)',
  RESOURCE_CONTROL_POLICY: 'resource control policy (RCP)',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policy',
};

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
