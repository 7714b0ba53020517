/**
 * The sandbox's in-memory organization and the AWS Organizations operations over it, with AWS's semantics,
 * quotas and exceptions. Transport-free: `startSandbox` puts it behind HTTP (AWS JSON 1.1).
 */
import {
  compileOrgModel,
  defaultPolicyForType,
  deterministicAccountId,
  deterministicOuId,
  deterministicPolicyId,
  DEFAULT_POLICY_LIMITS,
  FULL_AWS_ACCESS_POLICY,
  ID_PATTERNS,
  isValidAccountEmail,
  MAX_OU_DEPTH,
  orgArns,
  policyDocumentSize,
  POLICY_TYPES,
  RCP_FULL_AWS_ACCESS_POLICY,
  RCP_FULL_AWS_ACCESS_POLICY_ID,
  hashChars,
} from '@internal/plugin-ai-governance-common';
import type {
  AccountState,
  OrgModel,
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
  PolicyType,
} from '@internal/plugin-ai-governance-common';
import { computeEffectivePolicy } from './effectivePolicy';
import { Errors, OrganizationsError } from './errors';
import {
  FaultOptions,
  RateLimiter,
  seededRandom,
  validateFaultOptions,
} from './faults';

/** Quotas the sandbox enforces; AWS's defaults unless set. @public */
export interface SandboxLimits {
  /** Per policy type: most policies of the type attached directly to one target. */
  maxAttachmentsPerTarget?: Partial<Record<PolicyType, number>>;
  /** Per policy type: largest document, in characters (whitespace outside strings not counted). */
  maxPolicySize?: Partial<Record<PolicyType, number>>;
  /** Most accounts in the organization (CreateAccount fails with ACCOUNT_LIMIT_EXCEEDED beyond). Default 10,000. */
  maxAccounts?: number;
  /** Most OUs. Default 2,000. */
  maxOrganizationalUnits?: number;
  /** Most customer-managed policies per type. Default 1,000. */
  maxPoliciesPerType?: number;
  /** Most CreateAccount requests in progress at once. Default 5. */
  maxCreateAccountInProgress?: number;
  /** Deepest OU nesting under the root. Default 5. */
  maxOuDepth?: number;
}

/** @public */
export interface OrganizationsSandboxOptions {
  /** The organization to start with (e.g. from `parseOrgModel` or `loadOrgModelFile`). Default: management only. */
  seed?: OrgModel;
  faults?: FaultOptions;
  /** How long CreateAccount stays IN_PROGRESS. Default 2,000 ms. */
  createAccountDelayMs?: number;
  /** How long CloseAccount stays PENDING_CLOSURE before SUSPENDED. Default 2,000 ms. */
  closeAccountDelayMs?: number;
  limits?: SandboxLimits;
  /** Called after every change of state (the server persists through it). */
  onChange?: () => void;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

/** Counters of API calls, for benchmarks and tests. @public */
export interface SandboxStats {
  /** Every API call received, throttled or not. */
  totalCalls: number;
  /** Calls per operation name. */
  calls: Record<string, number>;
  /** Calls answered with TooManyRequestsException. */
  throttled: number;
  /** Calls answered with an exception, per exception name (throttles included). */
  errors: Record<string, number>;
  /** ISO time counting started (the last reset). */
  since: string;
}

/** The outcome of one call. @public */
export interface SandboxResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

interface RootRecord {
  id: string;
  enabledPolicyTypes: PolicyType[];
  tags: Record<string, string>;
}
interface OuRecord {
  id: string;
  name: string;
  parentId: string;
  tags: Record<string, string>;
}
interface AccountRecord {
  id: string;
  name: string;
  email: string;
  parentId: string;
  state: AccountState;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: number;
  tags: Record<string, string>;
  closeAt?: number;
}
interface PolicyRecord {
  id: string;
  name: string;
  type: PolicyType;
  description: string;
  awsManaged: boolean;
  content: string;
  tags: Record<string, string>;
}
interface CreateAccountRecord {
  id: string;
  accountName: string;
  email: string;
  tags: Record<string, string>;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  requestedTimestamp: number;
  completeAt: number;
  completedTimestamp?: number;
  accountId?: string;
  failureReason?: string;
  plannedFailure?: string;
}

/** The persisted form of the sandbox's state. */
export interface SandboxState {
  version: 1;
  organization: { id: string; managementAccountId: string };
  root: RootRecord;
  organizationalUnits: OuRecord[];
  accounts: AccountRecord[];
  policies: PolicyRecord[];
  attachments: Array<[string, string[]]>;
  createAccountStatuses: CreateAccountRecord[];
  counter: number;
  /** Service principals with trusted access, and when it was enabled (epoch ms). */
  servicePrincipals?: Array<[string, number]>;
}

const WRITE_OPERATIONS = new Set([
  'AttachPolicy',
  'CloseAccount',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisableAWSServiceAccess',
  'DisablePolicyType',
  'EnableAWSServiceAccess',
  'EnablePolicyType',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'TagResource',
  'UntagResource',
  'UpdateOrganizationalUnit',
  'UpdatePolicy',
]);

/** Policy types DescribeEffectivePolicy answers for (management policies; not SCPs or RCPs). */
const EFFECTIVE_POLICY_TYPES: PolicyType[] = [
  'AISERVICES_OPT_OUT_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
];

/** Policy type names AWS knows that this sandbox does not offer. */
const OTHER_AWS_POLICY_TYPES = [
  'BEDROCK_POLICY',
  'GUARDDUTY_POLICY',
  'INSPECTOR_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
  'S3_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'SECURITYHUB_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
];

const PAGE_MAX = 20;

type Input = Record<string, unknown>;
type Handler = (input: Input) => Record<string, unknown>;

function accountStatus(state: AccountState): string {
  if (state === 'PENDING_CLOSURE') return 'PENDING_CLOSURE';
  if (state === 'SUSPENDED' || state === 'CLOSED') return 'SUSPENDED';
  return 'ACTIVE';
}

function seconds(ms: number): number {
  return ms / 1000;
}

/**
 * A local AWS Organizations: state, operations, faults and call counters.
 * @public
 */
export class OrganizationsSandbox {
  private orgId = '';
  private managementAccountId = '';
  private root!: RootRecord;
  private readonly ous = new Map<string, OuRecord>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly policies = new Map<string, PolicyRecord>();
  /** parent id → child OU ids, in creation order */
  private readonly childOus = new Map<string, Set<string>>();
  /** parent id → child account ids, in creation order */
  private readonly childAccounts = new Map<string, Set<string>>();
  /** target id → attached policy ids, in attachment order */
  private readonly attachments = new Map<string, string[]>();
  /** policy id → target ids */
  private readonly targetsOf = new Map<string, Set<string>>();
  private readonly createAccountStatuses = new Map<
    string,
    CreateAccountRecord
  >();
  private counter = 0;
  private tokenSeq = 0;
  private readonly servicePrincipals = new Map<string, number>();
  /** CreateAccount requests still IN_PROGRESS, and accounts PENDING_CLOSURE: what tick() has to look at. */
  private readonly inProgress = new Set<string>();
  private readonly closing = new Set<string>();

  private faults: FaultOptions = {};
  private random: () => number = Math.random;
  private rateLimiter?: RateLimiter;
  private concurrentModificationLeft = 0;
  private statsData!: SandboxStats;

  private readonly limits: Required<
    Omit<SandboxLimits, 'maxAttachmentsPerTarget' | 'maxPolicySize'>
  > & {
    maxAttachmentsPerTarget: Record<PolicyType, number>;
    maxPolicySize: Record<PolicyType, number>;
  };
  private readonly createAccountDelayMs: number;
  private readonly closeAccountDelayMs: number;
  private readonly now: () => number;
  private readonly onChange?: () => void;
  private readonly handlers: Record<string, Handler>;

  constructor(options: OrganizationsSandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
    this.createAccountDelayMs = options.createAccountDelayMs ?? 2000;
    this.closeAccountDelayMs = options.closeAccountDelayMs ?? 2000;
    const l = options.limits ?? {};
    const maxAttachmentsPerTarget = {} as Record<PolicyType, number>;
    const maxPolicySize = {} as Record<PolicyType, number>;
    for (const t of POLICY_TYPES) {
      maxAttachmentsPerTarget[t] =
        l.maxAttachmentsPerTarget?.[t] ??
        DEFAULT_POLICY_LIMITS[t].maxAttachmentsPerTarget;
      maxPolicySize[t] =
        l.maxPolicySize?.[t] ?? DEFAULT_POLICY_LIMITS[t].maxSize;
    }
    this.limits = {
      maxAccounts: l.maxAccounts ?? 10000,
      maxOrganizationalUnits: l.maxOrganizationalUnits ?? 2000,
      maxPoliciesPerType: l.maxPoliciesPerType ?? 1000,
      maxCreateAccountInProgress: l.maxCreateAccountInProgress ?? 5,
      maxOuDepth: l.maxOuDepth ?? MAX_OU_DEPTH,
      maxAttachmentsPerTarget,
      maxPolicySize,
    };
    this.resetStats();
    this.setFaults(options.faults ?? {});
    this.loadModel(
      options.seed ?? {
        apiVersion: 'ai-governance/v1',
        kind: 'Organization',
        spec: {
          managementAccount: {
            name: 'management',
            email: 'aws-management@example.com',
          },
          enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
          policies: [],
          root: {},
        },
      },
    );
    this.handlers = this.buildHandlers();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Public API

  /** The current organization, in the same shape `compileOrgModel` and the crawler produce. */
  snapshot(): OrgSnapshot {
    this.tick();
    const mgmt = this.accounts.get(this.managementAccountId);
    const nodes: OrgNode[] = [];
    nodes.push({
      id: this.root.id,
      kind: 'root',
      arn: this.rootArn(),
      name: 'Root',
      enabledPolicyTypes: [...this.root.enabledPolicyTypes],
      tags: { ...this.root.tags },
      policyIds: [...(this.attachments.get(this.root.id) ?? [])],
    });
    const queue = [this.root.id];
    for (let i = 0; i < queue.length; i++) {
      const parentId = queue[i];
      for (const ouId of this.childOus.get(parentId) ?? []) {
        const ou = this.ous.get(ouId)!;
        nodes.push({
          id: ou.id,
          kind: 'ou',
          arn: this.ouArn(ou.id),
          name: ou.name,
          parentId,
          tags: { ...ou.tags },
          policyIds: [...(this.attachments.get(ou.id) ?? [])],
        });
        queue.push(ou.id);
      }
      for (const accountId of this.childAccounts.get(parentId) ?? []) {
        const a = this.accounts.get(accountId)!;
        nodes.push({
          id: a.id,
          kind: 'account',
          arn: this.accountArn(a.id),
          name: a.name,
          parentId,
          email: a.email,
          state: a.state,
          joinedMethod: a.joinedMethod,
          joinedTimestamp: new Date(a.joinedTimestamp).toISOString(),
          tags: { ...a.tags },
          policyIds: [...(this.attachments.get(a.id) ?? [])],
        });
      }
    }
    const policies: OrgPolicy[] = [...this.visiblePolicies()].map(p => {
      const policy: OrgPolicy = {
        id: p.id,
        arn: this.policyArn(p),
        name: p.name,
        type: p.type,
        awsManaged: p.awsManaged,
        content: p.content,
      };
      if (p.description) policy.description = p.description;
      return policy;
    });
    return {
      organization: {
        id: this.orgId,
        arn: orgArns.organization(this.managementAccountId, this.orgId),
        managementAccountId: this.managementAccountId,
        managementAccountEmail: mgmt?.email,
        featureSet: 'ALL',
      },
      nodes,
      policies,
      capturedAt: new Date(this.now()).toISOString(),
    };
  }

  /** Replaces the fault settings (an empty object clears every fault). Throws on invalid options. */
  setFaults(faults: FaultOptions): void {
    const problems = validateFaultOptions(faults);
    if (problems.length > 0) {
      throw new Error(`Invalid fault options: ${problems.join('; ')}`);
    }
    this.faults = { ...faults };
    this.random =
      faults.seed !== undefined ? seededRandom(faults.seed) : Math.random;
    this.rateLimiter = faults.requestsPerSecond
      ? new RateLimiter(
          faults.requestsPerSecond,
          faults.burst ?? Math.max(1, faults.requestsPerSecond),
          this.now(),
        )
      : undefined;
    this.concurrentModificationLeft = faults.concurrentModificationBurst ?? 0;
  }

  /** The fault settings in force. */
  getFaults(): FaultOptions {
    return {
      ...this.faults,
      concurrentModificationBurst: this.concurrentModificationLeft || undefined,
    };
  }

  /** Counters of API calls since the last reset. */
  stats(): SandboxStats {
    return {
      ...this.statsData,
      calls: { ...this.statsData.calls },
      errors: { ...this.statsData.errors },
    };
  }

  resetStats(): void {
    this.statsData = {
      totalCalls: 0,
      calls: {},
      throttled: 0,
      errors: {},
      since: new Date(this.now()).toISOString(),
    };
  }

  /** Names of the operations the sandbox implements. */
  operations(): string[] {
    return Object.keys(this.handlers).sort();
  }

  /**
   * Handles one API call: counts it, applies faults (latency, rate, throttling, errors), runs the operation.
   * Never throws; exceptions come back as AWS error bodies.
   */
  async call(operation: string, input: Input): Promise<SandboxResponse> {
    this.statsData.totalCalls++;
    this.statsData.calls[operation] =
      (this.statsData.calls[operation] ?? 0) + 1;
    const faultsApply =
      !this.faults.operations || this.faults.operations.includes(operation);
    try {
      if (faultsApply) {
        const latency =
          (this.faults.latencyMs ?? 0) +
          (this.faults.latencyJitterMs
            ? this.random() * this.faults.latencyJitterMs
            : 0);
        if (latency > 0)
          await new Promise(resolve => setTimeout(resolve, latency));
        if (this.rateLimiter && !this.rateLimiter.tryTake(this.now())) {
          throw Errors.tooManyRequests();
        }
        if (
          this.faults.throttleProbability &&
          this.random() < this.faults.throttleProbability
        ) {
          throw Errors.tooManyRequests();
        }
        if (
          this.faults.serviceErrorProbability &&
          this.random() < this.faults.serviceErrorProbability
        ) {
          throw Errors.service();
        }
        if (WRITE_OPERATIONS.has(operation)) {
          if (this.concurrentModificationLeft > 0) {
            this.concurrentModificationLeft--;
            throw Errors.concurrentModification();
          }
          if (
            this.faults.concurrentModificationProbability &&
            this.random() < this.faults.concurrentModificationProbability
          ) {
            throw Errors.concurrentModification();
          }
        }
      }
      const handler = this.handlers[operation];
      if (!handler) throw Errors.unknownOperation(operation);
      this.tick();
      const body = handler(input ?? {});
      if (WRITE_OPERATIONS.has(operation)) this.changed();
      return { statusCode: 200, body };
    } catch (e) {
      const error =
        e instanceof OrganizationsError
          ? e
          : new OrganizationsError(
              'ServiceException',
              `The sandbox failed: ${
                e instanceof Error ? e.message : String(e)
              }`,
              {},
              500,
            );
      this.statsData.errors[error.type] =
        (this.statsData.errors[error.type] ?? 0) + 1;
      if (error.type === 'TooManyRequestsException') this.statsData.throttled++;
      return { statusCode: error.statusCode, body: error.toBody() };
    }
  }

  /** The state as plain JSON, for persistence. */
  exportState(): SandboxState {
    this.tick();
    return {
      version: 1,
      organization: {
        id: this.orgId,
        managementAccountId: this.managementAccountId,
      },
      root: {
        ...this.root,
        enabledPolicyTypes: [...this.root.enabledPolicyTypes],
      },
      organizationalUnits: this.orderedOus(),
      accounts: [...this.accounts.values()],
      policies: [...this.policies.values()].filter(p => !p.awsManaged),
      attachments: [...this.attachments.entries()],
      createAccountStatuses: [...this.createAccountStatuses.values()],
      counter: this.counter,
      servicePrincipals: [...this.servicePrincipals.entries()],
    };
  }

  /** Replaces the state with one from {@link OrganizationsSandbox.exportState}. */
  importState(state: SandboxState): void {
    if (state?.version !== 1)
      throw new Error('Unsupported sandbox state file (expected version 1)');
    this.clear();
    this.orgId = state.organization.id;
    this.managementAccountId = state.organization.managementAccountId;
    this.root = { ...state.root };
    this.addManagedPolicies();
    for (const ou of state.organizationalUnits) this.insertOu(ou);
    for (const a of state.accounts) this.insertAccount(a);
    for (const p of state.policies) this.policies.set(p.id, { ...p });
    for (const [targetId, policyIds] of state.attachments) {
      for (const policyId of policyIds) this.attach(policyId, targetId);
    }
    for (const s of state.createAccountStatuses) {
      this.createAccountStatuses.set(s.id, { ...s });
      if (s.state === 'IN_PROGRESS') this.inProgress.add(s.id);
    }
    this.counter = state.counter;
    for (const [principal, since] of state.servicePrincipals ?? []) {
      this.servicePrincipals.set(principal, since);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // State

  private clear() {
    this.ous.clear();
    this.accounts.clear();
    this.policies.clear();
    this.childOus.clear();
    this.childAccounts.clear();
    this.attachments.clear();
    this.targetsOf.clear();
    this.createAccountStatuses.clear();
    this.servicePrincipals.clear();
    this.inProgress.clear();
    this.closing.clear();
    this.counter = 0;
  }

  private addManagedPolicies() {
    for (const p of [FULL_AWS_ACCESS_POLICY, RCP_FULL_AWS_ACCESS_POLICY]) {
      this.policies.set(p.id, {
        id: p.id,
        name: p.name,
        type: p.type,
        description: p.description ?? '',
        awsManaged: true,
        content: p.content,
        tags: {},
      });
    }
  }

  private loadModel(model: OrgModel) {
    const snapshot = compileOrgModel(model);
    this.clear();
    this.orgId = snapshot.organization.id;
    this.managementAccountId = snapshot.organization.managementAccountId;
    this.addManagedPolicies();
    for (const p of snapshot.policies) {
      if (p.awsManaged) continue;
      this.policies.set(p.id, {
        id: p.id,
        name: p.name,
        type: p.type,
        description: p.description ?? '',
        awsManaged: false,
        content: p.content,
        tags: {},
      });
    }
    for (const node of snapshot.nodes) {
      if (node.kind === 'root') {
        this.root = {
          id: node.id,
          enabledPolicyTypes: [...(node.enabledPolicyTypes ?? [])],
          tags: { ...node.tags },
        };
      } else if (node.kind === 'ou') {
        this.insertOu({
          id: node.id,
          name: node.name,
          parentId: node.parentId!,
          tags: { ...node.tags },
        });
      } else {
        this.insertAccount({
          id: node.id,
          name: node.name,
          email: node.email!,
          parentId: node.parentId!,
          state: node.state ?? 'ACTIVE',
          joinedMethod: node.joinedMethod ?? 'CREATED',
          joinedTimestamp: Date.parse(
            node.joinedTimestamp ?? '2024-01-01T00:00:00Z',
          ),
          tags: { ...node.tags },
        });
      }
      for (const policyId of node.policyIds) this.attach(policyId, node.id);
    }
  }

  private insertOu(ou: OuRecord) {
    this.ous.set(ou.id, { ...ou, tags: { ...ou.tags } });
    this.childSet(this.childOus, ou.parentId).add(ou.id);
  }

  private insertAccount(a: AccountRecord) {
    this.accounts.set(a.id, { ...a, tags: { ...a.tags } });
    if (a.state === 'PENDING_CLOSURE' && a.closeAt !== undefined)
      this.closing.add(a.id);
    this.childSet(this.childAccounts, a.parentId).add(a.id);
  }

  private childSet(
    map: Map<string, Set<string>>,
    parentId: string,
  ): Set<string> {
    let set = map.get(parentId);
    if (!set) {
      set = new Set();
      map.set(parentId, set);
    }
    return set;
  }

  private attach(policyId: string, targetId: string) {
    let list = this.attachments.get(targetId);
    if (!list) {
      list = [];
      this.attachments.set(targetId, list);
    }
    if (!list.includes(policyId)) list.push(policyId);
    let targets = this.targetsOf.get(policyId);
    if (!targets) {
      targets = new Set();
      this.targetsOf.set(policyId, targets);
    }
    targets.add(targetId);
  }

  private detach(policyId: string, targetId: string) {
    const list = this.attachments.get(targetId);
    if (list) {
      const i = list.indexOf(policyId);
      if (i >= 0) list.splice(i, 1);
    }
    this.targetsOf.get(policyId)?.delete(targetId);
  }

  private detachAll(targetId: string) {
    for (const policyId of [...(this.attachments.get(targetId) ?? [])]) {
      this.detach(policyId, targetId);
    }
    this.attachments.delete(targetId);
  }

  /** Attaches AWS's default policies of every enabled type to a new root, OU or account. */
  private attachDefaults(targetId: string) {
    for (const type of this.root.enabledPolicyTypes) {
      const def = defaultPolicyForType(type);
      if (def) this.attach(def.id, targetId);
    }
  }

  private orderedOus(): OuRecord[] {
    const out: OuRecord[] = [];
    const queue = [this.root.id];
    for (let i = 0; i < queue.length; i++) {
      for (const id of this.childOus.get(queue[i]) ?? []) {
        out.push(this.ous.get(id)!);
        queue.push(id);
      }
    }
    return out;
  }

  private visiblePolicies(): PolicyRecord[] {
    return [...this.policies.values()].filter(
      p => !p.awsManaged || this.root.enabledPolicyTypes.includes(p.type),
    );
  }

  /** Completes CreateAccount requests and account closures whose time has come. */
  private tick() {
    const now = this.now();
    let changed = false;
    for (const requestId of [...this.inProgress]) {
      const s = this.createAccountStatuses.get(requestId)!;
      if (s.completeAt > now) continue;
      this.inProgress.delete(requestId);
      changed = true;
      s.completedTimestamp = s.completeAt;
      const emailTaken = [...this.accounts.values()].some(
        a => a.email.toLowerCase() === s.email.toLowerCase(),
      );
      let reason = s.plannedFailure;
      if (!reason && emailTaken) reason = 'EMAIL_ALREADY_EXISTS';
      if (!reason && this.accounts.size >= this.limits.maxAccounts) {
        reason = 'ACCOUNT_LIMIT_EXCEEDED';
      }
      if (reason) {
        s.state = 'FAILED';
        s.failureReason = reason;
        continue;
      }
      const id = this.newAccountId();
      this.insertAccount({
        id,
        name: s.accountName,
        email: s.email,
        parentId: this.root.id,
        state: 'ACTIVE',
        joinedMethod: 'CREATED',
        joinedTimestamp: s.completeAt,
        tags: s.tags,
      });
      this.attachDefaults(id);
      s.state = 'SUCCEEDED';
      s.accountId = id;
    }
    for (const id of [...this.closing]) {
      const a = this.accounts.get(id);
      if (!a || a.state !== 'PENDING_CLOSURE' || a.closeAt === undefined) {
        this.closing.delete(id);
      } else if (a.closeAt <= now) {
        a.state = 'SUSPENDED';
        delete a.closeAt;
        this.closing.delete(id);
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  private changed() {
    this.onChange?.();
  }

  private newAccountId(): string {
    let id: string;
    do {
      id = deterministicAccountId(`${this.orgId}:created:${this.counter++}`);
    } while (this.accounts.has(id));
    return id;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // ARNs and shapes

  private rootArn() {
    return orgArns.root(this.managementAccountId, this.orgId, this.root.id);
  }
  private ouArn(id: string) {
    return orgArns.organizationalUnit(this.managementAccountId, this.orgId, id);
  }
  private accountArn(id: string) {
    return orgArns.account(this.managementAccountId, this.orgId, id);
  }
  private policyArn(p: PolicyRecord) {
    return p.awsManaged
      ? `arn:aws:organizations::aws:policy/${p.type.toLowerCase()}/${p.id}`
      : orgArns.policy(this.managementAccountId, this.orgId, p.type, p.id);
  }

  private rootShape() {
    return {
      Id: this.root.id,
      Arn: this.rootArn(),
      Name: 'Root',
      PolicyTypes: this.root.enabledPolicyTypes.map(Type => ({
        Type,
        Status: 'ENABLED',
      })),
    };
  }
  private ouShape(ou: OuRecord) {
    return { Id: ou.id, Arn: this.ouArn(ou.id), Name: ou.name };
  }
  private accountShape(a: AccountRecord) {
    return {
      Id: a.id,
      Arn: this.accountArn(a.id),
      Email: a.email,
      Name: a.name,
      Status: accountStatus(a.state),
      State: a.state,
      JoinedMethod: a.joinedMethod,
      JoinedTimestamp: seconds(a.joinedTimestamp),
    };
  }
  private policySummary(p: PolicyRecord) {
    return {
      Id: p.id,
      Arn: this.policyArn(p),
      Name: p.name,
      Description: p.description,
      Type: p.type,
      AwsManaged: p.awsManaged,
    };
  }
  private policyShape(p: PolicyRecord) {
    return { PolicySummary: this.policySummary(p), Content: p.content };
  }
  private createAccountShape(s: CreateAccountRecord) {
    const out: Record<string, unknown> = {
      Id: s.id,
      AccountName: s.accountName,
      State: s.state,
      RequestedTimestamp: seconds(s.requestedTimestamp),
    };
    if (s.completedTimestamp !== undefined)
      out.CompletedTimestamp = seconds(s.completedTimestamp);
    if (s.accountId) out.AccountId = s.accountId;
    if (s.failureReason) out.FailureReason = s.failureReason;
    return out;
  }
  private tagsShape(tags: Record<string, string>) {
    return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Input checks

  private required(input: Input, name: string): string {
    const v = input[name];
    if (v === undefined || v === null || v === '') {
      throw Errors.invalidInput(
        'INPUT_REQUIRED',
        `You must specify a value for ${name}.`,
      );
    }
    if (typeof v !== 'string') {
      throw Errors.invalidInput('INVALID_INPUT', `${name} must be a string.`);
    }
    return v;
  }

  private optionalString(input: Input, name: string): string | undefined {
    const v = input[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string')
      throw Errors.invalidInput('INVALID_INPUT', `${name} must be a string.`);
    return v;
  }

  private length(value: string, name: string, min: number, max: number) {
    if (value.length < min) {
      throw Errors.invalidInput(
        'MIN_LENGTH_EXCEEDED',
        `You provided a value for ${name} that is shorter than ${min} characters.`,
      );
    }
    if (value.length > max) {
      throw Errors.invalidInput(
        'MAX_LENGTH_EXCEEDED',
        `You provided a value for ${name} that is longer than ${max} characters.`,
      );
    }
  }

  private pattern(value: string, re: RegExp, name: string) {
    if (!re.test(value)) {
      throw Errors.invalidInput(
        'INVALID_PATTERN',
        `You provided a value for ${name} that does not match the required pattern. (${value})`,
      );
    }
  }

  private policyType(
    input: Input,
    name: string,
    allowed: readonly PolicyType[] = POLICY_TYPES,
  ): PolicyType {
    const v = this.required(input, name);
    if (allowed.includes(v as PolicyType)) return v as PolicyType;
    if (
      (POLICY_TYPES as string[]).includes(v) ||
      OTHER_AWS_POLICY_TYPES.includes(v)
    ) {
      if (allowed === POLICY_TYPES) throw Errors.policyTypeNotAvailable(v);
      throw Errors.invalidInput(
        'INVALID_ENUM_POLICY_TYPE',
        `You specified a policy type that this operation doesn't support. (${v})`,
      );
    }
    throw Errors.invalidInput(
      'INVALID_ENUM_POLICY_TYPE',
      `You specified an invalid policy type. (${v})`,
    );
  }

  private tagsInput(input: Input, name = 'Tags'): Record<string, string> {
    const raw = input[name];
    if (raw === undefined || raw === null) return {};
    if (!Array.isArray(raw))
      throw Errors.invalidInput(
        'INVALID_INPUT',
        `${name} must be a list of { Key, Value }.`,
      );
    const out: Record<string, string> = {};
    for (const t of raw) {
      const key = t?.Key;
      const value = t?.Value ?? '';
      if (typeof key !== 'string' || typeof value !== 'string') {
        throw Errors.invalidInput(
          'INVALID_INPUT',
          'Each tag needs a Key and a Value (strings).',
        );
      }
      this.length(key, 'Tags.Key', 1, 128);
      this.length(value, 'Tags.Value', 0, 256);
      if (key.toLowerCase().startsWith('aws:')) {
        throw Errors.invalidInput(
          'INVALID_SYSTEM_TAGS_PARAMETER',
          'You can\'t use tag keys that start with "aws:".',
        );
      }
      if (key in out)
        throw Errors.invalidInput(
          'DUPLICATE_TAG_KEY',
          `Tag keys must be unique. (${key})`,
        );
      out[key] = value;
    }
    return out;
  }

  private checkTagCount(tags: Record<string, string>) {
    if (Object.keys(tags).length > 50) {
      throw Errors.constraintViolation(
        'MAX_TAG_LIMIT_EXCEEDED',
        'You have exceeded the number of tags allowed on this resource (50).',
      );
    }
  }

  /** Pages `items` by MaxResults (1 to 20) and NextToken. */
  private page<T>(
    operation: string,
    key: string,
    items: T[],
    input: Input,
  ): { items: T[]; NextToken?: string } {
    let max = PAGE_MAX;
    if (input.MaxResults !== undefined && input.MaxResults !== null) {
      const m = input.MaxResults;
      if (typeof m !== 'number' || !Number.isInteger(m)) {
        throw Errors.invalidInput(
          'INVALID_INPUT',
          'MaxResults must be an integer from 1 to 20.',
        );
      }
      if (m < 1)
        throw Errors.invalidInput(
          'MIN_VALUE_EXCEEDED',
          'You provided a value for MaxResults that is less than 1.',
        );
      if (m > PAGE_MAX)
        throw Errors.invalidInput(
          'MAX_VALUE_EXCEEDED',
          `You provided a value for MaxResults that is greater than ${PAGE_MAX}.`,
        );
      max = m;
    }
    let offset = 0;
    if (input.NextToken !== undefined && input.NextToken !== null) {
      const invalid = () =>
        Errors.invalidInput(
          'INVALID_NEXT_TOKEN',
          'The NextToken you provided is not valid. Pass the NextToken from the previous response of the same call.',
        );
      if (typeof input.NextToken !== 'string') throw invalid();
      try {
        const t = JSON.parse(
          Buffer.from(input.NextToken, 'base64url').toString('utf8'),
        );
        if (
          t.op !== operation ||
          t.key !== key ||
          !Number.isInteger(t.offset) ||
          t.offset < 0
        )
          throw invalid();
        offset = t.offset;
      } catch {
        throw invalid();
      }
    }
    const token = (o: number) =>
      Buffer.from(
        JSON.stringify({ op: operation, key, offset: o, n: this.tokenSeq++ }),
      ).toString('base64url');
    if (
      offset < items.length &&
      this.faults.emptyPageProbability &&
      (!this.faults.operations || this.faults.operations.includes(operation)) &&
      this.random() < this.faults.emptyPageProbability
    ) {
      return { items: [], NextToken: token(offset) };
    }
    const slice = items.slice(offset, offset + max);
    const next = offset + max < items.length ? token(offset + max) : undefined;
    return next ? { items: slice, NextToken: next } : { items: slice };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lookups

  private rootOrThrow(id: string): RootRecord {
    if (id !== this.root.id) throw Errors.rootNotFound(id);
    return this.root;
  }

  private ouOrThrow(id: string): OuRecord {
    this.pattern(id, ID_PATTERNS.organizationalUnit, 'OrganizationalUnitId');
    const ou = this.ous.get(id);
    if (!ou) throw Errors.organizationalUnitNotFound(id);
    return ou;
  }

  private accountOrThrow(id: string): AccountRecord {
    this.pattern(id, ID_PATTERNS.account, 'AccountId');
    const a = this.accounts.get(id);
    if (!a) throw Errors.accountNotFound(id);
    return a;
  }

  private policyOrThrow(id: string): PolicyRecord {
    this.pattern(id, ID_PATTERNS.policy, 'PolicyId');
    const p = this.policies.get(id);
    if (
      !p ||
      (p.awsManaged && !this.root.enabledPolicyTypes.includes(p.type))
    ) {
      throw Errors.policyNotFound(id);
    }
    return p;
  }

  private isParent(id: string): boolean {
    return id === this.root.id || this.ous.has(id);
  }

  private parentOrThrow(
    id: string,
    notFound: (id: string) => OrganizationsError = Errors.parentNotFound,
  ) {
    if (
      !ID_PATTERNS.root.test(id) &&
      !ID_PATTERNS.organizationalUnit.test(id)
    ) {
      throw Errors.invalidInput(
        'INVALID_PATTERN',
        `You provided a value for ParentId that does not match the required pattern. (${id})`,
      );
    }
    if (!this.isParent(id)) throw notFound(id);
  }

  private targetKind(id: string): 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' {
    if (
      ID_PATTERNS.root.test(id) ||
      ID_PATTERNS.organizationalUnit.test(id) ||
      ID_PATTERNS.account.test(id)
    ) {
      if (id === this.root.id) return 'ROOT';
      if (this.ous.has(id)) return 'ORGANIZATIONAL_UNIT';
      if (this.accounts.has(id)) return 'ACCOUNT';
      throw Errors.targetNotFound(id);
    }
    throw Errors.invalidInput(
      'INVALID_PATTERN_TARGET_ID',
      `You specified a TargetId that does not match the required pattern. (${id})`,
    );
  }

  private targetName(id: string): string {
    if (id === this.root.id) return 'Root';
    return this.ous.get(id)?.name ?? this.accounts.get(id)?.name ?? id;
  }

  private targetArn(id: string): string {
    if (id === this.root.id) return this.rootArn();
    if (this.ous.has(id)) return this.ouArn(id);
    return this.accountArn(id);
  }

  private depthOf(parentId: string): number {
    let depth = 0;
    let id: string | undefined = parentId;
    while (id && id !== this.root.id) {
      depth++;
      id = this.ous.get(id)?.parentId;
    }
    return depth;
  }

  private validatePolicyDocument(type: PolicyType, content: string) {
    let doc: any;
    try {
      doc = JSON.parse(content);
    } catch (e) {
      throw Errors.malformedPolicyDocument(
        `The document is not valid JSON: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw Errors.malformedPolicyDocument(
        'The document must be a JSON object.',
      );
    }
    if (
      type === 'SERVICE_CONTROL_POLICY' ||
      type === 'RESOURCE_CONTROL_POLICY'
    ) {
      if (doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
        throw Errors.malformedPolicyDocument('Version must be "2012-10-17".');
      }
      const statements: any[] = [];
      if (Array.isArray(doc.Statement)) statements.push(...doc.Statement);
      else if (doc.Statement) statements.push(doc.Statement);
      if (statements.length === 0)
        throw Errors.malformedPolicyDocument(
          'The document needs at least one Statement.',
        );
      const sids = new Set<string>();
      for (const s of statements) {
        if (typeof s !== 'object' || s === null || Array.isArray(s)) {
          throw Errors.malformedPolicyDocument(
            'Each Statement must be an object.',
          );
        }
        if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
          throw Errors.malformedPolicyDocument(
            'Each Statement needs Effect "Allow" or "Deny".',
          );
        }
        if ((s.Action === undefined) === (s.NotAction === undefined)) {
          throw Errors.malformedPolicyDocument(
            'Each Statement needs exactly one of Action or NotAction.',
          );
        }
        if (s.Resource !== undefined && s.NotResource !== undefined) {
          throw Errors.malformedPolicyDocument(
            "A Statement can't have both Resource and NotResource.",
          );
        }
        if (s.Sid !== undefined) {
          if (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(s.Sid)) {
            throw Errors.malformedPolicyDocument(
              'Sid may hold only letters and digits.',
            );
          }
          if (sids.has(s.Sid))
            throw Errors.malformedPolicyDocument(`Duplicate Sid "${s.Sid}".`);
          sids.add(s.Sid);
        }
        if (
          type === 'SERVICE_CONTROL_POLICY' &&
          (s.Principal !== undefined || s.NotPrincipal !== undefined)
        ) {
          throw Errors.malformedPolicyDocument(
            "Service control policies can't have Principal or NotPrincipal.",
          );
        }
        if (type === 'RESOURCE_CONTROL_POLICY') {
          if (s.Effect !== 'Deny')
            throw Errors.malformedPolicyDocument(
              'Resource control policies may hold only Deny statements.',
            );
          if (s.Principal !== '*')
            throw Errors.malformedPolicyDocument(
              'Resource control policy statements need "Principal": "*".',
            );
          if (s.NotAction !== undefined)
            throw Errors.malformedPolicyDocument(
              "Resource control policies can't use NotAction.",
            );
        }
      }
    }
  }

  private checkPolicySize(type: PolicyType, content: string) {
    const size = policyDocumentSize(content);
    if (size > this.limits.maxPolicySize[type]) {
      throw Errors.constraintViolation(
        'POLICY_CONTENT_LIMIT_EXCEEDED',
        `The policy document is ${size} characters; a ${type} may have at most ${this.limits.maxPolicySize[type]}.`,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Operations

  private buildHandlers(): Record<string, Handler> {
    return {
      DescribeOrganization: () => {
        const mgmt = this.accounts.get(this.managementAccountId);
        return {
          Organization: {
            Id: this.orgId,
            Arn: orgArns.organization(this.managementAccountId, this.orgId),
            FeatureSet: 'ALL',
            MasterAccountArn: this.accountArn(this.managementAccountId),
            MasterAccountId: this.managementAccountId,
            MasterAccountEmail: mgmt?.email,
            AvailablePolicyTypes: [
              { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
            ],
          },
        };
      },

      ListRoots: input => {
        const { items, NextToken } = this.page(
          'ListRoots',
          '',
          [this.root],
          input,
        );
        return { Roots: items.map(() => this.rootShape()), NextToken };
      },

      EnablePolicyType: input => {
        const root = this.rootOrThrow(this.required(input, 'RootId'));
        const type = this.policyType(input, 'PolicyType');
        if (root.enabledPolicyTypes.includes(type))
          throw Errors.policyTypeAlreadyEnabled();
        root.enabledPolicyTypes.push(type);
        const def = defaultPolicyForType(type);
        if (def) {
          this.attach(def.id, root.id);
          for (const id of this.ous.keys()) this.attach(def.id, id);
          for (const id of this.accounts.keys()) this.attach(def.id, id);
        }
        return { Root: this.rootShape() };
      },

      DisablePolicyType: input => {
        const root = this.rootOrThrow(this.required(input, 'RootId'));
        const type = this.policyType(input, 'PolicyType');
        if (!root.enabledPolicyTypes.includes(type))
          throw Errors.policyTypeNotEnabled(type);
        root.enabledPolicyTypes = root.enabledPolicyTypes.filter(
          t => t !== type,
        );
        for (const p of this.policies.values()) {
          if (p.type !== type) continue;
          for (const targetId of [...(this.targetsOf.get(p.id) ?? [])])
            this.detach(p.id, targetId);
        }
        return { Root: this.rootShape() };
      },

      CreateOrganizationalUnit: input => {
        const parentId = this.required(input, 'ParentId');
        const name = this.required(input, 'Name');
        this.length(name, 'Name', 1, 128);
        this.parentOrThrow(parentId);
        const tags = this.tagsInput(input);
        this.checkTagCount(tags);
        for (const id of this.childOus.get(parentId) ?? []) {
          if (this.ous.get(id)!.name === name)
            throw Errors.duplicateOrganizationalUnit(name);
        }
        if (this.depthOf(parentId) + 1 > this.limits.maxOuDepth) {
          throw Errors.constraintViolation(
            'OU_DEPTH_LIMIT_EXCEEDED',
            `You attempted to create an OU tree that is too many levels deep (at most ${this.limits.maxOuDepth} levels under the root).`,
          );
        }
        if (this.ous.size >= this.limits.maxOrganizationalUnits) {
          throw Errors.constraintViolation(
            'OU_NUMBER_LIMIT_EXCEEDED',
            `You attempted to exceed the number of OUs you can have in an organization (${this.limits.maxOrganizationalUnits}).`,
          );
        }
        let id: string;
        do {
          id = deterministicOuId(
            this.root.id,
            `${this.orgId}:created:${this.counter++}`,
          );
        } while (this.ous.has(id));
        const ou: OuRecord = { id, name, parentId, tags };
        this.insertOu(ou);
        this.attachDefaults(id);
        return { OrganizationalUnit: this.ouShape(ou) };
      },

      DescribeOrganizationalUnit: input => ({
        OrganizationalUnit: this.ouShape(
          this.ouOrThrow(this.required(input, 'OrganizationalUnitId')),
        ),
      }),

      UpdateOrganizationalUnit: input => {
        const ou = this.ouOrThrow(this.required(input, 'OrganizationalUnitId'));
        const name = this.optionalString(input, 'Name');
        if (name !== undefined) {
          this.length(name, 'Name', 1, 128);
          for (const id of this.childOus.get(ou.parentId) ?? []) {
            if (id !== ou.id && this.ous.get(id)!.name === name)
              throw Errors.duplicateOrganizationalUnit(name);
          }
          ou.name = name;
        }
        return { OrganizationalUnit: this.ouShape(ou) };
      },

      DeleteOrganizationalUnit: input => {
        const ou = this.ouOrThrow(this.required(input, 'OrganizationalUnitId'));
        if (
          (this.childOus.get(ou.id)?.size ?? 0) > 0 ||
          (this.childAccounts.get(ou.id)?.size ?? 0) > 0
        ) {
          throw Errors.organizationalUnitNotEmpty();
        }
        this.detachAll(ou.id);
        this.ous.delete(ou.id);
        this.childOus.get(ou.parentId)?.delete(ou.id);
        this.childOus.delete(ou.id);
        this.childAccounts.delete(ou.id);
        return {};
      },

      ListOrganizationalUnitsForParent: input => {
        const parentId = this.required(input, 'ParentId');
        this.parentOrThrow(parentId);
        const ids = [...(this.childOus.get(parentId) ?? [])];
        const { items, NextToken } = this.page(
          'ListOrganizationalUnitsForParent',
          parentId,
          ids,
          input,
        );
        return {
          OrganizationalUnits: items.map(id => this.ouShape(this.ous.get(id)!)),
          NextToken,
        };
      },

      ListChildren: input => {
        const parentId = this.required(input, 'ParentId');
        const childType = this.required(input, 'ChildType');
        if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
          throw Errors.invalidInput(
            'INVALID_ENUM',
            `ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT. (${childType})`,
          );
        }
        this.parentOrThrow(parentId);
        const ids = [
          ...((childType === 'ACCOUNT'
            ? this.childAccounts
            : this.childOus
          ).get(parentId) ?? []),
        ];
        const { items, NextToken } = this.page(
          'ListChildren',
          `${parentId}:${childType}`,
          ids,
          input,
        );
        return {
          Children: items.map(Id => ({ Id, Type: childType })),
          NextToken,
        };
      },

      ListParents: input => {
        const childId = this.required(input, 'ChildId');
        if (
          !ID_PATTERNS.account.test(childId) &&
          !ID_PATTERNS.organizationalUnit.test(childId)
        ) {
          throw Errors.invalidInput(
            'INVALID_PATTERN',
            `You provided a value for ChildId that does not match the required pattern. (${childId})`,
          );
        }
        const parentId =
          this.ous.get(childId)?.parentId ??
          this.accounts.get(childId)?.parentId;
        if (!parentId) throw Errors.childNotFound(childId);
        const { items, NextToken } = this.page(
          'ListParents',
          childId,
          [parentId],
          input,
        );
        return {
          Parents: items.map(Id => ({
            Id,
            Type: Id === this.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
          })),
          NextToken,
        };
      },

      ListAccounts: input => {
        const { items, NextToken } = this.page(
          'ListAccounts',
          '',
          [...this.accounts.values()],
          input,
        );
        return { Accounts: items.map(a => this.accountShape(a)), NextToken };
      },

      ListAccountsForParent: input => {
        const parentId = this.required(input, 'ParentId');
        this.parentOrThrow(parentId);
        const ids = [...(this.childAccounts.get(parentId) ?? [])];
        const { items, NextToken } = this.page(
          'ListAccountsForParent',
          parentId,
          ids,
          input,
        );
        return {
          Accounts: items.map(id => this.accountShape(this.accounts.get(id)!)),
          NextToken,
        };
      },

      DescribeAccount: input => ({
        Account: this.accountShape(
          this.accountOrThrow(this.required(input, 'AccountId')),
        ),
      }),

      CreateAccount: input => {
        const email = this.required(input, 'Email');
        const accountName = this.required(input, 'AccountName');
        this.length(email, 'Email', 6, 64);
        if (!isValidAccountEmail(email)) {
          throw Errors.invalidInput(
            'INVALID_PATTERN',
            `You provided a value for Email that does not match the required pattern. (${email})`,
          );
        }
        this.length(accountName, 'AccountName', 1, 50);
        if (!/^[\u0020-\u007E]+$/.test(accountName)) {
          throw Errors.invalidInput(
            'INVALID_PATTERN',
            'You provided a value for AccountName that does not match the required pattern (printable ASCII).',
          );
        }
        const roleName = this.optionalString(input, 'RoleName');
        if (roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
          throw Errors.invalidInput(
            'INVALID_ROLE_NAME',
            `You provided a role name that isn't valid. (${roleName})`,
          );
        }
        const billing = this.optionalString(input, 'IamUserAccessToBilling');
        if (
          billing !== undefined &&
          billing !== 'ALLOW' &&
          billing !== 'DENY'
        ) {
          throw Errors.invalidInput(
            'INVALID_ENUM',
            'IamUserAccessToBilling must be ALLOW or DENY.',
          );
        }
        const tags = this.tagsInput(input);
        this.checkTagCount(tags);
        const inProgress = this.inProgress.size;
        if (inProgress >= this.limits.maxCreateAccountInProgress) {
          throw Errors.constraintViolation(
            'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
            `You can have at most ${this.limits.maxCreateAccountInProgress} account creation requests in progress. Wait for one to finish (DescribeCreateAccountStatus), then try again.`,
          );
        }
        let plannedFailure: string | undefined;
        for (const rule of this.faults.createAccountFailures ?? []) {
          if (rule.emailPattern && !new RegExp(rule.emailPattern).test(email))
            continue;
          if (this.random() < (rule.probability ?? 1)) {
            plannedFailure = rule.reason;
            break;
          }
        }
        const now = this.now();
        let id: string;
        do {
          id = `car-${hashChars(
            `${this.orgId}:car:${this.counter++}`,
            '0123456789abcdef',
            32,
          )}`;
        } while (this.createAccountStatuses.has(id));
        const record: CreateAccountRecord = {
          id,
          accountName,
          email,
          tags,
          state: 'IN_PROGRESS',
          requestedTimestamp: now,
          completeAt: now + this.createAccountDelayMs,
        };
        if (plannedFailure) record.plannedFailure = plannedFailure;
        this.createAccountStatuses.set(id, record);
        this.inProgress.add(id);
        return { CreateAccountStatus: this.createAccountShape(record) };
      },

      DescribeCreateAccountStatus: input => {
        const id = this.required(input, 'CreateAccountRequestId');
        this.pattern(
          id,
          ID_PATTERNS.createAccountRequest,
          'CreateAccountRequestId',
        );
        const s = this.createAccountStatuses.get(id);
        if (!s) throw Errors.createAccountStatusNotFound(id);
        return { CreateAccountStatus: this.createAccountShape(s) };
      },

      ListCreateAccountStatus: input => {
        const states = input.States;
        if (states !== undefined && states !== null) {
          if (
            !Array.isArray(states) ||
            states.some(
              s => !['IN_PROGRESS', 'SUCCEEDED', 'FAILED'].includes(s),
            )
          ) {
            throw Errors.invalidInput(
              'INVALID_ENUM',
              'States may hold only IN_PROGRESS, SUCCEEDED and FAILED.',
            );
          }
        }
        const list = [...this.createAccountStatuses.values()].filter(
          s =>
            !Array.isArray(states) ||
            states.length === 0 ||
            states.includes(s.state),
        );
        const { items, NextToken } = this.page(
          'ListCreateAccountStatus',
          JSON.stringify(states ?? []),
          list,
          input,
        );
        return {
          CreateAccountStatuses: items.map(s => this.createAccountShape(s)),
          NextToken,
        };
      },

      MoveAccount: input => {
        const account = this.accountOrThrow(this.required(input, 'AccountId'));
        const source = this.required(input, 'SourceParentId');
        const destination = this.required(input, 'DestinationParentId');
        this.parentOrThrow(source, Errors.sourceParentNotFound);
        this.parentOrThrow(destination, Errors.destinationParentNotFound);
        if (account.parentId !== source) {
          throw Errors.accountNotFound(`${account.id} is not in ${source}`);
        }
        if (source === destination) throw Errors.duplicateAccount();
        this.childAccounts.get(source)?.delete(account.id);
        account.parentId = destination;
        this.childSet(this.childAccounts, destination).add(account.id);
        return {};
      },

      CloseAccount: input => {
        const account = this.accountOrThrow(this.required(input, 'AccountId'));
        if (account.id === this.managementAccountId) {
          throw Errors.constraintViolation(
            'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
            'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
          );
        }
        if (account.state !== 'ACTIVE') {
          throw Errors.accountAlreadyClosed(
            `You attempted to close an account that is already closed. (${account.id}, ${account.state})`,
          );
        }
        account.state = 'PENDING_CLOSURE';
        account.closeAt = this.now() + this.closeAccountDelayMs;
        this.closing.add(account.id);
        return {};
      },

      RemoveAccountFromOrganization: input => {
        const account = this.accountOrThrow(this.required(input, 'AccountId'));
        if (account.id === this.managementAccountId)
          throw Errors.masterCannotLeave();
        this.detachAll(account.id);
        this.childAccounts.get(account.parentId)?.delete(account.id);
        this.accounts.delete(account.id);
        return {};
      },

      TagResource: input => {
        const resourceId = this.required(input, 'ResourceId');
        const tags = this.tagsInput(input);
        const target = this.taggable(resourceId);
        const merged = { ...target.tags, ...tags };
        this.checkTagCount(merged);
        target.tags = merged;
        return {};
      },

      UntagResource: input => {
        const resourceId = this.required(input, 'ResourceId');
        const keys = input.TagKeys;
        if (!Array.isArray(keys) || keys.length === 0) {
          throw Errors.invalidInput(
            'INPUT_REQUIRED',
            'You must specify a value for TagKeys.',
          );
        }
        const target = this.taggable(resourceId);
        for (const k of keys) delete target.tags[String(k)];
        return {};
      },

      ListTagsForResource: input => {
        const resourceId = this.required(input, 'ResourceId');
        const target = this.taggable(resourceId);
        return { Tags: this.tagsShape(target.tags) };
      },

      CreatePolicy: input => {
        const content = this.required(input, 'Content');
        const description = this.optionalString(input, 'Description') ?? '';
        const name = this.required(input, 'Name');
        const type = this.policyType(input, 'Type');
        this.length(name, 'Name', 1, 128);
        this.length(description, 'Description', 0, 512);
        const tags = this.tagsInput(input);
        this.checkTagCount(tags);
        this.validatePolicyDocument(type, content);
        this.checkPolicySize(type, content);
        const sameType = [...this.policies.values()].filter(
          p => p.type === type && !p.awsManaged,
        );
        if (
          sameType.some(p => p.name === name) ||
          [FULL_AWS_ACCESS_POLICY, RCP_FULL_AWS_ACCESS_POLICY].some(
            p => p.name === name && p.type === type,
          )
        ) {
          throw Errors.duplicatePolicy(name);
        }
        if (sameType.length >= this.limits.maxPoliciesPerType) {
          throw Errors.constraintViolation(
            'POLICY_NUMBER_LIMIT_EXCEEDED',
            `You attempted to exceed the number of policies of type ${type} you can have in an organization (${this.limits.maxPoliciesPerType}).`,
          );
        }
        let id: string;
        do {
          id = deterministicPolicyId(`${this.orgId}:created:${this.counter++}`);
        } while (this.policies.has(id));
        const policy: PolicyRecord = {
          id,
          name,
          type,
          description,
          awsManaged: false,
          content,
          tags,
        };
        this.policies.set(id, policy);
        return { Policy: this.policyShape(policy) };
      },

      DescribePolicy: input => ({
        Policy: this.policyShape(
          this.policyOrThrow(this.required(input, 'PolicyId')),
        ),
      }),

      UpdatePolicy: input => {
        const policy = this.policyOrThrow(this.required(input, 'PolicyId'));
        if (policy.awsManaged) {
          throw Errors.invalidInput(
            'IMMUTABLE_POLICY',
            "You specified a policy that is managed by AWS and can't be modified.",
          );
        }
        const name = this.optionalString(input, 'Name');
        const description = this.optionalString(input, 'Description');
        const content = this.optionalString(input, 'Content');
        if (name !== undefined) {
          this.length(name, 'Name', 1, 128);
          if (
            [...this.policies.values()].some(
              p =>
                p.id !== policy.id && p.type === policy.type && p.name === name,
            )
          ) {
            throw Errors.duplicatePolicy(name);
          }
        }
        if (description !== undefined)
          this.length(description, 'Description', 0, 512);
        if (content !== undefined) {
          this.validatePolicyDocument(policy.type, content);
          this.checkPolicySize(policy.type, content);
        }
        if (name !== undefined) policy.name = name;
        if (description !== undefined) policy.description = description;
        if (content !== undefined) policy.content = content;
        return { Policy: this.policyShape(policy) };
      },

      DeletePolicy: input => {
        const policy = this.policyOrThrow(this.required(input, 'PolicyId'));
        if (policy.awsManaged) {
          throw Errors.invalidInput(
            'IMMUTABLE_POLICY',
            "You specified a policy that is managed by AWS and can't be deleted.",
          );
        }
        if ((this.targetsOf.get(policy.id)?.size ?? 0) > 0)
          throw Errors.policyInUse();
        this.policies.delete(policy.id);
        this.targetsOf.delete(policy.id);
        return {};
      },

      ListPolicies: input => {
        const type = this.policyType(input, 'Filter');
        const list = this.visiblePolicies().filter(p => p.type === type);
        const { items, NextToken } = this.page(
          'ListPolicies',
          type,
          list,
          input,
        );
        return { Policies: items.map(p => this.policySummary(p)), NextToken };
      },

      ListPoliciesForTarget: input => {
        const targetId = this.required(input, 'TargetId');
        const type = this.policyType(input, 'Filter');
        this.targetKind(targetId);
        const list = (this.attachments.get(targetId) ?? [])
          .map(id => this.policies.get(id)!)
          .filter(p => p.type === type);
        const { items, NextToken } = this.page(
          'ListPoliciesForTarget',
          `${targetId}:${type}`,
          list,
          input,
        );
        return { Policies: items.map(p => this.policySummary(p)), NextToken };
      },

      ListTargetsForPolicy: input => {
        const policy = this.policyOrThrow(this.required(input, 'PolicyId'));
        const targets = [...(this.targetsOf.get(policy.id) ?? [])];
        const { items, NextToken } = this.page(
          'ListTargetsForPolicy',
          policy.id,
          targets,
          input,
        );
        return {
          Targets: items.map(id => ({
            TargetId: id,
            Arn: this.targetArn(id),
            Name: this.targetName(id),
            Type: this.targetKind(id),
          })),
          NextToken,
        };
      },

      AttachPolicy: input => {
        const policy = this.policyOrThrow(this.required(input, 'PolicyId'));
        const targetId = this.required(input, 'TargetId');
        this.targetKind(targetId);
        if (!this.root.enabledPolicyTypes.includes(policy.type))
          throw Errors.policyTypeNotEnabled(policy.type);
        const attached = this.attachments.get(targetId) ?? [];
        if (attached.includes(policy.id))
          throw Errors.duplicatePolicyAttachment();
        const sameType = attached.filter(
          id => this.policies.get(id)?.type === policy.type,
        ).length;
        if (sameType >= this.limits.maxAttachmentsPerTarget[policy.type]) {
          throw Errors.constraintViolation(
            'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
            `You attempted to exceed the number of policies of type ${
              policy.type
            } that you can attach to a target (${
              this.limits.maxAttachmentsPerTarget[policy.type]
            }).`,
          );
        }
        this.attach(policy.id, targetId);
        return {};
      },

      DetachPolicy: input => {
        const policy = this.policyOrThrow(this.required(input, 'PolicyId'));
        const targetId = this.required(input, 'TargetId');
        this.targetKind(targetId);
        const attached = this.attachments.get(targetId) ?? [];
        if (!attached.includes(policy.id)) throw Errors.policyNotAttached();
        if (policy.id === RCP_FULL_AWS_ACCESS_POLICY_ID) {
          throw Errors.invalidInput(
            'NON_DETACHABLE_POLICY',
            "You can't detach the RCPFullAWSAccess policy.",
          );
        }
        if (policy.type === 'SERVICE_CONTROL_POLICY') {
          const scps = attached.filter(
            id => this.policies.get(id)?.type === 'SERVICE_CONTROL_POLICY',
          );
          if (scps.length <= 1) {
            throw Errors.constraintViolation(
              'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
              'You attempted to detach the last service control policy from a target. Every root, OU and account must have at least one SCP attached; attach another one first.',
            );
          }
        }
        this.detach(policy.id, targetId);
        return {};
      },

      ListAWSServiceAccessForOrganization: input => {
        const list = [...this.servicePrincipals.entries()].map(
          ([ServicePrincipal, since]) => ({
            ServicePrincipal,
            DateEnabled: seconds(since),
          }),
        );
        const { items, NextToken } = this.page(
          'ListAWSServiceAccessForOrganization',
          '',
          list,
          input,
        );
        return { EnabledServicePrincipals: items, NextToken };
      },

      EnableAWSServiceAccess: input => {
        const principal = this.required(input, 'ServicePrincipal');
        this.length(principal, 'ServicePrincipal', 1, 128);
        this.pattern(principal, /^[\w+=,.@-]*$/, 'ServicePrincipal');
        if (!this.servicePrincipals.has(principal))
          this.servicePrincipals.set(principal, this.now());
        return {};
      },

      DisableAWSServiceAccess: input => {
        const principal = this.required(input, 'ServicePrincipal');
        this.servicePrincipals.delete(principal);
        return {};
      },

      // Delegated administrators and handshakes are not modelled: these answer with empty lists so that tools
      // which read them while refreshing an organization (Terraform/Pulumi) work.
      ListDelegatedAdministrators: input => {
        const { NextToken } = this.page(
          'ListDelegatedAdministrators',
          '',
          [],
          input,
        );
        return { DelegatedAdministrators: [], NextToken };
      },

      ListDelegatedServicesForAccount: input => {
        const account = this.accountOrThrow(this.required(input, 'AccountId'));
        throw Errors.accountNotRegistered(account.id);
      },

      ListHandshakesForOrganization: input => {
        const { NextToken } = this.page(
          'ListHandshakesForOrganization',
          '',
          [],
          input,
        );
        return { Handshakes: [], NextToken };
      },

      ListHandshakesForAccount: input => {
        const { NextToken } = this.page(
          'ListHandshakesForAccount',
          '',
          [],
          input,
        );
        return { Handshakes: [], NextToken };
      },

      DescribeEffectivePolicy: input => {
        const type = this.policyType(
          input,
          'PolicyType',
          EFFECTIVE_POLICY_TYPES,
        );
        const targetId =
          this.optionalString(input, 'TargetId') ?? this.managementAccountId;
        const kind = this.targetKind(targetId);
        if (kind !== 'ACCOUNT') {
          throw Errors.invalidInput(
            'TARGET_NOT_SUPPORTED',
            'DescribeEffectivePolicy works on accounts only; specify an account id as TargetId.',
          );
        }
        if (!this.root.enabledPolicyTypes.includes(type))
          throw Errors.effectivePolicyNotFound();
        const chain: string[] = [];
        let id: string | undefined = targetId;
        while (id) {
          chain.unshift(id);
          id =
            id === this.root.id
              ? undefined
              : this.accounts.get(id)?.parentId ?? this.ous.get(id)?.parentId;
        }
        const levels = chain.map(t =>
          (this.attachments.get(t) ?? [])
            .map(pid => this.policies.get(pid)!)
            .filter(p => p.type === type)
            .map(p => p.content),
        );
        if (levels.every(l => l.length === 0))
          throw Errors.effectivePolicyNotFound();
        return {
          EffectivePolicy: {
            PolicyContent: JSON.stringify(computeEffectivePolicy(levels)),
            LastUpdatedTimestamp: seconds(this.now()),
            TargetId: targetId,
            PolicyType: type,
          },
        };
      },
    };
  }

  private taggable(resourceId: string): { tags: Record<string, string> } {
    if (ID_PATTERNS.policy.test(resourceId)) {
      const p = this.policies.get(resourceId);
      if (!p || p.awsManaged) throw Errors.targetNotFound(resourceId);
      return p;
    }
    const kind = this.targetKind(resourceId);
    if (kind === 'ROOT') return this.root;
    if (kind === 'ORGANIZATIONAL_UNIT') return this.ous.get(resourceId)!;
    return this.accounts.get(resourceId)!;
  }
}
