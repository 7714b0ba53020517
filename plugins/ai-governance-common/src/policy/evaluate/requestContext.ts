/**
 * The condition context of a whole request: what the caller gave, plus the keys AWS derives from the principal, the
 * resource and their accounts' places in the organization (aws:PrincipalAccount from the principal, aws:ResourceAccount
 * from the resource, org id and paths only for accounts inside the organization). Given keys always win.
 */
import type { OrgNode, OrgSnapshot } from '../../orgModel/types';
import type { SimulationRequest } from '../types';
import type { RequestContext } from '../match';
import { splitArn } from '../match';
import { timeStrings } from './context';
import type { RequestParts } from './parts';

const orgPathCache = new WeakMap<OrgNode[], string>();

/** aws:PrincipalOrgPaths / aws:ResourceOrgPaths: o-xxx/r-xxx/ou-xxx/.../ (the account itself is not part of it). */
function orgPathOf(snapshot: OrgSnapshot, path: OrgNode[]): string {
  const hit = orgPathCache.get(path);
  if (hit !== undefined) return hit;
  const ids = path.filter(n => n.kind !== 'account').map(n => n.id);
  const value = `${[snapshot.organization.id, ...ids].join('/')}/`;
  orgPathCache.set(path, value);
  return value;
}

/** The context and the keys derived (as AWS spells them) for the result. */
export interface BuiltContext {
  ctx: RequestContext;
  derived: Record<string, string[]>;
}

/** Builds the request context of a resolved request. */
export function buildRequestContext(
  snapshot: OrgSnapshot,
  parts: RequestParts,
  request: Pick<SimulationRequest, 'context' | 'principalTags'> & {
    principal?: { tags?: Record<string, string> };
    resourceOwner?: { tags?: Record<string, string> };
  },
  now: Date = new Date(),
): BuiltContext {
  const ctx: RequestContext = new Map();
  const derived: Record<string, string[]> = {};
  const given = request.context;
  if (given) {
    for (const k in given) {
      if (!Object.hasOwn(given, k)) continue;
      const v = given[k];
      ctx.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
    }
  }
  /** `lower` is the key in lower case (given, so the common keys are not lowered on every request). */
  const put = (key: string, lower: string, v: string | string[]) => {
    if (ctx.has(lower)) return;
    const values = Array.isArray(v) ? v : [v];
    ctx.set(lower, values);
    derived[key] = values;
  };
  const { principal, resourceAccount } = parts;
  if (principal.kind === 'iam') {
    const tags = request.principal?.tags
      ? { ...request.principalTags, ...request.principal.tags }
      : request.principalTags;
    for (const k in tags) {
      if (Object.hasOwn(tags, k)) {
        const key = `aws:PrincipalTag/${k}`;
        put(key, key.toLowerCase(), tags[k]);
      }
    }
    put('aws:PrincipalArn', 'aws:principalarn', principal.arn);
    put('aws:PrincipalAccount', 'aws:principalaccount', principal.account.id);
    if (principal.account.path) {
      put('aws:PrincipalOrgID', 'aws:principalorgid', snapshot.organization.id);
      put(
        'aws:PrincipalOrgPaths',
        'aws:principalorgpaths',
        orgPathOf(snapshot, principal.account.path),
      );
    }
    put('aws:PrincipalIsAWSService', 'aws:principalisawsservice', 'false');
    // A role is used through its sessions: AWS reports AssumedRole for both.
    put(
      'aws:PrincipalType',
      'aws:principaltype',
      principal.type === 'Role' ? 'AssumedRole' : principal.type,
    );
    if (principal.type === 'User') {
      put(
        'aws:username',
        'aws:username',
        principal.arn.slice(principal.arn.lastIndexOf('/') + 1),
      );
    }
  } else if (principal.kind === 'service') {
    put('aws:PrincipalIsAWSService', 'aws:principalisawsservice', 'true');
    put(
      'aws:PrincipalServiceName',
      'aws:principalservicename',
      principal.service,
    );
  } else {
    put('aws:PrincipalType', 'aws:principaltype', 'Anonymous');
  }
  put('aws:ResourceAccount', 'aws:resourceaccount', resourceAccount.id);
  if (resourceAccount.path) {
    put('aws:ResourceOrgID', 'aws:resourceorgid', snapshot.organization.id);
    put(
      'aws:ResourceOrgPaths',
      'aws:resourceorgpaths',
      orgPathOf(snapshot, resourceAccount.path),
    );
  }
  const resourceTags = request.resourceOwner?.tags;
  for (const k in resourceTags) {
    if (Object.hasOwn(resourceTags, k)) {
      const key = `aws:ResourceTag/${k}`;
      put(key, key.toLowerCase(), resourceTags[k]);
    }
  }
  const region = parts.resource !== '*' ? splitArn(parts.resource)?.[3] : '';
  if (region) put('aws:RequestedRegion', 'aws:requestedregion', region);
  const [iso, epoch] = timeStrings(now);
  put('aws:CurrentTime', 'aws:currenttime', iso);
  put('aws:EpochTime', 'aws:epochtime', epoch);
  return { ctx, derived };
}
