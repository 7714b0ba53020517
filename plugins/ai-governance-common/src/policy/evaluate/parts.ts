/**
 * The parts a request names, resolved against the org model: who the principal is (an IAM identity with its account,
 * a service principal, or anonymous) and which account owns the resource, each inside or outside the organization.
 * AWS applies SCPs by the principal's account and RCPs by the resource's account, so both are resolved separately.
 */
import type { OrgNode } from '../../orgModel/types';
import type { ResolvedAccounts, SimulationRequest } from '../types';
import { PolicyEngineError, PolicyLimitError } from '../errors';
import { MATCH_LIMITS, splitArn } from '../match';
import { ARN_PATTERNS } from '../../orgModel/ids';
import { resolveTarget, SnapshotIndex } from './snapshotIndex';
import { HYPOTHETICAL_ACCOUNT_ID, simulatedRoleArn } from './tables';

/** An account a request involves. */
export interface AccountRef {
  id: string;
  name?: string;
  /** Root to the account (for a hypothetical account: root to its OU); absent when outside the organization. */
  path?: OrgNode[];
  /** A hypothetical new account placed in an OU (the target was an OU or the root). */
  hypothetical: boolean;
  management: boolean;
}

/** The kind of IAM identity an ARN names, as aws:PrincipalType spells it. */
export type IamPrincipalType =
  | 'Account'
  | 'User'
  | 'FederatedUser'
  | 'AssumedRole'
  | 'Role';

/** Who makes the request. */
export type ResolvedPrincipal =
  | {
      kind: 'iam';
      arn: string;
      account: AccountRef;
      type: IamPrincipalType;
      /** For a role or an assumed-role session: the role's name (sessions name no path). */
      roleName?: string;
      serviceLinked: boolean;
    }
  | { kind: 'service'; service: string }
  | { kind: 'anonymous' };

/** The principal and the resource's account. */
export interface RequestParts {
  principal: ResolvedPrincipal;
  resource: string;
  resourceAccount: AccountRef;
  /** Principal and resource in different accounts (the cross-account rules apply). */
  crossAccount: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The first value of the context keys resolveParts reads, found in one pass (keys are case-insensitive). */
function contextValues(request: SimulationRequest): Map<string, string> {
  const found = new Map<string, string>();
  const ctx = request.context;
  if (!ctx) return found;
  for (const k in ctx) {
    if (!Object.hasOwn(ctx, k)) continue;
    const lower = k.toLowerCase();
    if (
      lower === 'aws:principalarn' ||
      lower === 'aws:principalaccount' ||
      lower === 'aws:resourceaccount'
    ) {
      const v = ctx[k];
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) found.set(lower, first);
    }
  }
  return found;
}

function nodeRef(index: SnapshotIndex, node: OrgNode): AccountRef {
  const hypothetical = node.kind !== 'account';
  const id = hypothetical ? HYPOTHETICAL_ACCOUNT_ID : node.id;
  return {
    id,
    name: hypothetical ? `a new account in ${node.name}` : node.name,
    path: index.paths.get(node.id),
    hypothetical,
    management: id === index.snapshot.organization.managementAccountId,
  };
}

/** An account id or name: in the org model, or (a 12-digit id) outside the organization. */
function accountRef(
  index: SnapshotIndex,
  spec: string,
  what: string,
): AccountRef {
  const s = spec.trim();
  const known = index.byId.get(s);
  if (known && known.kind === 'account') return nodeRef(index, known);
  if (ACCOUNT_ID.test(s)) {
    return {
      id: s,
      hypothetical: false,
      management: s === index.snapshot.organization.managementAccountId,
    };
  }
  let node: OrgNode;
  try {
    node = resolveTarget(index.snapshot, s);
  } catch (e) {
    throw new PolicyEngineError(
      `${what} "${spec}" is neither a 12-digit account id nor an account of the org model: ${
        (e as Error).message
      }`,
    );
  }
  if (node.kind !== 'account') {
    throw new PolicyEngineError(
      `${what} "${spec}" names ${
        node.kind === 'ou' ? 'an OU' : 'the root'
      }: give an account id or name.`,
    );
  }
  return nodeRef(index, node);
}

/** The account id in an ARN's fifth field, when it is one. */
function arnAccount(arn: string | undefined): string | undefined {
  const id = arn ? splitArn(arn)?.[4] : undefined;
  return id && ACCOUNT_ID.test(id) ? id : undefined;
}

function iamType(arn: string): {
  type: IamPrincipalType;
  roleName?: string;
} {
  const resource = splitArn(arn)?.[5] ?? '';
  if (resource === 'root') return { type: 'Account' };
  if (resource.startsWith('user/')) return { type: 'User' };
  if (resource.startsWith('federated-user/')) return { type: 'FederatedUser' };
  if (resource.startsWith('assumed-role/'))
    return { type: 'AssumedRole', roleName: resource.split('/')[1] };
  if (resource.startsWith('role/'))
    return { type: 'Role', roleName: resource.split('/').pop() };
  return { type: 'Role' };
}

function checkLength(what: string, value: string | undefined) {
  if (value !== undefined && value.length > MATCH_LIMITS.maxValueLength) {
    throw new PolicyLimitError(
      `${what} is ${value.length} characters; the policy engine takes at most ${MATCH_LIMITS.maxValueLength}.`,
    );
  }
}

/**
 * Resolves the principal and the resource's account. Defaults: the principal's account is `principal.accountId`,
 * else `aws:PrincipalAccount` in the context, else the account in the principal ARN, else the target; the resource's
 * account is `resourceOwner.accountId`, else `aws:ResourceAccount` in the context, else the account in the resource
 * ARN, else the target.
 */
export function resolveParts(
  index: SnapshotIndex,
  target: OrgNode,
  request: SimulationRequest,
  resource: string,
): RequestParts {
  const p = request.principal ?? {};
  checkLength('The principal ARN', p.arn);
  checkLength('The principal account', p.accountId);
  checkLength('The service principal', p.service);
  checkLength('The resource account', request.resourceOwner?.accountId);
  const targetRef = nodeRef(index, target);
  const given = contextValues(request);
  const resourceSpec =
    request.resourceOwner?.accountId ??
    given.get('aws:resourceaccount') ??
    arnAccount(resource);
  const resourceAccount =
    resourceSpec === undefined || resourceSpec === targetRef.id
      ? targetRef
      : accountRef(index, resourceSpec, 'The resource account');
  let principal: ResolvedPrincipal;
  if (p.anonymous && p.service) {
    throw new PolicyEngineError(
      'A principal is either anonymous or a service principal, not both: leave one out.',
    );
  }
  if (p.anonymous) principal = { kind: 'anonymous' };
  else if (p.service) {
    const service = p.service.trim();
    if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(service)) {
      throw new PolicyEngineError(
        `"${p.service}" is not a service principal: write it as service.amazonaws.com, for example cloudtrail.amazonaws.com.`,
      );
    }
    principal = { kind: 'service', service };
  } else {
    const givenArn =
      p.arn ?? request.principalArn ?? given.get('aws:principalarn');
    const spec =
      p.accountId ?? given.get('aws:principalaccount') ?? arnAccount(givenArn);
    const account =
      spec === undefined || spec === targetRef.id
        ? targetRef
        : accountRef(index, spec, 'The principal account');
    const arn = givenArn ?? simulatedRoleArn(account.id);
    principal = {
      kind: 'iam',
      arn,
      account,
      ...iamType(arn),
      serviceLinked: ARN_PATTERNS.serviceLinkedRole.test(arn),
    };
  }
  return {
    principal,
    resource,
    resourceAccount,
    crossAccount:
      principal.kind !== 'iam' || principal.account.id !== resourceAccount.id,
  };
}

/** The accounts as results report them. */
export function resolvedAccounts(parts: RequestParts): ResolvedAccounts {
  const ref = (a: AccountRef) => ({
    id: a.id,
    ...(a.name !== undefined ? { name: a.name } : {}),
    inOrganization: !!a.path,
  });
  return {
    ...(parts.principal.kind === 'iam'
      ? { principal: ref(parts.principal.account) }
      : {}),
    resource: ref(parts.resourceAccount),
    crossAccount: parts.crossAccount,
  };
}
