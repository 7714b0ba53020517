import { DOCUMENT_LIMITS } from '../orgModel/documentLimits';
import { GuardrailPackError, parseGuardrailPack } from './parsePack';

const PACK = `
kind: GuardrailPack
name: example
version: 1.0.0
description: An example pack
policies:
  - name: example-policy
    type: SERVICE_CONTROL_POLICY
    file: policy.json
    description: Example
    rationale: Because
`;
const TEMPLATE =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"x:*","Resource":"*"}]}';

function parse(yaml: string, template = TEMPLATE) {
  return parseGuardrailPack(yaml, () => template, 'pack.yaml');
}

describe('parseGuardrailPack limits', () => {
  it('reads a pack within the limits', () => {
    expect(parse(PACK).policies.map(p => p.name)).toEqual(['example-policy']);
  });

  it.each([
    [
      'a pack file over the length limit',
      `${PACK}# ${'x'.repeat(DOCUMENT_LIMITS.maxPackFileLength)}\n`,
      /^pack\.yaml is \d+ characters; the limit is 1048576$/,
    ],
    [
      'YAML nested 100,000 levels deep',
      `${PACK}extra: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      'pack.yaml nests lists and mappings more than 64 levels deep, the limit',
    ],
    [
      'YAML nested 65 levels deep',
      `${PACK}extra: ${'['.repeat(65)}${']'.repeat(65)}\n`,
      'pack.yaml nests lists and mappings more than 64 levels deep, the limit',
    ],
    [
      'aliases that expand exponentially',
      `${PACK}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
      /^pack\.yaml cannot be read: .*\(at most 100 alias expansions\)$/,
    ],
  ])('refuses %s with a message naming the limit', (_, yaml, message) => {
    expect(() => parse(yaml)).toThrow(GuardrailPackError);
    expect(() => parse(yaml)).toThrow(message);
  });

  it('refuses a template nested deeper than the limit or over the length limit', () => {
    const deep = `{"Statement":${'['.repeat(200)}${']'.repeat(200)}}`;
    expect(() => parse(PACK, deep)).toThrow(
      'pack.yaml: policies[0]: template policy.json nests lists and mappings more than 64 levels deep, the limit',
    );
    const long = `{"x":"${'y'.repeat(DOCUMENT_LIMITS.maxPackFileLength)}"}`;
    expect(() => parse(PACK, long)).toThrow(
      /template policy\.json is \d+ characters; the limit is 1048576/,
    );
  });
});
