/**
 * The condition context of a whole request: what the caller gave, plus the keys AWS derives from the principal, the
 * resource and their accounts' places in the organization (aws:PrincipalAccount from the principal, aws:ResourceAccount
 * from the resource, org id and paths only for accounts inside the organization). Given keys always win.
 */
import type { OrgNode, OrgSnapshot } from '../../orgModel/types';
import type { SimulationRequest } from '../types';
import type { RequestContext } from '../match';
import { splitArn } from '../match';
import type { RequestParts } from './parts';

/** aws:PrincipalOrgPaths / aws:ResourceOrgPaths: o-xxx/r-xxx/ou-xxx/.../ (the account itself is not part of it). */
function orgPathOf(snapshot: OrgSnapshot, path: OrgNode[]): string {
  const ids = path.filter(n => n.kind !== 'account').map(n => n.id);
  return `${[snapshot.organization.id, ...ids].join('/')}/`;
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
  const put = (key: string, v: string | string[]) => {
    const lower = key.toLowerCase();
    if (ctx.has(lower)) return;
    const values = Array.isArray(v) ? v : [v];
    ctx.set(lower, values);
    derived[key] = values;
  };
  const { principal, resourceAccount } = parts;
  if (principal.kind === 'iam') {
    const tags = { ...request.principalTags, ...request.principal?.tags };
    for (const [k, v] of Object.entries(tags)) put(`aws:PrincipalTag/${k}`, v);
    put('aws:PrincipalArn', principal.arn);
    put('aws:PrincipalAccount', principal.account.id);
    if (principal.account.path) {
      put('aws:PrincipalOrgID', snapshot.organization.id);
      put('aws:PrincipalOrgPaths', orgPathOf(snapshot, principal.account.path));
    }
    put('aws:PrincipalIsAWSService', 'false');
    // A role is used through its sessions: AWS reports AssumedRole for both.
    put(
      'aws:PrincipalType',
      principal.type === 'Role' ? 'AssumedRole' : principal.type,
    );
    if (principal.type === 'User') {
      put(
        'aws:username',
        principal.arn.slice(principal.arn.lastIndexOf('/') + 1),
      );
    }
  } else if (principal.kind === 'service') {
    put('aws:PrincipalIsAWSService', 'true');
    put('aws:PrincipalServiceName', principal.service);
  } else {
    put('aws:PrincipalType', 'Anonymous');
  }
  put('aws:ResourceAccount', resourceAccount.id);
  if (resourceAccount.path) {
    put('aws:ResourceOrgID', snapshot.organization.id);
    put('aws:ResourceOrgPaths', orgPathOf(snapshot, resourceAccount.path));
  }
  for (const [k, v] of Object.entries(request.resourceOwner?.tags ?? {}))
    put(`aws:ResourceTag/${k}`, v);
  const region = parts.resource !== '*' ? splitArn(parts.resource)?.[3] : '';
  if (region) put('aws:RequestedRegion', region);
  const [iso, epoch] = timeStrings(now);
  put('aws:CurrentTime', iso);
  put('aws:EpochTime', epoch);
  return { ctx, derived };
}

let lastTime: [number, string, string] = [NaN, '', ''];

/** aws:CurrentTime and aws:EpochTime of a moment (to the second, as AWS gives them), memoized per second. */
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
