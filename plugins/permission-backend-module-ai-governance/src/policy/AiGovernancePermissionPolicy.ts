import type {
  BackstageUserInfo,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  actionExecutePermission,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
  aiGovernanceAccountClosePermission,
  aiGovernanceAccountCreatePermission,
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountRequestCancelPermission,
  aiGovernanceAccountRequestReadPermission,
  aiGovernanceBaselineApplyPermission,
  aiGovernanceBaselineRemovePermission,
  aiGovernanceGuardrailsUpdatePermission,
  aiGovernancePolicyReadPermission,
  aiGovernanceProductionAccountCreatePermission,
  aiGovernanceRefreshPermission,
  aiGovernanceTreeReadPermission,
} from '@internal/plugin-ai-governance-common';
import {
  accountRequestConditions,
  createAccountRequestConditionalDecision,
} from '@internal/plugin-ai-governance-node';
import { type AccessConfig, rolesOf, type UserRoles } from './accessConfig';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

const allowIf = (condition: boolean): PolicyDecision =>
  condition ? ALLOW : DENY;

/** Every permission name of the AI Governance plugin starts with this. */
const AI_GOVERNANCE_PREFIX = 'ai-governance.';

/** AI Governance permissions decided by role alone. */
const roleDecisions: Array<{
  permission: Permission;
  decide: (roles: UserRoles) => PolicyDecision;
}> = [
  { permission: aiGovernanceTreeReadPermission, decide: () => ALLOW },
  {
    permission: aiGovernancePolicyReadPermission,
    decide: roles => allowIf(roles.policyReader),
  },
  {
    permission: aiGovernanceRefreshPermission,
    decide: roles => allowIf(roles.requester),
  },
  {
    permission: aiGovernanceAccountCreatePermission,
    decide: roles => allowIf(roles.requester),
  },
  {
    permission: aiGovernanceProductionAccountCreatePermission,
    decide: roles => allowIf(roles.productionRequester),
  },
  {
    permission: aiGovernanceBaselineApplyPermission,
    decide: roles => allowIf(roles.admin),
  },
  {
    permission: aiGovernanceBaselineRemovePermission,
    decide: roles => allowIf(roles.admin),
  },
  {
    permission: aiGovernanceAccountRequestApprovePermission,
    decide: roles => allowIf(roles.admin),
  },
  {
    permission: aiGovernanceAccountClosePermission,
    decide: roles => allowIf(roles.admin),
  },
  {
    permission: aiGovernanceGuardrailsUpdatePermission,
    decide: roles => allowIf(roles.admin),
  },
];

/** Other plugins' permissions that change or remove things and are kept for governance admins. */
const adminOnlyPermissions: Permission[] = [
  catalogLocationDeletePermission,
  catalogIngestionManagePermission,
  templateDryRunPermission,
  templateManagementPermission,
];

/** Other plugins' permissions that requesters hold: registering catalog entities and locations. */
const requesterPermissions: Permission[] = [
  catalogEntityCreatePermission,
  catalogLocationCreatePermission,
  catalogLocationAnalyzePermission,
];

/**
 * Other plugins' permissions every signed-in user holds beyond reads: running software templates, and asking the
 * catalog to refresh or validate an entity (neither changes what the entity says).
 */
const signedInPermissions: Permission[] = [
  taskCreatePermission,
  actionExecutePermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
];

function isOneOf(permission: Permission, list: Permission[]): boolean {
  return list.some(item => isPermission(permission, item));
}

/**
 * The permission policy of the AI Governance portal. Deny by default:
 *
 * - AI Governance permissions go by the roles of `aiGovernance.access` (admins, requesters, production requesters,
 *   policy readers); an AI Governance permission this policy does not know is denied.
 * - Account requests: admins read and cancel every request; anyone else reads and cancels only the requests they
 *   made and those whose owner group they belong to. Only admins approve; the four-eyes rule (an approver is never
 *   the requester) is enforced by the backend route, whatever the policy says.
 * - Other plugins: reads are allowed to signed-in users, and so is running software templates. Registering catalog
 *   entities needs the requester role; deleting an entity needs its ownership (or admin); unregistering locations,
 *   managing ingestion and editing or dry-running templates are for admins. A scaffolder task is read and cancelled
 *   by whoever started it, and by admins. Any other non-read permission is denied until this policy names it.
 * - A caller without a user identity (a service principal that reaches the permission backend) gets the tree and
 *   other plugins' reads, never an AI Governance write. (Backstage's own permission client answers service principals
 *   inside the calling plugin without asking the policy; plugins authorize users' operations with the user's
 *   credentials.)
 * @public
 */
export class AiGovernancePermissionPolicy implements PermissionPolicy {
  private readonly access: AccessConfig;
  private readonly userInfo: UserInfoService;
  private readonly logger?: LoggerService;

  constructor(options: {
    access: AccessConfig;
    userInfo: UserInfoService;
    logger?: LoggerService;
  }) {
    this.access = options.access;
    this.userInfo = options.userInfo;
    this.logger = options.logger;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!user) {
      return this.decideWithoutUser(permission);
    }
    const info = await this.userInfo.getUserInfo(user.credentials);
    const decision = this.decideForUser(permission, info);
    if (
      decision.result === AuthorizeResult.DENY &&
      permission.name.startsWith(AI_GOVERNANCE_PREFIX)
    ) {
      this.logger?.debug(`Denied ${permission.name}`, {
        permission: permission.name,
        user: info.userEntityRef,
      });
    }
    return decision;
  }

  private decideWithoutUser(permission: Permission): PolicyDecision {
    if (isPermission(permission, aiGovernanceTreeReadPermission)) {
      return ALLOW;
    }
    if (permission.name.startsWith(AI_GOVERNANCE_PREFIX)) {
      return DENY;
    }
    return allowIf(permission.attributes.action === 'read');
  }

  private decideForUser(
    permission: Permission,
    info: BackstageUserInfo,
  ): PolicyDecision {
    const roles = rolesOf(this.access, info.ownershipEntityRefs);

    if (permission.name.startsWith(AI_GOVERNANCE_PREFIX)) {
      const byRole = roleDecisions.find(entry =>
        isPermission(permission, entry.permission),
      );
      if (byRole) {
        return byRole.decide(roles);
      }
      if (
        isPermission(permission, aiGovernanceAccountRequestReadPermission) ||
        isPermission(permission, aiGovernanceAccountRequestCancelPermission)
      ) {
        if (roles.admin) {
          return ALLOW;
        }
        if (
          !isResourcePermission(
            permission,
            AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
          )
        ) {
          return DENY;
        }
        return createAccountRequestConditionalDecision(permission, {
          anyOf: [
            accountRequestConditions.isAccountRequestRequester({
              userRefs: [info.userEntityRef],
            }),
            accountRequestConditions.isAccountRequestOwner({
              ownerRefs: [...info.ownershipEntityRefs],
            }),
          ],
        });
      }
      return DENY;
    }

    if (isOneOf(permission, adminOnlyPermissions)) {
      return allowIf(roles.admin);
    }
    if (isOneOf(permission, requesterPermissions)) {
      return allowIf(roles.requester);
    }
    if (isOneOf(permission, signedInPermissions)) {
      return ALLOW;
    }
    if (isPermission(permission, catalogEntityDeletePermission)) {
      if (roles.admin) {
        return ALLOW;
      }
      if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
        return DENY;
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: [...info.ownershipEntityRefs],
        }),
      );
    }
    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      if (roles.admin) {
        return ALLOW;
      }
      if (!isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
        return DENY;
      }
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [info.userEntityRef],
        }),
      );
    }
    return allowIf(permission.attributes.action === 'read');
  }
}
