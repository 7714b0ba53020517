/**
 * The request as the evaluator sees it: the action checked and normalised, value lengths bounded, the principal, and
 * the condition context (what the caller gave plus what AWS derives from the organization and the principal).
 */
import type { OrgNode, OrgSnapshot } from '../../orgModel/types';
import type { SimulationRequest } from '../types';
import { PolicyEngineError, PolicyLimitError } from '../errors';
import { MATCH_LIMITS, RequestContext, splitArn } from '../match';
import { simulatedRoleArn } from './tables';

const orgPathCache = new WeakMap<OrgNode[], string>();

/** aws:PrincipalOrgPaths of the account at the end of a path (memoized per path array). */
export function orgPath(snapshot: OrgSnapshot, path: OrgNode[]): string {
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

/** aws:CurrentTime and aws:EpochTime of a moment (to the second, as AWS gives them), memoized per second. */
export function timeStrings(now: Date): [string, string] {
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
export function buildContext(
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

/** The principal ARN of a request: given, in the context, or a role in the account. */
export function principalOf(
  request: SimulationRequest,
  accountId: string,
): string {
  const fromContext =
    request.context?.['aws:PrincipalArn'] ??
    request.context?.['aws:principalarn'];
  const arn =
    request.principalArn ??
    (Array.isArray(fromContext) ? fromContext[0] : fromContext);
  return arn ?? simulatedRoleArn(accountId);
}

/**
 * Refuses a request whose action, resource, principal or context values are longer than the matcher takes, naming
 * the field (the matcher would refuse them too, less precisely).
 */
export function checkRequestLengths(
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

/** The action in lower case; throws PolicyEngineError unless it is service:Action. */
export function normalizeAction(action: string): string {
  const a = action.trim();
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/.test(a)) {
    throw new PolicyEngineError(
      `"${action}" is not an action: write it as service:Action, for example s3:GetObject.`,
    );
  }
  return a.toLowerCase();
}
