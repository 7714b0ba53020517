/**
 * Reading the tree of an org model: the root's and OUs' children (nested at most MAX_OU_DEPTH deep), accounts with
 * unique emails and ids, and policy attachments checked against the defined policies and AWS's per-target quota.
 */
import { DEFAULT_POLICY_LIMITS } from './awsManaged';
import { ID_PATTERNS, isValidAccountEmail } from './ids';
import type { OrgModelAccount, OrgModelOrganizationalUnit } from './model';
import { formatPath, isRecord, PathSegment, Validator } from './modelValidator';
import type { AccountState, PolicyType } from './types';

/** The deepest OU nesting AWS allows under a root. @public */
export const MAX_OU_DEPTH = 5;

const ACCOUNT_STATES: AccountState[] = [
  'PENDING_ACTIVATION',
  'ACTIVE',
  'SUSPENDED',
  'PENDING_CLOSURE',
  'CLOSED',
];

/** What reading the tree shares: the problems, the defined policies and the ids and emails already taken. */
export interface TreeContext {
  v: Validator;
  policyTypeByName: Map<string, PolicyType>;
  enabledPolicyTypes: PolicyType[];
  /** lowercased email → path where first seen */
  emails: Map<string, string>;
  accountIds: Map<string, string>;
  ouIds: Map<string, string>;
}

/** Reads a list of policy names attached to one target. */
export function readAttachments(
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

/** Reads one account (`member`: in the tree, so it may have a state and joinedTimestamp). */
export function readAccount(
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

/** Reads the OUs and accounts under the root or an OU at `depth`. */
export function readChildren(
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
