/**
 * Parsing and validation of org model files. Browser-safe: files referenced by `file:` are read through an injected
 * reader (the Node helper `loadOrgModelFile` in `@internal/organizations-sandbox` supplies one).
 */
import {
  Document,
  isMap,
  isPair,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml';
import {
  AWS_MANAGED_POLICIES,
  DEFAULT_POLICY_LIMITS,
  policyDocumentSize,
} from './awsManaged';
import { ID_PATTERNS, isValidAccountEmail } from './ids';
import {
  ORG_MODEL_API_VERSION,
  OrgModel,
  OrgModelAccount,
  OrgModelError,
  OrgModelManagementAccount,
  OrgModelOrganizationalUnit,
  OrgModelPolicy,
  OrgModelProblem,
  OrgModelRoot,
} from './model';
import { AccountState, POLICY_TYPES, PolicyType } from './types';

/** The deepest OU nesting AWS allows under a root. @public */
export const MAX_OU_DEPTH = 5;

/**
 * Bounds on the YAML and JSON documents the product reads besides policies (org models, guardrail packs, the
 * sandbox's request bodies): far above what a real organization needs, low enough that a hostile file cannot
 * exhaust the stack, the memory or the time of whoever reads it.
 * @public
 */
export const DOCUMENT_LIMITS = {
  /** Characters of an org model file (a 10,000-account organization with its policies takes a few MB). */
  maxOrgModelLength: 8 * 1024 * 1024,
  /** Characters of a guardrail pack file or of one of its policy templates. */
  maxPackFileLength: 1024 * 1024,
  /** Lists and mappings nested in one another (an org model needs about 20: five OU levels). */
  maxDepth: 64,
  /** Values (scalars, lists, mappings) in one document. */
  maxValues: 1_000_000,
} as const;

function tooDeep(what: string): string {
  return `${what} nests lists and mappings more than ${DOCUMENT_LIMITS.maxDepth} levels deep, the limit`;
}

function tooMany(what: string): string {
  return `${what} holds more than ${DOCUMENT_LIMITS.maxValues} values, the limit`;
}

/**
 * Checks the nesting depth and the number of values of a parsed document (plain objects and arrays), without
 * recursion. Returns a message naming the limit that is exceeded, or undefined.
 * @public
 */
export function documentLimitProblem(
  value: unknown,
  what = 'The document',
): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let count = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++count > DOCUMENT_LIMITS.maxValues) return tooMany(what);
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= DOCUMENT_LIMITS.maxDepth) return tooDeep(what);
    for (const child of Array.isArray(v) ? v : Object.values(v))
      stack.push([child, depth + 1]);
  }
  return undefined;
}

/** The same checks on a YAML document's node tree, before it becomes JavaScript values. */
function yamlLimitProblem(doc: Document, what: string): string | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 0]];
  let count = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++count > DOCUMENT_LIMITS.maxValues) return tooMany(what);
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= DOCUMENT_LIMITS.maxDepth) return tooDeep(what);
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Parses YAML text within DOCUMENT_LIMITS: the length first, then the parse (whose own stack guard reports
 * RESOURCE_EXHAUSTION), then depth and count, then the conversion to plain values (which limits aliases).
 * Returns the value or the problems, each naming the limit it exceeded.
 * @public
 */
export function parseYamlWithinLimits(
  text: string,
  maxLength: number,
  what: string,
  lineCounter?: LineCounter,
):
  | { doc: Document; value: unknown; problems?: undefined }
  | { problems: Array<{ message: string; line?: number }> } {
  if (text.length > maxLength) {
    return {
      problems: [
        {
          message: `${what} is ${text.length} characters; the limit is ${maxLength}`,
        },
      ],
    };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map(e => ({
        message:
          e.code === 'RESOURCE_EXHAUSTION'
            ? tooDeep(what)
            : `YAML syntax error: ${e.message.split('\n')[0]}`,
        line: e.linePos?.[0]?.line,
      })),
    };
  }
  const problem = yamlLimitProblem(doc, what);
  if (problem) return { problems: [{ message: problem }] };
  try {
    return { doc, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    // yaml refuses documents whose aliases would expand exponentially (a "billion laughs").
    return {
      problems: [
        {
          message: `${what} cannot be read: ${
            (error as Error).message
          } (at most 100 alias expansions)`,
        },
      ],
    };
  }
}

/** @public */
export interface ParseOrgModelOptions {
  /**
   * Reads a policy file named by `file:` (the path exactly as written in the model, relative to the model file).
   * Returns its text; throws when it can't be read.
   */
  readFile?: (path: string) => string;
  /** Names the source in error messages (e.g. the file name). */
  source?: string;
}

type PathSegment = string | number;

const ACCOUNT_STATES: AccountState[] = [
  'PENDING_ACTIVATION',
  'ACTIVE',
  'SUSPENDED',
  'PENDING_CLOSURE',
  'CLOSED',
];

function formatPath(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || '(document)';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Validator {
  readonly problems: OrgModelProblem[] = [];

  constructor(
    private readonly lineOf: (path: PathSegment[]) => number | undefined,
  ) {}

  report(path: PathSegment[], message: string) {
    this.problems.push({
      path: formatPath(path),
      message,
      line: this.lineOf(path),
    });
  }

  keys(value: Record<string, unknown>, path: PathSegment[], allowed: string[]) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.report(
          [...path, key],
          `unknown field "${key}"; expected one of: ${allowed.join(', ')}`,
        );
      }
    }
  }

  string(
    raw: unknown,
    path: PathSegment[],
    opts: {
      required?: boolean;
      min?: number;
      max?: number;
      what?: string;
    } = {},
  ): string | undefined {
    const what = opts.what ?? 'value';
    if (raw === undefined || raw === null) {
      if (opts.required) this.report(path, `${what} is required`);
      return undefined;
    }
    const value =
      typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    if (typeof value !== 'string') {
      this.report(path, `${what} must be a string`);
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) {
      this.report(
        path,
        `${what} must have at least ${opts.min} character${
          opts.min === 1 ? '' : 's'
        }`,
      );
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.report(
        path,
        `${what} must have at most ${opts.max} characters (has ${value.length})`,
      );
      return undefined;
    }
    return value;
  }

  list(value: unknown, path: PathSegment[]): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report(path, 'must be a list');
      return [];
    }
    return value;
  }

  tags(
    value: unknown,
    path: PathSegment[],
  ): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.report(
        path,
        'tags must be a mapping of key to value, e.g. { owner: group:default/team }',
      );
      return undefined;
    }
    const out: Record<string, string> = {};
    const entries = Object.entries(value);
    if (entries.length > 50)
      this.report(path, `at most 50 tags are allowed (has ${entries.length})`);
    for (const [key, raw] of entries) {
      if (key.length < 1 || key.length > 128) {
        this.report([...path, key], 'tag keys must have 1 to 128 characters');
        continue;
      }
      if (key.toLowerCase().startsWith('aws:')) {
        this.report(
          [...path, key],
          'tag keys starting with "aws:" are reserved by AWS',
        );
        continue;
      }
      const v = this.string(raw ?? '', [...path, key], {
        max: 256,
        what: 'tag value',
      });
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
}

/**
 * Validates an org model given as a plain object (e.g. parsed YAML or JSON), resolving `file:` references.
 * Throws {@link OrgModelError} listing every problem.
 * @public
 */
export function validateOrgModel(
  input: unknown,
  options: ParseOrgModelOptions & {
    lineOf?: (path: PathSegment[]) => number | undefined;
  } = {},
): OrgModel {
  const limit = documentLimitProblem(input, 'The org model');
  if (limit) {
    throw new OrgModelError(
      [{ path: '(document)', message: limit }],
      options.source,
    );
  }
  const v = new Validator(options.lineOf ?? (() => undefined));
  const model = readModel(v, input, options);
  if (v.problems.length > 0 || !model) {
    throw new OrgModelError(v.problems, options.source);
  }
  return model;
}

/**
 * Parses the YAML text of an org model file and validates it. Throws {@link OrgModelError} listing every problem,
 * each with its YAML path and line.
 * @public
 */
export function parseOrgModel(
  text: string,
  options: ParseOrgModelOptions = {},
): OrgModel {
  const lineCounter = new LineCounter();
  const parsed = parseYamlWithinLimits(
    text,
    DOCUMENT_LIMITS.maxOrgModelLength,
    'The org model',
    lineCounter,
  );
  if (parsed.problems) {
    throw new OrgModelError(
      parsed.problems.map(p => ({ path: '(document)', ...p })),
      options.source,
    );
  }
  const doc = parsed.doc;
  const lineOf = (path: PathSegment[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return validateOrgModel(parsed.value, { ...options, lineOf });
}

function readModel(
  v: Validator,
  input: unknown,
  options: ParseOrgModelOptions,
): OrgModel | undefined {
  if (!isRecord(input)) {
    v.report(
      [],
      `an org model must be a mapping with apiVersion: ${ORG_MODEL_API_VERSION}, kind: Organization and spec`,
    );
    return undefined;
  }
  v.keys(input, [], ['apiVersion', 'kind', 'metadata', 'spec']);
  if (input.apiVersion !== ORG_MODEL_API_VERSION) {
    v.report(
      ['apiVersion'],
      `apiVersion must be "${ORG_MODEL_API_VERSION}" (found ${JSON.stringify(
        input.apiVersion,
      )})`,
    );
  }
  if (input.kind !== 'Organization') {
    v.report(
      ['kind'],
      `kind must be "Organization" (found ${JSON.stringify(input.kind)})`,
    );
  }
  let metadata: OrgModel['metadata'];
  if (input.metadata !== undefined) {
    if (!isRecord(input.metadata))
      v.report(['metadata'], 'metadata must be a mapping');
    else {
      v.keys(input.metadata, ['metadata'], ['name', 'description']);
      metadata = {
        name: v.string(input.metadata.name, ['metadata', 'name']),
        description: v.string(input.metadata.description, [
          'metadata',
          'description',
        ]),
      };
    }
  }
  const spec = input.spec;
  if (!isRecord(spec)) {
    v.report(['spec'], 'spec is required and must be a mapping');
    return undefined;
  }
  v.keys(
    spec,
    ['spec'],
    [
      'organizationId',
      'rootId',
      'managementAccount',
      'enabledPolicyTypes',
      'policies',
      'root',
    ],
  );

  const organizationId = v.string(spec.organizationId, [
    'spec',
    'organizationId',
  ]);
  if (organizationId && !ID_PATTERNS.organization.test(organizationId)) {
    v.report(
      ['spec', 'organizationId'],
      `"${organizationId}" is not an organization id (o- and 10 to 32 lowercase letters or digits)`,
    );
  }
  const rootId = v.string(spec.rootId, ['spec', 'rootId']);
  if (rootId && !ID_PATTERNS.root.test(rootId)) {
    v.report(
      ['spec', 'rootId'],
      `"${rootId}" is not a root id (r- and 4 to 32 lowercase letters or digits)`,
    );
  }

  // Policy types.
  let enabledPolicyTypes: PolicyType[] = ['SERVICE_CONTROL_POLICY'];
  if (spec.enabledPolicyTypes !== undefined) {
    enabledPolicyTypes = [];
    v.list(spec.enabledPolicyTypes, ['spec', 'enabledPolicyTypes']).forEach(
      (t, i) => {
        if (!POLICY_TYPES.includes(t as PolicyType)) {
          v.report(
            ['spec', 'enabledPolicyTypes', i],
            `unknown policy type ${JSON.stringify(
              t,
            )}; expected one of: ${POLICY_TYPES.join(', ')}`,
          );
        } else if (enabledPolicyTypes.includes(t as PolicyType)) {
          v.report(['spec', 'enabledPolicyTypes', i], `${t} is listed twice`);
        } else {
          enabledPolicyTypes.push(t as PolicyType);
        }
      },
    );
  }

  // Policies.
  const policies: OrgModelPolicy[] = [];
  const policyTypeByName = new Map<string, PolicyType>();
  for (const p of AWS_MANAGED_POLICIES) policyTypeByName.set(p.name, p.type);
  const policyIds = new Set<string>();
  v.list(spec.policies, ['spec', 'policies']).forEach((raw, i) => {
    const path: PathSegment[] = ['spec', 'policies', i];
    const policy = readPolicy(v, raw, path, options);
    if (!policy) return;
    if (AWS_MANAGED_POLICIES.some(p => p.name === policy.name)) {
      v.report(
        [...path, 'name'],
        `"${policy.name}" is the name of an AWS-managed policy; it exists already, pick another name`,
      );
      return;
    }
    if (policyTypeByName.has(policy.name)) {
      v.report(
        [...path, 'name'],
        `duplicate policy name "${policy.name}"; policy names must be unique`,
      );
      return;
    }
    if (policy.id) {
      if (policyIds.has(policy.id)) {
        v.report([...path, 'id'], `duplicate policy id "${policy.id}"`);
        return;
      }
      policyIds.add(policy.id);
    }
    policyTypeByName.set(policy.name, policy.type);
    policies.push(policy);
  });

  const ctx: TreeContext = {
    v,
    policyTypeByName,
    enabledPolicyTypes,
    emails: new Map(),
    accountIds: new Map(),
    ouIds: new Map(),
  };

  // Management account.
  let managementAccount: OrgModelManagementAccount | undefined;
  const mgmtPath: PathSegment[] = ['spec', 'managementAccount'];
  if (!isRecord(spec.managementAccount)) {
    v.report(mgmtPath, 'managementAccount is required: { name, email, id? }');
  } else {
    const acct = readAccount(ctx, spec.managementAccount, mgmtPath, false);
    if (acct) {
      managementAccount = { name: acct.name, email: acct.email };
      if (acct.id) managementAccount.id = acct.id;
      if (acct.tags) managementAccount.tags = acct.tags;
      if (acct.policies) managementAccount.policies = acct.policies;
    }
  }

  // Root.
  const root: OrgModelRoot = {};
  if (spec.root !== undefined && spec.root !== null) {
    if (!isRecord(spec.root)) {
      v.report(
        ['spec', 'root'],
        'root must be a mapping with policies, organizationalUnits and accounts',
      );
    } else {
      const rootPath: PathSegment[] = ['spec', 'root'];
      v.keys(spec.root, rootPath, [
        'policies',
        'tags',
        'organizationalUnits',
        'accounts',
      ]);
      const children = readChildren(ctx, spec.root, rootPath, 0);
      const rootPolicies = readAttachments(ctx, spec.root.policies, [
        ...rootPath,
        'policies',
      ]);
      if (rootPolicies) root.policies = rootPolicies;
      const tags = v.tags(spec.root.tags, [...rootPath, 'tags']);
      if (tags) root.tags = tags;
      if (children.organizationalUnits.length)
        root.organizationalUnits = children.organizationalUnits;
      if (children.accounts.length) root.accounts = children.accounts;
    }
  }

  if (v.problems.length > 0 || !managementAccount) return undefined;
  const model: OrgModel = {
    apiVersion: ORG_MODEL_API_VERSION,
    kind: 'Organization',
    spec: {
      managementAccount,
      enabledPolicyTypes,
      policies,
      root,
    },
  };
  if (metadata) model.metadata = metadata;
  if (organizationId) model.spec.organizationId = organizationId;
  if (rootId) model.spec.rootId = rootId;
  return model;
}

function readPolicy(
  v: Validator,
  raw: unknown,
  path: PathSegment[],
  options: ParseOrgModelOptions,
): OrgModelPolicy | undefined {
  if (!isRecord(raw)) {
    v.report(
      path,
      'a policy must be a mapping with name, type and file or document',
    );
    return undefined;
  }
  v.keys(raw, path, ['name', 'type', 'description', 'id', 'file', 'document']);
  const name = v.string(raw.name, [...path, 'name'], {
    required: true,
    min: 1,
    max: 128,
    what: 'policy name',
  });
  const description = v.string(raw.description, [...path, 'description'], {
    max: 512,
    what: 'description',
  });
  const id = v.string(raw.id, [...path, 'id'], { what: 'policy id' });
  if (id && !ID_PATTERNS.policy.test(id)) {
    v.report(
      [...path, 'id'],
      `"${id}" is not a policy id (p- and 8 to 128 letters, digits or _)`,
    );
  }
  let type: PolicyType | undefined;
  if (raw.type === undefined) {
    v.report(
      [...path, 'type'],
      `policy type is required; one of: ${POLICY_TYPES.join(', ')}`,
    );
  } else if (!POLICY_TYPES.includes(raw.type as PolicyType)) {
    v.report(
      [...path, 'type'],
      `unknown policy type ${JSON.stringify(
        raw.type,
      )}; expected one of: ${POLICY_TYPES.join(', ')}`,
    );
  } else {
    type = raw.type as PolicyType;
  }

  let document: string | undefined;
  let file: string | undefined;
  if (raw.file !== undefined && raw.document !== undefined) {
    v.report(path, 'give either file or document, not both');
  } else if (raw.file !== undefined) {
    file = v.string(raw.file, [...path, 'file'], { min: 1, what: 'file' });
    if (file !== undefined) {
      if (!options.readFile) {
        v.report(
          [...path, 'file'],
          `cannot read "${file}": this model was parsed without a file reader; load it from a file (loadOrgModelFile) or inline the policy with document:`,
        );
      } else {
        try {
          document = options.readFile(file);
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          v.report(
            [...path, 'file'],
            `cannot read policy file "${file}" (relative to the model file): ${reason}`,
          );
        }
      }
    }
  } else if (raw.document !== undefined) {
    if (typeof raw.document === 'string') document = raw.document;
    else if (isRecord(raw.document))
      document = JSON.stringify(raw.document, null, 2);
    else
      v.report(
        [...path, 'document'],
        'document must be a JSON string or a mapping',
      );
  } else {
    v.report(
      path,
      'a policy needs its document: file: <path relative to the model file> or document: <JSON>',
    );
  }
  if (document !== undefined) {
    document = document.trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch (e) {
      v.report(
        [...path, file !== undefined ? 'file' : 'document'],
        `the policy document is not valid JSON: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
      return undefined;
    }
    if (!isRecord(parsed)) {
      v.report(
        [...path, file !== undefined ? 'file' : 'document'],
        'the policy document must be a JSON object',
      );
      return undefined;
    }
    if (
      (type === 'SERVICE_CONTROL_POLICY' ||
        type === 'RESOURCE_CONTROL_POLICY') &&
      parsed.Statement === undefined
    ) {
      v.report(
        [...path, file !== undefined ? 'file' : 'document'],
        `a ${type} document needs a Statement`,
      );
    }
    if (type) {
      const size = policyDocumentSize(document);
      const max = DEFAULT_POLICY_LIMITS[type].maxSize;
      if (size > max) {
        v.report(
          [...path, file !== undefined ? 'file' : 'document'],
          `the policy document is ${size} characters (whitespace outside strings not counted); AWS allows at most ${max} for a ${type}`,
        );
      }
    }
  }
  if (!name || !type || document === undefined) return undefined;
  const policy: OrgModelPolicy = { name, type, document };
  if (description !== undefined) policy.description = description;
  if (id) policy.id = id;
  if (file !== undefined) policy.file = file;
  return policy;
}

interface TreeContext {
  v: Validator;
  policyTypeByName: Map<string, PolicyType>;
  enabledPolicyTypes: PolicyType[];
  /** lowercased email → path where first seen */
  emails: Map<string, string>;
  accountIds: Map<string, string>;
  ouIds: Map<string, string>;
}

function readAttachments(
  ctx: TreeContext,
  raw: unknown,
  path: PathSegment[],
): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const names: string[] = [];
  ctx.v.list(raw, path).forEach((name, i) => {
    if (typeof name !== 'string') {
      ctx.v.report([...path, i], 'policy references must be policy names');
      return;
    }
    const type = ctx.policyTypeByName.get(name);
    if (!type) {
      const known = [...ctx.policyTypeByName.keys()];
      const shown =
        known.length > 12
          ? `${known.slice(0, 12).join(', ')}, … (${known.length} in all)`
          : known.join(', ');
      ctx.v.report(
        [...path, i],
        `unknown policy "${name}"; define it under spec.policies (known: ${shown})`,
      );
      return;
    }
    if (!ctx.enabledPolicyTypes.includes(type)) {
      ctx.v.report(
        [...path, i],
        `policy "${name}" is a ${type}, which is not enabled; add ${type} to spec.enabledPolicyTypes`,
      );
      return;
    }
    if (names.includes(name)) {
      ctx.v.report([...path, i], `policy "${name}" is attached twice`);
      return;
    }
    names.push(name);
  });
  const perType = new Map<PolicyType, number>();
  for (const name of names) {
    const type = ctx.policyTypeByName.get(name)!;
    perType.set(type, (perType.get(type) ?? 0) + 1);
  }
  // RCPFullAWSAccess is attached everywhere RCPs are enabled, listed or not.
  if (
    ctx.enabledPolicyTypes.includes('RESOURCE_CONTROL_POLICY') &&
    !names.includes('RCPFullAWSAccess')
  ) {
    perType.set(
      'RESOURCE_CONTROL_POLICY',
      (perType.get('RESOURCE_CONTROL_POLICY') ?? 0) + 1,
    );
  }
  for (const [type, count] of perType) {
    const max = DEFAULT_POLICY_LIMITS[type].maxAttachmentsPerTarget;
    if (count > max) {
      ctx.v.report(
        path,
        `${count} ${type} policies would be attached here${
          type === 'RESOURCE_CONTROL_POLICY'
            ? ' (RCPFullAWSAccess included)'
            : ''
        }; AWS allows at most ${max} per root, OU or account`,
      );
    }
  }
  return names;
}

function readAccount(
  ctx: TreeContext,
  raw: unknown,
  path: PathSegment[],
  member: boolean,
): OrgModelAccount | undefined {
  const { v } = ctx;
  if (!isRecord(raw)) {
    v.report(path, 'an account must be a mapping with name and email');
    return undefined;
  }
  const allowed = ['name', 'email', 'id', 'tags', 'policies'];
  if (member) allowed.push('state', 'joinedTimestamp');
  v.keys(raw, path, allowed);
  const name = v.string(raw.name, [...path, 'name'], {
    required: true,
    min: 1,
    max: 50,
    what: 'account name',
  });
  if (name !== undefined && !/^[\u0020-\u007E]+$/.test(name)) {
    v.report(
      [...path, 'name'],
      'account names may hold only printable ASCII characters',
    );
  }
  const email = v.string(raw.email, [...path, 'email'], {
    required: true,
    what: 'email',
  });
  let emailOk = false;
  if (email !== undefined) {
    if (!isValidAccountEmail(email)) {
      v.report(
        [...path, 'email'],
        `"${email}" is not a valid email address (6 to 64 characters, like name@example.com)`,
      );
    } else {
      const seen = ctx.emails.get(email.toLowerCase());
      if (seen)
        v.report(
          [...path, 'email'],
          `email "${email}" is already used by ${seen}; each account needs its own email`,
        );
      else {
        ctx.emails.set(email.toLowerCase(), formatPath(path));
        emailOk = true;
      }
    }
  }
  const id = v.string(raw.id, [...path, 'id'], { what: 'account id' });
  if (id !== undefined) {
    if (!ID_PATTERNS.account.test(id)) {
      v.report(
        [...path, 'id'],
        `"${id}" is not an account id (12 digits; quote it in YAML so leading zeros stay)`,
      );
    } else if (ctx.accountIds.has(id)) {
      v.report(
        [...path, 'id'],
        `account id ${id} is already used by ${ctx.accountIds.get(id)}`,
      );
    } else {
      ctx.accountIds.set(id, formatPath(path));
    }
  }
  let state: AccountState | undefined;
  if (raw.state !== undefined) {
    if (!ACCOUNT_STATES.includes(raw.state as AccountState)) {
      v.report(
        [...path, 'state'],
        `unknown account state ${JSON.stringify(
          raw.state,
        )}; expected one of: ${ACCOUNT_STATES.join(', ')}`,
      );
    } else state = raw.state as AccountState;
  }
  let joinedTimestamp: string | undefined;
  if (raw.joinedTimestamp !== undefined) {
    const t =
      raw.joinedTimestamp instanceof Date
        ? raw.joinedTimestamp.toISOString()
        : v.string(raw.joinedTimestamp, [...path, 'joinedTimestamp']);
    if (t !== undefined && Number.isNaN(Date.parse(t))) {
      v.report([...path, 'joinedTimestamp'], `"${t}" is not an ISO 8601 time`);
    } else if (t !== undefined) joinedTimestamp = new Date(t).toISOString();
  }
  const tags = v.tags(raw.tags, [...path, 'tags']);
  const policies = readAttachments(ctx, raw.policies, [...path, 'policies']);
  if (!name || !email || !emailOk) return undefined;
  const account: OrgModelAccount = { name, email };
  if (id !== undefined && ID_PATTERNS.account.test(id)) account.id = id;
  if (tags) account.tags = tags;
  if (policies) account.policies = policies;
  if (state) account.state = state;
  if (joinedTimestamp) account.joinedTimestamp = joinedTimestamp;
  return account;
}

function readChildren(
  ctx: TreeContext,
  raw: Record<string, unknown>,
  path: PathSegment[],
  depth: number,
): {
  organizationalUnits: OrgModelOrganizationalUnit[];
  accounts: OrgModelAccount[];
} {
  const { v } = ctx;
  const organizationalUnits: OrgModelOrganizationalUnit[] = [];
  const names = new Map<string, number>();
  v.list(raw.organizationalUnits, [...path, 'organizationalUnits']).forEach(
    (ouRaw, i) => {
      const ouPath: PathSegment[] = [...path, 'organizationalUnits', i];
      if (!isRecord(ouRaw)) {
        v.report(
          ouPath,
          'an organizational unit must be a mapping with a name',
        );
        return;
      }
      if (depth + 1 > MAX_OU_DEPTH) {
        v.report(
          ouPath,
          `OUs can be nested at most ${MAX_OU_DEPTH} levels deep under the root; this one would be at level ${
            depth + 1
          }`,
        );
        return;
      }
      v.keys(ouRaw, ouPath, [
        'name',
        'id',
        'policies',
        'tags',
        'organizationalUnits',
        'accounts',
      ]);
      const name = v.string(ouRaw.name, [...ouPath, 'name'], {
        required: true,
        min: 1,
        max: 128,
        what: 'OU name',
      });
      if (name !== undefined) {
        const key = name;
        if (names.has(key)) {
          v.report(
            [...ouPath, 'name'],
            `duplicate OU name "${name}" under the same parent (also at index ${names.get(
              key,
            )}); OU names must be unique within a parent`,
          );
        } else names.set(key, i);
      }
      const id = v.string(ouRaw.id, [...ouPath, 'id'], { what: 'OU id' });
      if (id !== undefined) {
        if (!ID_PATTERNS.organizationalUnit.test(id)) {
          v.report(
            [...ouPath, 'id'],
            `"${id}" is not an OU id (ou-<root suffix>-<8 to 32 letters or digits>)`,
          );
        } else if (ctx.ouIds.has(id)) {
          v.report(
            [...ouPath, 'id'],
            `OU id ${id} is already used by ${ctx.ouIds.get(id)}`,
          );
        } else ctx.ouIds.set(id, formatPath(ouPath));
      }
      const tags = v.tags(ouRaw.tags, [...ouPath, 'tags']);
      const policies = readAttachments(ctx, ouRaw.policies, [
        ...ouPath,
        'policies',
      ]);
      const children = readChildren(ctx, ouRaw, ouPath, depth + 1);
      if (name === undefined) return;
      const ou: OrgModelOrganizationalUnit = { name };
      if (id !== undefined && ID_PATTERNS.organizationalUnit.test(id))
        ou.id = id;
      if (policies) ou.policies = policies;
      if (tags) ou.tags = tags;
      if (children.organizationalUnits.length)
        ou.organizationalUnits = children.organizationalUnits;
      if (children.accounts.length) ou.accounts = children.accounts;
      organizationalUnits.push(ou);
    },
  );
  const accounts: OrgModelAccount[] = [];
  v.list(raw.accounts, [...path, 'accounts']).forEach((accRaw, i) => {
    const acct = readAccount(ctx, accRaw, [...path, 'accounts', i], true);
    if (acct) accounts.push(acct);
  });
  return { organizationalUnits, accounts };
}
