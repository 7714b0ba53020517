/**
 * The sandbox's in-memory organization: the records, the indexes over them (children, attachments), new ids, ARNs,
 * and the lookups by id that answer with AWS's not-found exceptions. Operations read and change the organization
 * only through this store.
 */
import {
  defaultPolicyForType,
  deterministicAccountId,
  deterministicOuId,
  deterministicPolicyId,
  FULL_AWS_ACCESS_POLICY,
  hashChars,
  ID_PATTERNS,
  orgArns,
  RCP_FULL_AWS_ACCESS_POLICY,
} from '@internal/plugin-ai-governance-common';
import type { OrgPolicy } from '@internal/plugin-ai-governance-common';
import { Errors, OrganizationsError } from './errors';
import type {
  AccountRecord,
  CreateAccountRecord,
  OuRecord,
  PolicyRecord,
  RootRecord,
} from './records';
import { checkPattern } from './wire/input';

/** What a policy can be attached to, as AWS names it. */
export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export class OrgStore {
  orgId = '';
  managementAccountId = '';
  root!: RootRecord;
  readonly ous = new Map<string, OuRecord>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  /** parent id → child OU ids, in creation order */
  readonly childOus = new Map<string, Set<string>>();
  /** parent id → child account ids, in creation order */
  readonly childAccounts = new Map<string, Set<string>>();
  /** target id → attached policy ids, in attachment order */
  readonly attachments = new Map<string, string[]>();
  /** policy id → target ids */
  readonly targetsOf = new Map<string, Set<string>>();
  readonly createAccountStatuses = new Map<string, CreateAccountRecord>();
  /** Service principals with trusted access → when it was enabled (epoch ms). */
  readonly servicePrincipals = new Map<string, number>();
  /** CreateAccount requests still IN_PROGRESS, and accounts PENDING_CLOSURE: what the clock has to look at. */
  readonly inProgress = new Set<string>();
  readonly closing = new Set<string>();
  /** Feeds the ids of created resources. */
  counter = 0;

  // ---------------------------------------------------------------------------------------------------------------
  // Changes

  clear() {
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

  /** Adds a policy given in the common model's shape (the model carries no policy tags). */
  addPolicy(p: OrgPolicy, awsManaged: boolean) {
    this.policies.set(p.id, {
      id: p.id,
      name: p.name,
      type: p.type,
      description: p.description ?? '',
      awsManaged,
      content: p.content,
      tags: {},
    });
  }

  addManagedPolicies() {
    for (const p of [FULL_AWS_ACCESS_POLICY, RCP_FULL_AWS_ACCESS_POLICY]) {
      this.addPolicy(p, true);
    }
  }

  insertOu(ou: OuRecord) {
    this.ous.set(ou.id, { ...ou, tags: { ...ou.tags } });
    this.childSet(this.childOus, ou.parentId).add(ou.id);
  }

  insertAccount(a: AccountRecord) {
    this.accounts.set(a.id, { ...a, tags: { ...a.tags } });
    if (a.state === 'PENDING_CLOSURE' && a.closeAt !== undefined)
      this.closing.add(a.id);
    this.childSet(this.childAccounts, a.parentId).add(a.id);
  }

  childSet(map: Map<string, Set<string>>, parentId: string): Set<string> {
    let set = map.get(parentId);
    if (!set) {
      set = new Set();
      map.set(parentId, set);
    }
    return set;
  }

  attach(policyId: string, targetId: string) {
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

  detach(policyId: string, targetId: string) {
    const list = this.attachments.get(targetId);
    if (list) {
      const i = list.indexOf(policyId);
      if (i >= 0) list.splice(i, 1);
    }
    this.targetsOf.get(policyId)?.delete(targetId);
  }

  detachAll(targetId: string) {
    for (const policyId of [...(this.attachments.get(targetId) ?? [])]) {
      this.detach(policyId, targetId);
    }
    this.attachments.delete(targetId);
  }

  /** Attaches AWS's default policies of every enabled type to a new root, OU or account. */
  attachDefaults(targetId: string) {
    for (const type of this.root.enabledPolicyTypes) {
      const def = defaultPolicyForType(type);
      if (def) this.attach(def.id, targetId);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // New ids (deterministic from the organization id and the counter, skipping any in use)

  newAccountId(): string {
    let id: string;
    do {
      id = deterministicAccountId(`${this.orgId}:created:${this.counter++}`);
    } while (this.accounts.has(id));
    return id;
  }

  newOuId(): string {
    let id: string;
    do {
      id = deterministicOuId(
        this.root.id,
        `${this.orgId}:created:${this.counter++}`,
      );
    } while (this.ous.has(id));
    return id;
  }

  newPolicyId(): string {
    let id: string;
    do {
      id = deterministicPolicyId(`${this.orgId}:created:${this.counter++}`);
    } while (this.policies.has(id));
    return id;
  }

  newCreateAccountRequestId(): string {
    let id: string;
    do {
      id = `car-${hashChars(
        `${this.orgId}:car:${this.counter++}`,
        '0123456789abcdef',
        32,
      )}`;
    } while (this.createAccountStatuses.has(id));
    return id;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  /** Every OU, parents before children (breadth first from the root). */
  orderedOus(): OuRecord[] {
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

  /** The policies AWS shows: customer-managed ones, and AWS-managed ones of enabled types. */
  visiblePolicies(): PolicyRecord[] {
    return [...this.policies.values()].filter(
      p => !p.awsManaged || this.root.enabledPolicyTypes.includes(p.type),
    );
  }

  depthOf(parentId: string): number {
    let depth = 0;
    let id: string | undefined = parentId;
    while (id && id !== this.root.id) {
      depth++;
      id = this.ous.get(id)?.parentId;
    }
    return depth;
  }

  rootArn() {
    return orgArns.root(this.managementAccountId, this.orgId, this.root.id);
  }
  ouArn(id: string) {
    return orgArns.organizationalUnit(this.managementAccountId, this.orgId, id);
  }
  accountArn(id: string) {
    return orgArns.account(this.managementAccountId, this.orgId, id);
  }
  policyArn(p: PolicyRecord) {
    return p.awsManaged
      ? `arn:aws:organizations::aws:policy/${p.type.toLowerCase()}/${p.id}`
      : orgArns.policy(this.managementAccountId, this.orgId, p.type, p.id);
  }
  targetArn(id: string): string {
    if (id === this.root.id) return this.rootArn();
    if (this.ous.has(id)) return this.ouArn(id);
    return this.accountArn(id);
  }
  targetName(id: string): string {
    if (id === this.root.id) return 'Root';
    return this.ous.get(id)?.name ?? this.accounts.get(id)?.name ?? id;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lookups by an id from the request: a malformed id gets InvalidInputException, an unknown one AWS's not-found

  rootOrThrow(id: string): RootRecord {
    if (id !== this.root.id) throw Errors.rootNotFound(id);
    return this.root;
  }

  ouOrThrow(id: string): OuRecord {
    checkPattern(id, ID_PATTERNS.organizationalUnit, 'OrganizationalUnitId');
    const ou = this.ous.get(id);
    if (!ou) throw Errors.organizationalUnitNotFound(id);
    return ou;
  }

  accountOrThrow(id: string): AccountRecord {
    checkPattern(id, ID_PATTERNS.account, 'AccountId');
    const a = this.accounts.get(id);
    if (!a) throw Errors.accountNotFound(id);
    return a;
  }

  policyOrThrow(id: string): PolicyRecord {
    checkPattern(id, ID_PATTERNS.policy, 'PolicyId');
    const p = this.policies.get(id);
    if (
      !p ||
      (p.awsManaged && !this.root.enabledPolicyTypes.includes(p.type))
    ) {
      throw Errors.policyNotFound(id);
    }
    return p;
  }

  parentOrThrow(
    id: string,
    notFound: (id: string) => OrganizationsError = Errors.parentNotFound,
  ) {
    checkPattern(
      id,
      [ID_PATTERNS.root, ID_PATTERNS.organizationalUnit],
      'ParentId',
    );
    if (id !== this.root.id && !this.ous.has(id)) throw notFound(id);
  }

  /** The kind of an existing root, OU or account; TargetNotFoundException when there is none. */
  targetKind(id: string): TargetKind {
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
}
