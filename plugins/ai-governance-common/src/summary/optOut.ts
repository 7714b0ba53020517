/**
 * The plain-language summary of an AI services opt-out policy: which services it opts out of or in to, and what
 * in it AWS would not accept.
 */
import type { PlainLanguageSummary, SummarySentence } from './types';
import { list } from './words';

const OPT_OUT_WORDS: Record<string, string> = {
  optOut: 'opts out of',
  optIn: 'opts in to',
};

export function summarizeOptOut(json: unknown): PlainLanguageSummary {
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
    if (service.startsWith('@@')) {
      // An operator on the services block itself: what child policies may do to the list of services.
      if (service === '@@operators_allowed_for_child_policies') {
        const ops = Array.isArray(body) ? body.map(String) : [];
        sentences.push({
          service,
          text: ops.includes('@@none')
            ? 'No OU or account below can add a service or change the ones named here.'
            : `Child policies may use ${list(ops, 'and')} on the services.`,
        });
      }
      continue;
    }
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
