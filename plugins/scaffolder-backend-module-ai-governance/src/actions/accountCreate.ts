import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  AccountRequestRecord,
  AccountRequestState,
  CreateAccountRequestResponse,
} from '@internal/plugin-ai-governance-common';
import {
  ACCOUNT_EMAIL_PATTERN,
  ACCOUNT_ENVIRONMENTS,
  ACCOUNT_NAME_PATTERN,
  COST_CENTER_PATTERN,
  DATA_CLASSIFICATIONS,
  ENTITY_REF_PATTERN,
} from '@internal/plugin-ai-governance-node';
import { examples } from './accountCreate.examples';

/** Options of {@link createAccountCreateAction}. @public */
export interface AccountCreateActionOptions {
  /** Issues the token with which the action calls the ai-governance backend on behalf of the task's initiator. */
  auth: AuthService;
  /** Finds the ai-governance backend. */
  discovery: DiscoveryService;
  /** `app.baseUrl`, for the request and dashboard links. */
  appBaseUrl: string;
  /** How often to read the request while waiting for its account. Default 2000 ms. */
  pollIntervalMs?: number;
}

const [firstEnvironment, ...otherEnvironments] = ACCOUNT_ENVIRONMENTS;
const [firstClassification, ...otherClassifications] = DATA_CLASSIFICATIONS;

/** The request waits for a person: the task ends and reports it. */
const WAITING: AccountRequestState[] = ['requested'];
/** The request ended without an account. */
const REFUSED: AccountRequestState[] = ['rejected', 'cancelled', 'failed'];

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `ai-governance:account:create`: submits an account request to the ai-governance backend, with the credentials of
 * the user who started the task, so the backend checks that user's permissions, the root email policy and who
 * holds the account. A development request is provisioned by the backend at once: the action waits for it (the
 * task's cancel stops the wait, not the provisioning) and outputs the account. A production request waits for a
 * governance admin: the action ends at once with the request's id and link. Dry run checks and previews the request
 * without storing it.
 * @public
 */
export function createAccountCreateAction(options: AccountCreateActionOptions) {
  const base = options.appBaseUrl.replace(/\/+$/, '');
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  return createTemplateAction({
    id: 'ai-governance:account:create',
    description:
      'Requests an AWS account for AI work under the OU of its environment, tagged with owner, team, cost center, data classification, requesting user and task. Development accounts are created at once; production requests wait for a governance admin.',
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
              'Root email address; when absent or empty it comes from aiGovernance.vending.emailPattern. A given one must be in aiGovernance.vending.allowedEmailDomains',
            ),
      },
      output: {
        accountId: z =>
          z
            .string()
            .describe(
              'The 12-digit account id; empty while the request waits for approval',
            ),
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
          z
            .string()
            .describe(
              'The account in the AI Governance dashboard (the request, while it waits)',
            ),
        requestId: z => z.string().describe('The account request, req-…'),
        requestState: z =>
          z
            .string()
            .describe(
              'requested (waiting for approval), ready, or another request state',
            ),
        requestUrl: z =>
          z.string().describe('The request in the AI Governance portal'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      if (!ACCOUNT_ENVIRONMENTS.includes(input.environment as any)) {
        throw new InputError(
          `Environment "${
            input.environment
          }" is not known: use one of ${ACCOUNT_ENVIRONMENTS.join(', ')}.`,
        );
      }
      const baseUrl = await options.discovery.getBaseUrl('ai-governance');
      const initiator = await ctx.getInitiatorCredentials();
      const call = async (path: string, init: RequestInit = {}) => {
        const { token } = await options.auth.getPluginRequestToken({
          onBehalfOf: initiator,
          targetPluginId: 'ai-governance',
        });
        const res = await fetch(`${baseUrl}${path}`, {
          ...init,
          signal: ctx.signal,
          headers: {
            ...(init.body ? { 'Content-Type': 'application/json' } : {}),
            Authorization: `Bearer ${token}`,
          },
        });
        if (!res.ok) {
          const error = await ResponseError.fromResponse(res);
          // The backend's message says what to do; keep it first in the task log.
          throw new Error(error.body?.error?.message ?? error.message, {
            cause: error,
          });
        }
        return res.json();
      };

      const created = (await call(
        `/account-requests${ctx.isDryRun ? '?dryRun=true' : ''}`,
        {
          method: 'POST',
          body: JSON.stringify({
            name: input.name,
            environment: input.environment,
            owner: input.owner,
            costCenter: input.costCenter,
            dataClassification: input.dataClassification,
            purpose: input.purpose,
            ...(input.email ? { email: input.email } : {}),
            taskId: ctx.task.id,
          }),
        },
      )) as CreateAccountRequestResponse;
      let record: AccountRequestRecord = created.request;
      const requestUrl = (id: string) => `${base}/ai-governance/requests/${id}`;
      const dashboardUrl = (accountId: string) =>
        `${base}/ai-governance/nodes/${accountId}`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: the request is valid; account "${record.fields.name}" (${
            record.email
          }) for ${record.fields.owner} would be ${
            record.state === 'requested'
              ? 'submitted and wait for a governance admin'
              : 'approved at once and provisioned'
          }. Nothing was stored.`,
        );
        ctx.output('accountId', '000000000000');
        ctx.output('accountArn', '');
        ctx.output('organizationalUnitId', '');
        ctx.output('stackName', '');
        ctx.output('engine', '');
        ctx.output('dashboardUrl', dashboardUrl('000000000000'));
        ctx.output('requestId', '');
        ctx.output('requestState', record.state);
        ctx.output('requestUrl', '');
        return;
      }

      ctx.logger.info(
        created.created
          ? `Request ${record.id} submitted: ${record.state}`
          : `The same request exists already: ${record.id} (${record.state}); following it`,
      );
      ctx.output('requestId', record.id);
      ctx.output('requestUrl', requestUrl(record.id));

      if (WAITING.includes(record.state)) {
        ctx.logger.info(
          `Request ${
            record.id
          } submitted, waiting for approval by a governance admin: ${requestUrl(
            record.id,
          )}`,
        );
        ctx.output('requestState', record.state);
        ctx.output('accountId', '');
        ctx.output('accountArn', '');
        ctx.output('organizationalUnitId', '');
        ctx.output('stackName', '');
        ctx.output('engine', '');
        ctx.output('dashboardUrl', requestUrl(record.id));
        return;
      }

      let last = record.state;
      while (record.state !== 'ready') {
        if (REFUSED.includes(record.state)) {
          const why =
            record.state === 'failed'
              ? record.failureReason ?? 'see the request'
              : `${record.decidedBy ?? 'someone'}: ${
                  record.decisionComment ?? 'no comment'
                }`;
          throw new Error(
            `Request ${record.id} ended ${
              record.state
            } (${why}). Details: ${requestUrl(record.id)}`,
          );
        }
        if (WAITING.includes(record.state)) {
          throw new Error(
            `Request ${
              record.id
            } waits for approval again; follow it at ${requestUrl(record.id)}`,
          );
        }
        await sleep(pollIntervalMs, ctx.signal);
        record = (await call(
          `/account-requests/${encodeURIComponent(record.id)}`,
        )) as AccountRequestRecord;
        if (record.state !== last) {
          ctx.logger.info(
            `Request ${record.id}: ${last} → ${record.state}${
              record.engine ? ` (engine ${record.engine})` : ''
            }`,
          );
          last = record.state;
        }
      }

      const accountId = record.accountId ?? '';
      ctx.logger.info(
        `Account ${accountId} is ready in ${
          record.organizationalUnitId ?? 'its OU'
        }`,
      );
      ctx.output('requestState', record.state);
      ctx.output('accountId', accountId);
      ctx.output('accountArn', record.accountArn ?? '');
      ctx.output('organizationalUnitId', record.organizationalUnitId ?? '');
      ctx.output('stackName', record.runLogRef ?? '');
      ctx.output('engine', record.engine ?? '');
      ctx.output('dashboardUrl', dashboardUrl(accountId));
    },
  });
}
