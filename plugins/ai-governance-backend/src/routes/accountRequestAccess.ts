/**
 * Who may do what to account requests: the conditional permission decisions applied to one request or turned into
 * a list query, the permissions to request accounts of an environment, and the owner group a caller may name.
 */
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PermissionCriteria,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  type PermissionRule,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountRequestReadPermission,
  type AccountRequestRecord,
} from '@internal/plugin-ai-governance-common';
import {
  accountRequestPermissionRules,
  type AccountRequestQuery,
} from '@internal/plugin-ai-governance-node';
import type { StoredAccountRequest } from '../database/AccountRequestStore';
import type { AccountRequestService } from '../services/accountRequests/AccountRequestService';
import { parseOwnerRef } from '../services/accountRequests/ownerRef';

/** The account request rules by name; an unknown name throws (the decision cannot be applied: deny). */
const ruleset: PermissionRuleset<AccountRequestRecord, AccountRequestQuery> = {
  getRuleByName(name) {
    const rule = Object.values(accountRequestPermissionRules).find(
      r => r.name === name,
    );
    if (!rule) {
      throw new NotAllowedError(
        `Unknown account request permission rule ${name}; the permission policy names a rule this plugin does not have`,
      );
    }
    return rule as PermissionRule<
      AccountRequestRecord,
      AccountRequestQuery,
      string
    >;
  },
};
const conditionAuthorizer = createConditionAuthorizer(ruleset);
const toQuery = createConditionTransformer(ruleset);

/** The access checks of the account request routes. */
export function createAccountRequestAccess(options: {
  permissions: PermissionsService;
  service: AccountRequestService;
  /** The caller's ownership refs: a request's owner group must be one of them (admins excepted). */
  userInfo: UserInfoService;
}) {
  const { permissions, service, userInfo } = options;

  /**
   * Deny first (before the request is even read, so a user without the permission learns nothing of it), then read
   * the request and apply a conditional decision to it: allowed, or a 403 saying what is missing.
   */
  async function authorizedRecord(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    id: string,
    doing: string,
  ): Promise<StoredAccountRequest> {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    const refuse = () =>
      new NotAllowedError(
        `You may not ${doing} account request ${id}: missing permission ${permission.name} for it (requesters may act on their own and their groups' requests; governance admins on all).`,
      );
    if (decision.result === AuthorizeResult.DENY) throw refuse();
    const record = await service.get(id);
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      !conditionAuthorizer(decision, service.toWire(record))
    ) {
      throw refuse();
    }
    return record;
  }

  /** The permissions to request `environment` accounts; a 403 names those missing. */
  async function requirePermissions(
    credentials: BackstageCredentials,
    environment: string,
    needed: BasicPermission[],
  ) {
    const decisions = await permissions.authorize(
      needed.map(permission => ({ permission })),
      { credentials },
    );
    const denied = needed.filter(
      (_p, i) => decisions[i]?.result !== AuthorizeResult.ALLOW,
    );
    if (denied.length > 0) {
      throw new NotAllowedError(
        `You may not request ${environment} accounts: ask an AI governance admin for the ${denied
          .map(p => p.name)
          .join(' and ')} permission (or membership of a requester group).`,
      );
    }
  }

  /**
   * A request's owner group must be one the caller belongs to (their ownership refs, as the catalog resolves them),
   * or anyone could have accounts made, and billed, in another team's name. Governance admins may request for any
   * group: "admin" is decided by the approve permission asked without a request (the policy allows it to admins
   * only, whatever the request).
   */
  async function requireOwnership(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    owner: string,
  ) {
    const info = await userInfo.getUserInfo(credentials);
    const mine = [
      ...new Set(
        info.ownershipEntityRefs.flatMap(ref => parseOwnerRef(ref) ?? []),
      ),
    ];
    if (mine.includes(owner)) return;
    const [admin] = await permissions.authorizeConditional(
      [{ permission: aiGovernanceAccountRequestApprovePermission }],
      { credentials },
    );
    if (admin.result === AuthorizeResult.ALLOW) return;
    throw new NotAllowedError(
      `You can only request accounts for groups you belong to: ${
        mine.length > 0 ? mine.join(', ') : '(none)'
      }. ${owner} is not one of them; ask a member of that group, or a governance admin, to request it.`,
    );
  }

  /** Whether the caller may read a request (the conditional read permission), for conflict messages. */
  async function readableBy(
    credentials: BackstageCredentials,
  ): Promise<(record: StoredAccountRequest) => boolean> {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: aiGovernanceAccountRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return () => true;
    if (decision.result === AuthorizeResult.DENY) return () => false;
    return record => conditionAuthorizer(decision, service.toWire(record));
  }

  /**
   * The list filter the read permission allows: everything (undefined), or the criteria of its conditions; a 403
   * when denied outright.
   */
  async function readableCriteria(
    credentials: BackstageCredentials,
  ): Promise<PermissionCriteria<AccountRequestQuery> | undefined> {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: aiGovernanceAccountRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `Missing permission ${aiGovernanceAccountRequestReadPermission.name}`,
      );
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? toQuery(decision.conditions)
      : undefined;
  }

  return {
    authorizedRecord,
    requirePermissions,
    requireOwnership,
    readableBy,
    readableCriteria,
  };
}
