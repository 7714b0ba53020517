/**
 * The policy linter. Codes follow IAM Access Analyzer's ValidatePolicy issue codes where an equivalent check exists
 * (JSON_SYNTAX_ERROR, INVALID_ACTION, MISSING_VERSION...); checks Access Analyzer does not make have their own codes
 * (UNRESOLVED_PLACEHOLDER, CONDITION_KEY_NOT_APPLICABLE...). See docs/policy-engine.md for the full list.
 */
import type { OrgSnapshot, PolicyType } from '../orgModel/types';
import type { LintFinding } from './types';
import type { IamCatalog } from './catalog';
import {
  findingAt,
  parsePolicyDocument,
  parseJsonDocument,
  PolicyDocument,
  PolicyStatement,
} from './document';
import { JsonSpan, JsonValue, policySize, TextPosition } from './json';
import { parseConditionOperator } from './compile';
import {
  compileWildcard,
  MATCH_LIMITS,
  Wildcard,
  wildcardBuilder,
  wildcardMatches,
} from './match';
import { RCP_SUPPORTED_SERVICES } from './evaluate';
import { DEFAULT_POLICY_LIMITS } from '../orgModel/awsManaged';

/** The policy types the linter knows, and the short names the CLI accepts. @public */
export type LintPolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'AISERVICES_OPT_OUT_POLICY'
  | 'TAG_POLICY';

/** Size and count limits; defaults are AWS's. @public */
export interface PolicyLimits {
  /** Maximum size per policy type, in characters as AWS counts them (whitespace outside strings excluded). */
  size?: Partial<Record<PolicyType, number>>;
  /** Maximum number of policies of one type attached directly to one root, OU or account. */
  maxPoliciesPerTarget?: number;
}

/** The default maximum number of policies of one type on one target (configurable through PolicyLimits). @public */
export const DEFAULT_MAX_POLICIES_PER_TARGET = 10;

/** @public */
export interface LintOptions {
  type: LintPolicyType;
  limits?: PolicyLimits;
  /** Services, actions and condition keys; without it, the checks that need them are skipped. */
  catalog?: IamCatalog;
  /** The policy's name, for the check that only RCPFullAWSAccess may Allow in an RCP. */
  policyName?: string;
}

/** Maps the CLI's short and long type names to a policy type. @public */
export function toLintPolicyType(name: string): LintPolicyType | undefined {
  const n = name.trim().toUpperCase();
  const map: Record<string, LintPolicyType> = {
    SCP: 'SERVICE_CONTROL_POLICY',
    SERVICE_CONTROL_POLICY: 'SERVICE_CONTROL_POLICY',
    RCP: 'RESOURCE_CONTROL_POLICY',
    RESOURCE_CONTROL_POLICY: 'RESOURCE_CONTROL_POLICY',
    AISERVICES_OPT_OUT_POLICY: 'AISERVICES_OPT_OUT_POLICY',
    AI_OPT_OUT: 'AISERVICES_OPT_OUT_POLICY',
    TAG_POLICY: 'TAG_POLICY',
    TAG: 'TAG_POLICY',
  };
  return map[n];
}

/** Guesses the type of a document from its content: management policies have `services`/`tags`, RCPs a Principal. @public */
export function guessPolicyType(text: string): LintPolicyType {
  const { json } = parseJsonDocument(text);
  if (json?.kind === 'object') {
    const keys = json.members.map(m => m.key);
    if (keys.includes('services')) return 'AISERVICES_OPT_OUT_POLICY';
    if (keys.includes('tags')) return 'TAG_POLICY';
  }
  return /"Principal"\s*:/.test(text)
    ? 'RESOURCE_CONTROL_POLICY'
    : 'SERVICE_CONTROL_POLICY';
}

const TYPE_LABEL: Record<LintPolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policy',
  TAG_POLICY: 'tag policy',
};

const SIZE_CODE: Record<LintPolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
  RESOURCE_CONTROL_POLICY: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA',
  AISERVICES_OPT_OUT_POLICY: 'POLICY_SIZE_EXCEEDS_AI_OPT_OUT_QUOTA',
  TAG_POLICY: 'POLICY_SIZE_EXCEEDS_TAG_POLICY_QUOTA',
};

// ---- placeholders

/** An IAM policy variable: `${service:key}` (with an optional default), or the escapes `${*}`, `${?}`, `${$}`. */
const IAM_VARIABLE =
  /^\$\{\s*(\*|\?|\$|[a-z0-9-]+:[A-Za-z0-9_./-]+(\s*,\s*'[^']*')?)\s*\}$/;

/** A finder of placeholder tokens: the start and end of each, in order, none overlapping. */
type TokenFinder = (text: string) => Iterable<[number, number]>;

function* regexTokens(re: RegExp, text: string): Iterable<[number, number]> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    yield [m.index, m.index + m[0].length];
  }
}

/**
 * `${` up to the next `}` with no line break or quote before it: what `/\$\{[^}\n"]*\}/g` finds, in one pass (the
 * regex rescans the rest of the line from every `${`, which takes quadratic time on a line of them).
 */
function* dollarBraceTokens(text: string): Iterable<[number, number]> {
  let i = text.indexOf('${');
  while (i >= 0) {
    let j = i + 2;
    while (
      j < text.length &&
      text[j] !== '}' &&
      text[j] !== '\n' &&
      text[j] !== '"'
    )
      j++;
    if (text[j] === '}') {
      yield [i, j + 1];
      i = text.indexOf('${', j + 1);
    } else {
      // Every `${` before j stops at the same line break or quote: none of them is a token.
      i = text.indexOf('${', j);
    }
  }
}

const PLACEHOLDERS: Array<{ find: TokenFinder; describe: string }> = [
  { find: dollarBraceTokens, describe: '${...}' },
  {
    find: text =>
      regexTokens(/(?<![$A-Za-z0-9])\{\{?[A-Za-z*][^{}"\n]*\}?\}/g, text),
    describe: '{...}',
  },
  {
    find: text => regexTokens(/<[A-Za-z][^<>"\n]*>/g, text),
    describe: '<...>',
  },
  {
    find: text =>
      regexTokens(
        /\[(?!(?:true|false|null)\])[A-Za-z][A-Za-z0-9_\-/*.: ]*\]/g,
        text,
      ),
    describe: '[...]',
  },
];

function positionAt(offset: number, lineStarts: number[]): TextPosition {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1, offset };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
  }
  return starts;
}

/** Finds template placeholders left in the text: `{...}`, `<...>`, `[...]` and `${...}` that is not an IAM variable. @public */
export function findPlaceholders(
  text: string,
): Array<{ token: string; start: TextPosition; end: TextPosition }> {
  const starts = lineStartsOf(text);
  const found: Array<{
    token: string;
    start: TextPosition;
    end: TextPosition;
  }> = [];
  // Tokens kept so far, sorted and disjoint: an overlap check is a binary search.
  let taken: Array<[number, number]> = [];
  const overlaps = (from: number, to: number) => {
    let lo = 0;
    let hi = taken.length - 1;
    let last = -1; // the last token starting before `to`
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid][0] < to) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && taken[last][1] > from;
  };
  for (const { find } of PLACEHOLDERS) {
    // One finder's tokens never overlap one another: check them against earlier finders' only, then merge.
    const added: Array<[number, number]> = [];
    for (const [from, to] of find(text)) {
      const token = text.slice(from, to);
      if (token.startsWith('${') && IAM_VARIABLE.test(token)) continue;
      if (overlaps(from, to)) continue;
      added.push([from, to]);
      found.push({
        token,
        start: positionAt(from, starts),
        end: positionAt(to, starts),
      });
    }
    taken = [...taken, ...added].sort((a, b) => a[0] - b[0]);
  }
  return found.sort((a, b) => a.start.offset - b.start.offset);
}

// ---- statement checks

/** Whether a pattern is over what the wildcard matcher takes (see checkLengths); such patterns are not matched. */
function tooLong(pattern: string): boolean {
  return pattern.length > MATCH_LIMITS.maxPatternLength;
}

/**
 * Values longer than the matcher takes: a pattern over MATCH_LIMITS.maxPatternLength or a condition key over
 * MATCH_LIMITS.maxValueLength. AWS rejects them anyway (no policy it accepts is that long).
 */
function checkLengths(st: PolicyStatement, findings: LintFinding[]) {
  const report = (
    s: { value: string; span: JsonSpan },
    limit: number,
    what: string,
  ) => {
    if (s.value.length <= limit) return;
    findings.push(
      findingAt(
        'VALUE_TOO_LONG',
        'error',
        `This ${what} is ${s.value.length} characters; the policy engine takes at most ${limit} (AWS's largest policy is 10,240 characters). Shorten it.`,
        s.span,
        st.index,
      ),
    );
  };
  for (const list of [st.action, st.notAction, st.resource, st.notResource]) {
    for (const s of list ?? [])
      report(s, MATCH_LIMITS.maxPatternLength, 'pattern');
  }
  for (const c of st.conditions) {
    report(
      { value: c.key, span: c.keySpan },
      MATCH_LIMITS.maxValueLength,
      'condition key',
    );
    for (const v of c.values)
      report(v, MATCH_LIMITS.maxPatternLength, 'condition value');
  }
}

function actionPatterns(st: PolicyStatement) {
  return st.action ?? st.notAction ?? [];
}

function checkActions(
  st: PolicyStatement,
  catalog: IamCatalog | undefined,
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

function checkConditions(
  st: PolicyStatement,
  catalog: IamCatalog | undefined,
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

function checkStatement(
  st: PolicyStatement,
  doc: PolicyDocument,
  options: LintOptions,
  findings: LintFinding[],
) {
  const type = options.type;
  const label = TYPE_LABEL[type];
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
  if (st.action && st.notAction) {
    findings.push(
      findingAt(
        'UNSUPPORTED_ELEMENT_COMBINATION',
        'error',
        'A statement has Action or NotAction, not both.',
        st.elements.NotAction,
        st.index,
      ),
    );
  } else if (!st.action && !st.notAction) {
    findings.push(
      findingAt(
        'MISSING_ACTION',
        'error',
        'The statement has no Action or NotAction.',
        st.span,
        st.index,
      ),
    );
  }
  if (st.resource && st.notResource) {
    findings.push(
      findingAt(
        'UNSUPPORTED_ELEMENT_COMBINATION',
        'error',
        'A statement has Resource or NotResource, not both.',
        st.elements.NotResource,
        st.index,
      ),
    );
  } else if (!st.resource && !st.notResource) {
    findings.push(
      findingAt(
        'MISSING_RESOURCE',
        'error',
        `The statement has no Resource: an ${label} statement needs one (use "*" for all).`,
        st.span,
        st.index,
      ),
    );
  }
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
    for (const a of st.action ?? []) {
      const service = a.value.slice(0, a.value.indexOf(':')).toLowerCase();
      if (a.value === '*' || /[*?]/.test(service) || !service) continue;
      if (!RCP_SUPPORTED_SERVICES.includes(service)) {
        findings.push(
          findingAt(
            'RCP_UNSUPPORTED_SERVICE',
            'warning',
            `RCPs do not apply to ${service}: "${a.value}" has no effect in an RCP.`,
            a.span,
            st.index,
          ),
        );
      }
    }
  }
  void doc;
}

function lintIamPolicy(
  text: string,
  options: LintOptions,
  findings: LintFinding[],
): PolicyDocument | undefined {
  const { document, findings: parseFindings } = parsePolicyDocument(text);
  findings.push(...parseFindings);
  if (!document) return undefined;
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
  const sids = new Map<string, number>();
  for (const st of document.statements) {
    checkStatement(st, document, options, findings);
    checkLengths(st, findings);
    checkActions(st, options.catalog, findings);
    checkConditions(st, options.catalog, findings);
    if (st.sid && st.sid.value !== '') {
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
  return document;
}

function lintManagementPolicy(
  text: string,
  options: LintOptions,
  findings: LintFinding[],
) {
  const { json, findings: parseFindings } = parseJsonDocument(text);
  findings.push(...parseFindings);
  if (!json) return;
  if (json.kind !== 'object') {
    findings.push(
      findingAt(
        'JSON_SYNTAX_ERROR',
        'error',
        'A policy document must be a JSON object.',
        json,
      ),
    );
    return;
  }
  const expected =
    options.type === 'AISERVICES_OPT_OUT_POLICY' ? 'services' : 'tags';
  for (const m of json.members) {
    if (['Version', 'Statement', 'Id'].includes(m.key)) {
      findings.push(
        findingAt(
          'UNSUPPORTED_ELEMENT_FOR_TYPE',
          'error',
          `An ${TYPE_LABEL[options.type]} is not an IAM policy: it has no ${
            m.key
          }; its top-level key is "${expected}".`,
          m.keySpan,
        ),
      );
    } else if (m.key !== expected) {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `Unknown top-level key "${m.key}": an ${
            TYPE_LABEL[options.type]
          } has "${expected}".`,
          m.keySpan,
        ),
      );
    }
  }
  const body = json.members.find(m => m.key === expected);
  if (!body) {
    findings.push(
      findingAt(
        'MISSING_STATEMENT',
        'error',
        `An ${
          TYPE_LABEL[options.type]
        } needs a top-level "${expected}" object.`,
        json,
      ),
    );
    return;
  }
  if (body.value.kind !== 'object') {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        `"${expected}" must be an object.`,
        body.value,
      ),
    );
    return;
  }
  if (options.type === 'AISERVICES_OPT_OUT_POLICY') {
    for (const svc of body.value.members) {
      if (svc.key === '@@operators_allowed_for_child_policies') continue;
      checkOptOut(svc.key, svc.value, findings);
    }
  } else {
    for (const tag of body.value.members) {
      if (tag.key === '@@operators_allowed_for_child_policies') continue;
      checkTagPolicyTag(tag.key, tag.value, findings);
    }
  }
}

const OPERATORS = [
  '@@assign',
  '@@append',
  '@@remove',
  '@@operators_allowed_for_child_policies',
];
const TAG_POLICY_FIELDS = [
  'tag_key',
  'tag_value',
  'enforced_for',
  'report_required_tag_for',
];

function checkTagPolicyTag(
  tag: string,
  value: JsonValue,
  findings: LintFinding[],
) {
  if (value.kind !== 'object') {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        `tags.${tag} must be an object with tag_key, tag_value, enforced_for.`,
        value,
      ),
    );
    return;
  }
  for (const m of value.members) {
    if (m.key === '@@operators_allowed_for_child_policies') continue;
    if (!TAG_POLICY_FIELDS.includes(m.key)) {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `tags.${tag} takes ${TAG_POLICY_FIELDS.join(', ')}; found "${
            m.key
          }".`,
          m.keySpan,
        ),
      );
      continue;
    }
    if (m.value.kind !== 'object') {
      findings.push(
        findingAt(
          'DATA_TYPE_MISMATCH',
          'error',
          `tags.${tag}.${m.key} must be an object such as {"@@assign": ...}.`,
          m.value,
        ),
      );
      continue;
    }
    for (const op of m.value.members) {
      if (!OPERATORS.includes(op.key)) {
        findings.push(
          findingAt(
            'INVALID_POLICY_ELEMENT',
            'error',
            `Unknown operator "${op.key}" in tags.${tag}.${
              m.key
            }; use ${OPERATORS.join(', ')}.`,
            op.keySpan,
          ),
        );
      } else if (
        m.key === 'tag_key' &&
        op.key === '@@assign' &&
        op.value.kind !== 'string'
      ) {
        findings.push(
          findingAt(
            'DATA_TYPE_MISMATCH',
            'error',
            `tags.${tag}.tag_key @@assign takes the tag key as a string.`,
            op.value,
          ),
        );
      }
    }
  }
}

function checkOptOut(
  service: string,
  value: JsonValue,
  findings: LintFinding[],
) {
  if (value.kind !== 'object') {
    findings.push(
      findingAt(
        'DATA_TYPE_MISMATCH',
        'error',
        `services.${service} must be an object with "opt_out_policy".`,
        value,
      ),
    );
    return;
  }
  for (const m of value.members) {
    if (m.key === '@@operators_allowed_for_child_policies') continue;
    if (m.key !== 'opt_out_policy') {
      findings.push(
        findingAt(
          'INVALID_POLICY_ELEMENT',
          'error',
          `services.${service} takes only "opt_out_policy"; found "${m.key}".`,
          m.keySpan,
        ),
      );
      continue;
    }
    if (m.value.kind !== 'object') continue;
    for (const op of m.value.members) {
      if (
        op.key === '@@assign' &&
        op.value.kind === 'string' &&
        !['optIn', 'optOut'].includes(op.value.value)
      ) {
        findings.push(
          findingAt(
            'INVALID_POLICY_ELEMENT',
            'error',
            `opt_out_policy @@assign is "optIn" or "optOut"; found "${op.value.value}".`,
            op.value,
          ),
        );
      }
      if (
        ![
          '@@assign',
          '@@append',
          '@@remove',
          '@@operators_allowed_for_child_policies',
        ].includes(op.key)
      ) {
        findings.push(
          findingAt(
            'INVALID_POLICY_ELEMENT',
            'error',
            `Unknown operator "${op.key}" in services.${service}.opt_out_policy.`,
            op.keySpan,
          ),
        );
      }
    }
  }
}

/**
 * Lints one policy document of the given type. Never throws; findings come sorted by position.
 * @public
 */
export function lintPolicy(text: string, options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  const type = options.type;
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') {
    lintIamPolicy(text, options, findings);
  } else {
    lintManagementPolicy(text, options, findings);
  }
  const limit =
    options.limits?.size?.[type] ?? DEFAULT_POLICY_LIMITS[type].maxSize;
  const size = policySize(text);
  if (size > limit) {
    findings.push({
      code: SIZE_CODE[type],
      severity: 'error',
      message: `The policy is ${size} characters as AWS counts them (whitespace outside strings excluded); the ${TYPE_LABEL[type]} limit is ${limit}. Split it or shorten it (wildcards, NotAction).`,
      line: 1,
      column: 1,
    });
  }
  for (const p of findPlaceholders(text)) {
    findings.push(
      findingAt(
        'UNRESOLVED_PLACEHOLDER',
        'error',
        `Template placeholder ${p.token} left in the policy: replace it with the real value before attaching the policy.`,
        { start: p.start, end: p.end } as JsonSpan,
      ),
    );
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Collects the service prefixes a document names (actions and condition keys), to load them into a catalog. @public */
export function referencedServices(text: string): string[] {
  const out = new Set<string>();
  const re = /"([a-z0-9-]+):[A-Za-z0-9*?]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== 'arn' && m[1] !== 'aws') out.add(m[1]);
  }
  return [...out];
}

/** Loads what the catalog needs for the document, then lints it. @public */
export async function lintPolicyWithCatalog(
  text: string,
  options: LintOptions,
): Promise<LintFinding[]> {
  if (options.catalog?.ensureServices)
    await options.catalog.ensureServices(referencedServices(text));
  return lintPolicy(text, options);
}

/** A finding about the organization rather than one document. @public */
export interface OrgLintFinding {
  code: string;
  severity: LintFinding['severity'];
  message: string;
  nodeId?: string;
  nodeName?: string;
  policyId?: string;
  policyName?: string;
}

function hasAllow(content: string): boolean {
  const { document } = parsePolicyDocument(content);
  return !!document?.statements.some(s => s.effect?.value === 'Allow');
}

function onlyAllows(content: string): boolean {
  const { document } = parsePolicyDocument(content);
  return (
    !!document &&
    document.statements.length > 0 &&
    document.statements.every(s => s.effect?.value === 'Allow')
  );
}

/**
 * Org-level checks: too many policies on a target, an allow-list SCP beside FullAWSAccess, and a level of the SCP
 * chain without any Allow (everything below is denied).
 * @public
 */
export function lintOrg(
  snapshot: OrgSnapshot,
  limits: PolicyLimits = {},
): OrgLintFinding[] {
  const findings: OrgLintFinding[] = [];
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const max = limits.maxPoliciesPerTarget ?? DEFAULT_MAX_POLICIES_PER_TARGET;
  const root = snapshot.nodes.find(n => n.kind === 'root');
  const scpEnabled = root?.enabledPolicyTypes
    ? root.enabledPolicyTypes.includes('SERVICE_CONTROL_POLICY')
    : snapshot.policies.some(p => p.type === 'SERVICE_CONTROL_POLICY');
  const allowCache = new Map<string, boolean>();
  for (const node of snapshot.nodes) {
    const attached = node.policyIds
      .map(id => policies.get(id))
      .filter(<T>(p: T | undefined): p is T => !!p);
    const byType = new Map<PolicyType, typeof attached>();
    attached.forEach(p =>
      byType.set(p.type, [...(byType.get(p.type) ?? []), p]),
    );
    for (const [type, list] of byType) {
      if (list.length > max) {
        findings.push({
          code: 'TOO_MANY_POLICIES_ON_TARGET',
          severity: 'error',
          message: `${node.name} has ${list.length} ${type} policies attached; the limit is ${max}. Merge some of them.`,
          nodeId: node.id,
          nodeName: node.name,
        });
      }
    }
    if (!scpEnabled) continue;
    const scps = byType.get('SERVICE_CONTROL_POLICY') ?? [];
    const full = scps.find(
      p => p.id === 'p-FullAWSAccess' || p.name === 'FullAWSAccess',
    );
    if (full) {
      for (const p of scps) {
        if (p !== full && onlyAllows(p.content)) {
          findings.push({
            code: 'ALLOW_LIST_BESIDE_FULL_AWS_ACCESS',
            severity: 'warning',
            message: `${p.name} is an allow-list, but FullAWSAccess is attached beside it on ${node.name}, so it restricts nothing. Detach FullAWSAccess from ${node.name} for the allow-list to take effect.`,
            nodeId: node.id,
            nodeName: node.name,
            policyId: p.id,
            policyName: p.name,
          });
        }
      }
    }
    const anyAllow = scps.some(p => {
      let v = allowCache.get(p.id);
      if (v === undefined) {
        v = hasAllow(p.content);
        allowCache.set(p.id, v);
      }
      return v;
    });
    if (!anyAllow) {
      findings.push({
        code: 'NO_ALLOW_AT_LEVEL',
        severity: 'error',
        message: scps.length
          ? `No SCP attached to ${
              node.name
            } allows anything, so every action is denied for every account ${
              node.kind === 'account' ? 'in it' : 'below it'
            }. Attach FullAWSAccess or an allow-list.`
          : `No SCP is attached to ${
              node.name
            }, so every action is denied for every account ${
              node.kind === 'account' ? 'in it' : 'below it'
            }. Attach FullAWSAccess or an allow-list.`,
        nodeId: node.id,
        nodeName: node.name,
      });
    }
  }
  return findings;
}
