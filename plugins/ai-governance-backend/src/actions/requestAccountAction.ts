/**
 * `ai-governance:request-account`: files an account request under the calling user's identity, through the same
 * service and the same checks as POST /account-requests (the account create permissions, production's extra one,
 * and ownership of the owner group). The request then follows the approval flow like any other: production requests
 * wait for a governance admin; nothing here approves or provisions. Service principals are refused: a request needs
 * a person who asked.
 */
import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import {
  aiGovernanceAccountCreatePermission,
  aiGovernanceProductionAccountCreatePermission,
} from '@internal/plugin-ai-governance-common';
import { createAccountRequestAccess } from '../routes/accountRequestAccess';
import type { AccountRequestService } from '../services/accountRequests/AccountRequestService';
import { normalizeOwnerRef } from '../services/accountRequests/ownerRef';
import { audited, principalOf } from './actionSupport';

export interface RequestAccountActionOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor?: AuditorService;
  service: AccountRequestService;
}

function userCredentials(
  credentials: BackstageCredentials,
): BackstageCredentials<BackstageUserPrincipal> {
  if (principalOf(credentials).type !== 'user') {
    throw new NotAllowedError(
      'Only a signed-in user may request an AWS account (the request is filed in their name and they are notified of the decision); call this action with a user token, not a service token.',
    );
  }
  return credentials as BackstageCredentials<BackstageUserPrincipal>;
}

/** Registers `ai-governance:request-account`. */
export function registerRequestAccountAction(
  options: RequestAccountActionOptions,
): void {
  const { actionsRegistry, permissions, userInfo, service, auditor } = options;
  const access = createAccountRequestAccess({ permissions, service, userInfo });

  actionsRegistry.register({
    name: 'request-account',
    title: 'Request an AI AWS account',
    description: [
      'Files a request for a new AWS account for AI workloads in the name of the calling user, exactly as the AI Governance portal does.',
      'Development requests are approved automatically when the rules allow; production requests wait for a governance admin.',
      'The account is not created by this call: the answer gives the request id and state (requested = waiting for approval).',
      'The owner must be a group the user belongs to. Use dryRun: true to check a request without filing it.',
      'Filing the same request again returns the existing one (created: false).',
    ].join(' '),
    attributes: { readOnly: false, destructive: false, idempotent: true },
    visibilityPermission: aiGovernanceAccountCreatePermission,
    schema: {
      input: z =>
        z
          .object({
            name: z
              .string()
              .min(1)
              .max(50)
              .describe('Account name, e.g. ml-research-dev'),
            environment: z
              .enum(['development', 'production'])
              .describe('development or production'),
            owner: z
              .string()
              .min(1)
              .max(255)
              .describe(
                'Owner group, e.g. group:default/ml-research (one of the user’s groups)',
              ),
            costCenter: z
              .string()
              .min(1)
              .max(32)
              .describe('Cost center, letters, digits and dashes'),
            dataClassification: z
              .enum(['public', 'internal', 'confidential', 'restricted'])
              .describe('The most sensitive data the account will hold'),
            purpose: z
              .string()
              .min(1)
              .max(1000)
              .describe('What the account is for, for the approver'),
            dryRun: z
              .boolean()
              .optional()
              .describe('Validate only; nothing is filed'),
          })
          .strict(),
      output: z =>
        z.object({
          requestId: z
            .string()
            .nullable()
            .describe('The request id; null for a dry run'),
          state: z
            .string()
            .describe(
              'requested (waiting for approval), approved, provisioning, ready, rejected, failed, cancelled',
            ),
          created: z.boolean(),
          email: z.string().describe('The root email the account gets'),
          targetOrganizationalUnit: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'action-request-account',
        {
          environment: input.environment,
          name: input.name,
          dryRun: String(Boolean(input.dryRun)),
        },
        credentials,
        async () => {
          const user = userCredentials(credentials);
          const { dryRun, ...body } = input;
          const needed = [aiGovernanceAccountCreatePermission];
          if (body.environment === 'production') {
            needed.push(aiGovernanceProductionAccountCreatePermission);
          }
          await access.requirePermissions(user, body.environment, needed);
          const owner = normalizeOwnerRef(body.owner);
          await access.requireOwnership(user, owner);
          const { request, created } = await service.create(
            { ...body, owner },
            user.principal.userEntityRef,
            { dryRun: Boolean(dryRun), canRead: await access.readableBy(user) },
          );
          const wire = service.toWire(request);
          return {
            output: {
              requestId: dryRun ? null : wire.id,
              state: wire.state,
              created,
              email: wire.email,
              targetOrganizationalUnit: wire.targetOrganizationalUnit,
            },
          };
        },
        'medium',
      ),
  });
}
