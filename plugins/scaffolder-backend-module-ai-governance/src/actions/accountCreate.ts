import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  aiGovernanceAccountCreatePermission,
  aiGovernanceProductionAccountCreatePermission,
} from '@internal/plugin-ai-governance-common';
import {
  ACCOUNT_EMAIL_PATTERN,
  ACCOUNT_ENVIRONMENTS,
  ACCOUNT_NAME_PATTERN,
  AccountVendingResult,
  AccountVendor,
  COST_CENTER_PATTERN,
  DATA_CLASSIFICATIONS,
  ENTITY_REF_PATTERN,
  accountStackName,
} from '@internal/plugin-ai-governance-node';
import { examples } from './accountCreate.examples';

/** Told about every account the action vended, e.g. to refresh the inventory. @public */
export type AccountVendedListener = (
  result: AccountVendingResult,
  logger: LoggerService,
) => Promise<void>;

/** Options of {@link createAccountCreateAction}. @public */
export interface AccountCreateActionOptions {
  /** The vendor, made on first use (it reads config and builds the Organizations client). */
  getVendor: () => Promise<AccountVendor>;
  permissions: PermissionsService;
  /** `app.baseUrl`, for the dashboard link. */
  appBaseUrl: string;
  onAccountVended?: AccountVendedListener;
}

const [firstEnvironment, ...otherEnvironments] = ACCOUNT_ENVIRONMENTS;
const [firstClassification, ...otherClassifications] = DATA_CLASSIFICATIONS;

/**
 * `ai-governance:account:create`: vends an AI account (development or production) through Pulumi or the
 * Organizations API, as configured. Dry run previews; the creation runs inside a checkpoint so that a retried
 * task does not run it twice; the task's signal cancels it.
 * @public
 */
export function createAccountCreateAction(options: AccountCreateActionOptions) {
  return createTemplateAction({
    id: 'ai-governance:account:create',
    description:
      'Creates an AWS account for AI work under the OU of its environment, tagged with owner, team, cost center, data classification, requesting user and task.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(ACCOUNT_NAME_PATTERN)
            .describe(
              'Account name: 3 to 50 letters, digits, spaces, dots, dashes or underscores',
            ),
        environment: z =>
          z
            .enum([firstEnvironment, ...otherEnvironments] as [
              string,
              ...string[],
            ])
            .describe('development or production'),
        owner: z =>
          z
            .string()
            .regex(ENTITY_REF_PATTERN)
            .describe(
              'Entity ref of the owning group, e.g. group:default/ml-platform',
            ),
        costCenter: z =>
          z
            .string()
            .regex(COST_CENTER_PATTERN)
            .describe('Cost center, e.g. CC-1234'),
        dataClassification: z =>
          z
            .enum([firstClassification, ...otherClassifications] as [
              string,
              ...string[],
            ])
            .describe('public, internal, confidential or restricted'),
        purpose: z =>
          z.string().min(1).max(1000).describe('What the account is for'),
        email: z =>
          z
            .union([z.string().regex(ACCOUNT_EMAIL_PATTERN), z.literal('')])
            .optional()
            .describe(
              'Root email address; when absent or empty it comes from aiGovernance.vending.emailPattern',
            ),
      },
      output: {
        accountId: z => z.string().describe('The 12-digit account id'),
        accountArn: z => z.string().describe('The account ARN'),
        organizationalUnitId: z =>
          z.string().describe('The OU the account is in'),
        stackName: z =>
          z
            .string()
            .describe(
              'The Pulumi stack (or, for the direct engine, the request key)',
            ),
        engine: z =>
          z.string().describe('pulumi or organizations-api: which engine ran'),
        dashboardUrl: z =>
          z.string().describe('The account in the AI Governance dashboard'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const environment = input.environment;
      if (!ACCOUNT_ENVIRONMENTS.includes(environment as any)) {
        throw new InputError(
          `Environment "${environment}" is not known: use one of ${ACCOUNT_ENVIRONMENTS.join(
            ', ',
          )}.`,
        );
      }

      const needed = [aiGovernanceAccountCreatePermission];
      if (environment === 'production') {
        needed.push(aiGovernanceProductionAccountCreatePermission);
      }
      const credentials = await ctx.getInitiatorCredentials();
      const decisions = await options.permissions.authorize(
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
            .join(' and ')} permission.`,
        );
      }

      const vendor = await options.getVendor();
      const request = vendor.resolveRequest({
        name: input.name,
        environment: environment as 'development' | 'production',
        owner: input.owner,
        costCenter: input.costCenter,
        dataClassification: input.dataClassification as any,
        purpose: input.purpose,
        email: input.email,
        requestedBy: ctx.user?.ref ?? 'user:default/unknown',
        taskId: ctx.task.id,
      });
      const run = { logger: ctx.logger, signal: ctx.signal };
      const dashboardUrl = (accountId: string) =>
        `${options.appBaseUrl.replace(
          /\/+$/,
          '',
        )}/ai-governance/nodes/${accountId}`;

      if (ctx.isDryRun) {
        const plan = await vendor.preview(request, run);
        ctx.logger.info(
          `Dry run with ${plan.engine}: would ${
            plan.action === 'none' ? 'change nothing for' : plan.action
          } account "${request.name}" (${request.email}) in ${
            plan.organizationalUnitId
          }`,
        );
        for (const change of plan.changes) {
          ctx.logger.info(`  ${change}`);
        }
        const accountId = plan.accountId ?? '000000000000';
        ctx.output('accountId', accountId);
        ctx.output('accountArn', '');
        ctx.output('organizationalUnitId', plan.organizationalUnitId);
        ctx.output('stackName', plan.stackName);
        ctx.output('engine', plan.engine);
        ctx.output('dashboardUrl', dashboardUrl(accountId));
        return;
      }

      const result = await ctx.checkpoint({
        key: `ai-governance.account.create.${accountStackName(request)}`,
        fn: async () => {
          const applied = await vendor.apply(request, run);
          return { ...applied };
        },
      });

      ctx.output('accountId', result.accountId);
      ctx.output('accountArn', result.accountArn);
      ctx.output('organizationalUnitId', result.organizationalUnitId);
      ctx.output('stackName', result.stackName);
      ctx.output('engine', result.engine);
      ctx.output('dashboardUrl', dashboardUrl(result.accountId));

      if (options.onAccountVended) {
        try {
          await options.onAccountVended(result, ctx.logger);
        } catch (error) {
          ctx.logger.warn(
            `Account ${
              result.accountId
            } is ready, but the dashboard was not told about it (${
              (error as Error)?.message
            }); it shows up after the next refresh.`,
          );
        }
      }
    },
  });
}
