import { ConfigReader } from '@backstage/config';
import type { UserInfoService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
  type PermissionCriteria,
  type PermissionCondition,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  type AccountRequestRecord,
  aiGovernanceAccountClosePermission,
  aiGovernanceAccountCreatePermission,
  aiGovernanceAccountRequestApprovePermission,
  aiGovernanceAccountRequestCancelPermission,
  aiGovernanceAccountRequestReadPermission,
  aiGovernanceBaselineApplyPermission,
  aiGovernanceBaselineRemovePermission,
  aiGovernanceGuardrailsUpdatePermission,
  aiGovernancePermissions,
  aiGovernancePolicyReadPermission,
  aiGovernanceProductionAccountCreatePermission,
  aiGovernanceRefreshPermission,
  aiGovernanceTreeReadPermission,
} from '@internal/plugin-ai-governance-common';
import { accountRequestPermissionRules } from '@internal/plugin-ai-governance-node';
import { AiGovernancePermissionPolicy } from './AiGovernancePermissionPolicy';
import { readAccessConfig } from './accessConfig';

const ADMINS = 'group:default/ai-governance-admins';
const AI_TEAM = 'group:default/ai-team';
const WEB_SHOP = 'group:default/web-shop';

/** Demo users and the groups their sign-in puts in their ownership refs. */
const users = {
  admin: { ref: 'user:default/ada', groups: [ADMINS] },
  requester: { ref: 'user:default/rui', groups: [AI_TEAM] },
  outsider: { ref: 'user:default/olga', groups: [WEB_SHOP] },
};
type Role = keyof typeof users | 'service';

function ownershipRefsOf(userRef: string): string[] {
  const user = Object.values(users).find(u => u.ref === userRef);
  if (!user) throw new Error(`no demo user ${userRef}`);
  return [user.ref, ...user.groups];
}

/** A user info service that answers from the demo users above, as the real one answers from the user's token. */
const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const principal = credentials.principal as { userEntityRef: string };
    return {
      userEntityRef: principal.userEntityRef,
      ownershipEntityRefs: ownershipRefsOf(principal.userEntityRef),
    };
  },
};

function policyWith(access: Record<string, string[] | string>) {
  return new AiGovernancePermissionPolicy({
    access: readAccessConfig(
      new ConfigReader({ aiGovernance: { access } }, 'test'),
    ),
    userInfo,
  });
}

function queryUser(role: Role): PolicyQueryUser | undefined {
  if (role === 'service') return undefined;
  const { ref } = users[role];
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: ownershipRefsOf(ref) },
  };
}

async function decide(
  policy: AiGovernancePermissionPolicy,
  permission: Permission,
  role: Role,
): Promise<PolicyDecision> {
  return policy.handle({ permission }, queryUser(role));
}

const A = AuthorizeResult.ALLOW;
const D = AuthorizeResult.DENY;
const C = AuthorizeResult.CONDITIONAL;

describe('AiGovernancePermissionPolicy with admins and requesters configured', () => {
  const policy = policyWith({ admins: [ADMINS], requesters: [AI_TEAM] });

  // Each row: the permission, then the result for admin, requester, outsider (signed in, in no listed group), and
  // a caller without a user identity.
  const table: Array<[Permission, AuthorizeResult, AuthorizeResult, AuthorizeResult, AuthorizeResult]> = [
    [aiGovernanceTreeReadPermission, A, A, A, A],
    [aiGovernancePolicyReadPermission, A, A, A, D],
    [aiGovernanceRefreshPermission, A, A, D, D],
    [aiGovernanceAccountCreatePermission, A, A, D, D],
    [aiGovernanceProductionAccountCreatePermission, A, A, D, D],
    [aiGovernanceBaselineApplyPermission, A, D, D, D],
    [aiGovernanceBaselineRemovePermission, A, D, D, D],
    [aiGovernanceAccountRequestReadPermission, A, C, C, D],
    [aiGovernanceAccountRequestCancelPermission, A, C, C, D],
    [aiGovernanceAccountRequestApprovePermission, A, D, D, D],
    [aiGovernanceAccountClosePermission, A, D, D, D],
    [aiGovernanceGuardrailsUpdatePermission, A, D, D, D],
    [
      createPermission({
        name: 'ai-governance.something.new',
        attributes: { action: 'read' },
      }),
      D,
      D,
      D,
      D,
    ],
    [catalogEntityReadPermission, A, A, A, A],
    [catalogEntityRefreshPermission, A, A, A, D],
    [catalogEntityCreatePermission, A, A, D, D],
    [catalogLocationCreatePermission, A, A, D, D],
    [catalogEntityDeletePermission, A, C, C, D],
    [catalogLocationDeletePermission, A, D, D, D],
    [catalogIngestionManagePermission, A, D, D, D],
    [templateParameterReadPermission, A, A, A, A],
    [taskCreatePermission, A, A, A, D],
    [actionExecutePermission, A, A, A, D],
    [taskReadPermission, A, C, C, A],
    [taskCancelPermission, A, C, C, D],
    [templateDryRunPermission, A, D, D, D],
    [templateManagementPermission, A, D, D, D],
    [
      createPermission({
        name: 'other-plugin.widget.read',
        attributes: { action: 'read' },
      }),
      A,
      A,
      A,
      A,
    ],
    [
      createPermission({
        name: 'other-plugin.widget.delete',
        attributes: { action: 'delete' },
      }),
      D,
      D,
      D,
      D,
    ],
  ];

  it.each(table)('%o', async (permission, admin, requester, outsider, service) => {
    const results = {
      admin: (await decide(policy, permission, 'admin')).result,
      requester: (await decide(policy, permission, 'requester')).result,
      outsider: (await decide(policy, permission, 'outsider')).result,
      service: (await decide(policy, permission, 'service')).result,
    };
    expect({ permission: permission.name, ...results }).toEqual({
      permission: permission.name,
      admin,
      requester,
      outsider,
      service,
    });
  });

  it('decides every AI Governance permission explicitly: an admin holds each one', async () => {
    for (const permission of aiGovernancePermissions) {
      expect({
        permission: permission.name,
        result: (await decide(policy, permission, 'admin')).result,
      }).toEqual({ permission: permission.name, result: A });
    }
  });

  it('lets a non-admin read and cancel the requests they made and those of their groups', async () => {
    const decision = await decide(
      policy,
      aiGovernanceAccountRequestReadPermission,
      'requester',
    );
    expect(decision).toEqual({
      result: C,
      pluginId: 'ai-governance',
      resourceType: 'ai-governance-account-request',
      conditions: {
        anyOf: [
          {
            rule: 'IS_REQUESTER',
            resourceType: 'ai-governance-account-request',
            params: { userRefs: ['user:default/rui'] },
          },
          {
            rule: 'IS_OWNER',
            resourceType: 'ai-governance-account-request',
            params: { ownerRefs: ['user:default/rui', AI_TEAM] },
          },
        ],
      },
    });

    // The conditions, applied by the plugin's own rules, match the right requests.
    const record = (requestedBy: string, owner: string) =>
      ({ requestedBy, fields: { owner } } as unknown as AccountRequestRecord);
    const matches = (request: AccountRequestRecord) =>
      evaluate(
        (decision as { conditions: PermissionCriteria<PermissionCondition> })
          .conditions,
        request,
      );
    expect(matches(record('user:default/rui', WEB_SHOP))).toBe(true);
    expect(matches(record('user:default/olga', AI_TEAM))).toBe(true);
    expect(matches(record('user:default/olga', WEB_SHOP))).toBe(false);
  });

  it('lets a non-admin delete only the catalog entities they own, and see and cancel only their own tasks', async () => {
    expect(
      await decide(policy, catalogEntityDeletePermission, 'outsider'),
    ).toEqual({
      result: C,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/olga', WEB_SHOP] },
      },
    });
    expect(await decide(policy, taskCancelPermission, 'outsider')).toEqual({
      result: C,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: {
        rule: 'IS_TASK_OWNER',
        resourceType: 'scaffolder-task',
        params: { createdBy: ['user:default/olga'] },
      },
    });
  });
});

describe('AiGovernancePermissionPolicy on its defaults and with narrower lists', () => {
  it('makes every signed-in user a requester when aiGovernance.access.requesters is unset', async () => {
    const policy = policyWith({ admins: [ADMINS] });
    for (const permission of [
      aiGovernanceAccountCreatePermission,
      aiGovernanceProductionAccountCreatePermission,
      aiGovernanceRefreshPermission,
    ]) {
      expect((await decide(policy, permission, 'outsider')).result).toBe(A);
      expect((await decide(policy, permission, 'service')).result).toBe(D);
    }
    expect(
      (await decide(policy, aiGovernanceBaselineApplyPermission, 'outsider'))
        .result,
    ).toBe(D);
  });

  it('gives admin rights to nobody when aiGovernance.access.admins is unset', async () => {
    const policy = policyWith({});
    for (const role of ['admin', 'requester', 'outsider'] as const) {
      expect(
        (await decide(policy, aiGovernanceBaselineApplyPermission, role))
          .result,
      ).toBe(D);
      expect(
        (
          await decide(
            policy,
            aiGovernanceAccountRequestApprovePermission,
            role,
          )
        ).result,
      ).toBe(D);
    }
  });

  it('keeps production requests to aiGovernance.access.productionRequesters when set', async () => {
    const policy = policyWith({
      admins: [ADMINS],
      requesters: [AI_TEAM, WEB_SHOP],
      productionRequesters: [AI_TEAM],
    });
    const prod = aiGovernanceProductionAccountCreatePermission;
    expect((await decide(policy, prod, 'requester')).result).toBe(A);
    expect((await decide(policy, prod, 'outsider')).result).toBe(D);
    expect((await decide(policy, prod, 'admin')).result).toBe(A);
    expect(
      (await decide(policy, aiGovernanceAccountCreatePermission, 'outsider'))
        .result,
    ).toBe(A);
  });

  it('keeps policy text to aiGovernance.access.policyReaders when set, and the tree to everyone', async () => {
    const policy = policyWith({
      admins: [ADMINS],
      policyReaders: ['ai-team'],
    });
    const read = aiGovernancePolicyReadPermission;
    expect((await decide(policy, read, 'requester')).result).toBe(A);
    expect((await decide(policy, read, 'outsider')).result).toBe(D);
    expect((await decide(policy, read, 'admin')).result).toBe(A);
    expect(
      (await decide(policy, aiGovernanceTreeReadPermission, 'outsider'))
        .result,
    ).toBe(A);
  });

  it('matches group refs whatever their case', async () => {
    const policy = policyWith({
      admins: ['Group:Default/AI-Governance-Admins'],
    });
    expect(
      (await decide(policy, aiGovernanceBaselineApplyPermission, 'admin'))
        .result,
    ).toBe(A);
  });

  it('denies everything but reads to an empty requesters list', async () => {
    const policy = policyWith({ admins: [ADMINS], requesters: [] });
    expect(
      (await decide(policy, aiGovernanceAccountCreatePermission, 'requester'))
        .result,
    ).toBe(D);
    expect(
      (await decide(policy, aiGovernanceTreeReadPermission, 'requester'))
        .result,
    ).toBe(A);
    expect(
      (await decide(policy, aiGovernanceAccountCreatePermission, 'admin'))
        .result,
    ).toBe(A);
  });
});

/** Applies permission criteria to an account request with the plugin's own rules, as the backend plugin does. */
function evaluate(
  criteria: PermissionCriteria<PermissionCondition>,
  request: AccountRequestRecord,
): boolean {
  if ('anyOf' in criteria) {
    return criteria.anyOf.some(c => evaluate(c, request));
  }
  if ('allOf' in criteria) {
    return criteria.allOf.every(c => evaluate(c, request));
  }
  if ('not' in criteria) {
    return !evaluate(criteria.not, request);
  }
  const rule = Object.values(accountRequestPermissionRules).find(
    r => r.name === criteria.rule,
  );
  if (!rule) throw new Error(`unknown rule ${criteria.rule}`);
  return rule.apply(request, criteria.params as never);
}
