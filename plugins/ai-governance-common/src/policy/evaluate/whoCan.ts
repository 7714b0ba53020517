/**
 * Who can: for one request (action, resource, context, and optionally the principal's own policies, the resource's
 * policy and owner, a boundary, session and VPC endpoint policies), which accounts of the organization may and which
 * may not. Each account in turn is the request's target, so it is the principal's account (SCPs) and, unless the
 * resource names its own, the resource's account (RCPs): exactly what simulate decides for that target. Decisions are
 * memoized per distinct pair of chains (and per value of any account-specific key a policy in play reads).
 */
import type { OrgNode, OrgSnapshot } from '../../orgModel/types';
import type {
  DecidingStep,
  SimulationRequest,
  SimulationResult,
  WhoCanAccount,
  WhoCanResult,
} from '../types';
import { splitArn } from '../match';
import { EvaluateOptions } from './chain';
import { checkRequestLengths, normalizeAction } from './context';
import { compileRequestPolicies } from './levels/requestPolicies';
import { resolveParts } from './parts';
import { buildRequestContext } from './requestContext';
import { simulate } from './simulate';
import { accountKeysRead, indexSnapshot, resolveTarget } from './snapshotIndex';
import { ACCOUNT_KEYS } from './tables';
import { ARN_PATTERNS } from '../../orgModel/ids';

/**
 * An org-wide question: which accounts may do this. Takes every optional part of a SimulationRequest (the principal,
 * the resource's owner, identity, resource-based, boundary, session and VPC endpoint policies); the target is each
 * account in turn.
 * @public
 */
export interface WhoCanRequest extends Omit<SimulationRequest, 'target'> {
  /**
   * A principal to ask about (same as `principal.arn`, which wins). Its account id is replaced by each account's own
   * id, so `arn:aws:iam::111122223333:role/Admin` asks about the role Admin in every account, unless the principal's
   * account is fixed (`principal.accountId` or `aws:PrincipalAccount` in the context): then each account is only the
   * resource's account.
   */
  principalArn?: string;
  /** Only accounts under this OU (id or name). */
  under?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The first value of a context key (keys are case-insensitive). */
function contextValue(
  context: WhoCanRequest['context'],
  lower: string,
): string | undefined {
  if (!context) return undefined;
  for (const k in context) {
    if (!Object.hasOwn(context, k) || k.toLowerCase() !== lower) continue;
    const v = context[k];
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** Condition keys whose value differs per account that the request's own policies read. */
function requestPolicyKeys(request: WhoCanRequest): string[] {
  const read = new Set<string>();
  const add = (
    kind: Parameters<typeof compileRequestPolicies>[0],
    list: SimulationRequest['identityPolicies'],
  ) => {
    for (const p of compileRequestPolicies(kind, list) ?? [])
      p.compiled.keys.forEach(k => read.add(k));
  };
  const one = (p: SimulationRequest['resourcePolicy']) =>
    p === undefined ? undefined : [p];
  add('IDENTITY_POLICY', request.identityPolicies);
  add('RESOURCE_POLICY', one(request.resourcePolicy));
  add('PERMISSIONS_BOUNDARY', one(request.permissionsBoundary));
  add('SESSION_POLICY', request.sessionPolicies);
  add('VPC_ENDPOINT_POLICY', one(request.vpcEndpointPolicy));
  return [...read].filter(k => ACCOUNT_KEYS.includes(k));
}

/** A memoized decision and the paths of the accounts it was made for (to map its nodes to other accounts). */
interface Decided {
  result: SimulationResult;
  principalPath?: OrgNode[];
  resourcePath?: OrgNode[];
}

/** The deciding step with its node moved to the same depth of this account's own path. */
function ownDecidedBy(
  hit: Decided,
  principalPath: OrgNode[] | undefined,
  resourcePath: OrgNode[] | undefined,
): DecidingStep | undefined {
  const by = hit.result.decidedBy;
  if (!by?.node) return by;
  const scp = by.kind === 'SERVICE_CONTROL_POLICY';
  const from = scp ? hit.principalPath : hit.resourcePath;
  const to = scp ? principalPath : resourcePath;
  const depth = from ? from.findIndex(n => n.id === by.node!.id) : -1;
  const node = depth >= 0 && to ? to[depth] : undefined;
  if (!node) return by;
  return { ...by, node: { id: node.id, kind: node.kind, name: node.name } };
}

/**
 * For one request: which accounts may and which may not, and why. Each account is decided as simulate decides the
 * request with that account as its target (a principal ARN moved into it). Decisions are memoized per distinct pair of
 * policy chains (the principal's account's and the resource's account's), whether the request crosses accounts, and
 * the values of the account-specific keys the policies in play read; with a resource-based policy, also per principal
 * (the policy may name accounts or roles). Throws PolicyEngineError as simulate does.
 * @public
 */
export function whoCan(
  snapshot: OrgSnapshot,
  request: WhoCanRequest,
  options: EvaluateOptions = {},
): WhoCanResult {
  checkRequestLengths(request);
  const index = indexSnapshot(snapshot);
  normalizeAction(request.action);
  const actionLower = request.action.trim().toLowerCase();
  const resource = request.resource?.trim() || '*';
  let accounts = index.accounts;
  if (request.under) {
    const under = resolveTarget(snapshot, request.under);
    accounts = accounts.filter(a =>
      index.paths.get(a.id)!.some(n => n.id === under.id),
    );
  }
  const p = request.principal;
  const iam = !p?.anonymous && !p?.service;
  const fixedPrincipalSpec =
    p?.accountId ?? contextValue(request.context, 'aws:principalaccount');
  const arnOf = (arn?: string) => {
    const id = arn ? splitArn(arn)?.[4] : undefined;
    return id && ACCOUNT_ID.test(id) ? id : undefined;
  };
  const fixedResourceSpec =
    request.resourceOwner?.accountId ??
    contextValue(request.context, 'aws:resourceaccount') ??
    arnOf(resource);
  const template =
    p?.arn ??
    request.principalArn ??
    contextValue(request.context, 'aws:principalarn');
  const movable = iam && fixedPrincipalSpec === undefined;
  const requestFor = (id: string): SimulationRequest => {
    const { under: _under, ...rest } = request;
    const arn =
      template && movable
        ? template.replace(ARN_PATTERNS.accountField, `$1${id}$2`)
        : template;
    return {
      ...rest,
      target: id,
      ...(arn !== undefined ? { principal: { ...p, arn } } : {}),
    };
  };

  // The fixed accounts, resolved (and checked) once, by the same rules simulate uses.
  const probeTarget =
    accounts[0] ?? index.snapshot.nodes.find(n => n.kind === 'root')!;
  const probe = resolveParts(
    index,
    probeTarget,
    requestFor(probeTarget.id),
    resource,
  );
  const fixedPrincipal =
    iam && fixedPrincipalSpec !== undefined && probe.principal.kind === 'iam'
      ? probe.principal.account
      : undefined;
  const fixedResource =
    fixedResourceSpec !== undefined ? probe.resourceAccount : undefined;
  const policyKeys = requestPolicyKeys(request);
  const byPrincipal = request.resourcePolicy !== undefined && iam;

  const chainOf = (id: string) => index.accountChains.get(id) ?? `x${id}`;
  const keysOf = new Map<string, string[]>();
  const memo = new Map<string, Decided>();
  const allowed: WhoCanAccount[] = [];
  const denied: WhoCanAccount[] = [];
  for (const account of accounts) {
    const principalId = iam ? fixedPrincipal?.id ?? account.id : undefined;
    const resourceId = fixedResource?.id ?? account.id;
    const principalPath =
      principalId === undefined ? undefined : index.paths.get(principalId);
    const resourcePath = index.paths.get(resourceId);
    const chains = `${
      principalId === undefined ? '-' : chainOf(principalId)
    }.${chainOf(resourceId)}`;
    let keys = keysOf.get(chains);
    if (!keys) {
      const read = new Set(policyKeys);
      for (const path of [principalPath, resourcePath]) {
        if (path)
          accountKeysRead(index, path, actionLower).forEach(k => read.add(k));
      }
      keys = [...read];
      keysOf.set(chains, keys);
    }
    let key = `${chains}.${principalId === resourceId ? 's' : 'x'}`;
    let req: SimulationRequest | undefined;
    if (byPrincipal) {
      req = requestFor(account.id);
      key += `#${principalId}#${req.principal?.arn ?? ''}`;
    }
    if (keys.length) {
      req ??= requestFor(account.id);
      const parts = resolveParts(index, account, req, resource);
      const { ctx } = buildRequestContext(snapshot, parts, req);
      key += `#${keys
        .map(k => (ctx.get(k) ?? []).join('\u0001'))
        .join('\u0002')}`;
    }
    let hit = memo.get(key);
    if (!hit) {
      hit = {
        result: simulate(snapshot, req ?? requestFor(account.id), options),
        principalPath,
        resourcePath,
      };
      memo.set(key, hit);
    }
    const entry: WhoCanAccount = {
      id: account.id,
      name: account.name,
      decision: hit.result.decision,
    };
    if (account.parentId) entry.parentId = account.parentId;
    if (hit.result.decision === 'Allowed') {
      allowed.push(entry);
      continue;
    }
    const by = ownDecidedBy(hit, principalPath, resourcePath);
    if (by) {
      entry.decidedBy = by;
      if (
        by.node &&
        (by.kind === 'SERVICE_CONTROL_POLICY' ||
          by.kind === 'RESOURCE_CONTROL_POLICY')
      ) {
        entry.deniedAt = {
          nodeId: by.node.id,
          nodeName: by.node.name,
          policyType: by.kind,
        };
        if (by.statement?.effect === 'Deny') {
          entry.deniedBy = {
            ...by.statement,
            nodeId: by.node.id,
            nodeName: by.node.name,
          };
        }
      }
    }
    denied.push(entry);
  }
  return {
    action: request.action,
    resource,
    allowed,
    denied,
    distinctChains: memo.size,
  };
}
