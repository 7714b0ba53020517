/**
 * The read-only actions in Backstage's actions registry (exposed to AI agents by the MCP actions backend):
 * `ai-governance:can-it`, `ai-governance:who-can`, `ai-governance:lint-policy` and `ai-governance:explain-account`.
 * Each checks the permission its HTTP route checks (POST /simulate, POST /who-can, POST /lint, GET /nodes/:id) with
 * the caller's credentials; like the routes, they accept users and services. docs/catalog.md has example calls.
 */
import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  aiGovernancePolicyReadPermission,
  aiGovernanceTreeReadPermission,
  type EvaluateOptions,
  type IamCatalog,
  lintPolicyWithCatalog,
  type OrgNode,
  type OrgSnapshot,
  policySize,
  PolicyEngineError,
  type PolicyLimits,
  simulate,
  toLintPolicyType,
  whoCan,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import type { SnapshotView } from '../services/inventory/SnapshotView';

/** What the actions need of the plugin. */
export interface ReadActionsOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The inventory's current view, or undefined while no snapshot was taken yet. */
  getView: () => Promise<SnapshotView | undefined>;
  limits?: PolicyLimits;
  /** The iam-data catalog; defaults to the installed files. */
  catalog?: Promise<IamCatalog>;
}

const ACTION_PATTERN = /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/;
const CONDITION_KEY_PATTERN = /^[A-Za-z0-9-]+:\S+$/;

/** Throws NotAllowedError unless the caller holds `permission`; records the refusal on the audit event. */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
  doing: string,
): Promise<void> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not ${doing}: missing permission ${permission.name}; ask an AI governance admin for it.`,
    );
  }
}

/** The caller's principal: `type` is user, service or none; users have an entity ref. */
export function principalOf(credentials: BackstageCredentials): {
  type: string;
  userEntityRef?: string;
} {
  return credentials.principal as { type: string; userEntityRef?: string };
}

/** Runs an action's work behind an audit event (`action-<name>`), as the routes' guard does for requests. */
export async function audited<T>(
  auditor: AuditorService | undefined,
  eventId: string,
  meta: Record<string, string | undefined>,
  credentials: BackstageCredentials,
  work: () => Promise<T>,
  severityLevel: 'low' | 'medium' = 'low',
): Promise<T> {
  const event = await auditor?.createEvent({
    eventId,
    severityLevel,
    meta: Object.fromEntries(
      Object.entries({
        ...meta,
        principal:
          principalOf(credentials).userEntityRef ??
          principalOf(credentials).type,
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
  });
  try {
    const result = await work();
    await event?.success();
    return result;
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
}

function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PolicyEngineError) throw new InputError(e.message);
    throw e;
  }
}

/** Registers the four read-only actions. */
export function registerReadActions(options: ReadActionsOptions): void {
  const { actionsRegistry, permissions, auditor } = options;
  const iamCatalog = () => options.catalog ?? loadIamDataCatalog();

  async function snapshotView(): Promise<SnapshotView> {
    const view = await options.getView();
    if (!view) {
      throw new Error(
        'The AI Governance inventory has no snapshot of the organization yet (the first crawl is under way); try again in a minute.',
      );
    }
    return view;
  }
  async function evaluateOptions(action: string): Promise<EvaluateOptions> {
    const catalog = await iamCatalog();
    await catalog.ensureServices?.([action.split(':')[0]]);
    return { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
  }

  const deciding = (z: any) =>
    z.object({
      policyId: z.string(),
      policyName: z.string(),
      statementIndex: z.number(),
      sid: z.string().optional(),
      effect: z.enum(['Allow', 'Deny']),
    });
  const decision = (z: any) =>
    z
      .enum(['Allowed', 'ExplicitDeny', 'ImplicitDeny'])
      .describe(
        'Allowed; ExplicitDeny (a Deny statement matched); ImplicitDeny (no Allow at some level)',
      );

  actionsRegistry.register({
    name: 'can-it',
    title: 'Can this AWS account do it?',
    description: [
      'Answers whether the service and resource control policies of the AWS organization allow one request from one account:',
      'may account X perform action A (like bedrock:InvokeModel) on resource R, with the given request context (like aws:RequestedRegion)?',
      'Returns the decision, a one-sentence explanation and the statement that decided it (the Deny that matched, or the level with no Allow).',
      'Only organization policies are evaluated: IAM policies inside the account can still deny what this allows.',
      'The account may be given by its 12-digit id or its name; an OU id or name asks about a new account placed directly in that OU.',
      'Give aws:RequestedRegion in context: organizations with a region lock deny requests that name no approved region.',
      'Use ai-governance:who-can to ask about every account at once.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z.object({
          account: z
            .string()
            .min(1)
            .max(256)
            .describe(
              'The account id (123456789012) or name; or an OU id or name for a hypothetical new account in it',
            ),
          action: z
            .string()
            .regex(
              ACTION_PATTERN,
              'an action looks like service:Action, e.g. bedrock:InvokeModel',
            )
            .describe('The IAM action, e.g. bedrock:InvokeModel'),
          resource: z
            .string()
            .max(2048)
            .optional()
            .describe(
              'The resource ARN, e.g. arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0; default *',
            ),
          context: z
            .record(
              z.string().regex(CONDITION_KEY_PATTERN),
              z.union([
                z.string().max(2048),
                z.array(z.string().max(2048)).max(100),
              ]),
            )
            .optional()
            .describe(
              'Request context keys, e.g. { "aws:RequestedRegion": "eu-west-1" }',
            ),
          principalArn: z
            .string()
            .max(2048)
            .optional()
            .describe('The calling principal; default a role in the account'),
        }),
      output: z =>
        z.object({
          decision: decision(z),
          explanation: z.string(),
          decidingStatements: z
            .array(
              deciding(z).extend({
                nodeId: z.string(),
                nodeName: z.string(),
                policyType: z.string(),
              }),
            )
            .describe(
              'The statements that decided: the Deny that matched, or the Allows that let it through',
            ),
          byType: z.record(z.string(), z.string()),
          exemptions: z.array(z.string()).optional(),
          snapshotTime: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'action-can-it',
        { account: input.account, action: input.action },
        credentials,
        async () => {
          await requirePermission(
            permissions,
            credentials,
            aiGovernancePolicyReadPermission,
            'evaluate organization policies',
          );
          const view = await snapshotView();
          const evaluate = await evaluateOptions(input.action);
          const result = engine(() =>
            simulate(
              view.snapshot,
              {
                target: input.account,
                action: input.action,
                resource: input.resource,
                context: input.context,
                principalArn: input.principalArn,
              },
              evaluate,
            ),
          );
          const decisive = result.levels.filter(l =>
            result.decision === 'Allowed'
              ? l.decision === 'Allowed'
              : l.decision !== 'Allowed',
          );
          return {
            output: {
              decision: result.decision,
              explanation: result.explanation,
              decidingStatements: (result.decision === 'Allowed'
                ? decisive
                : decisive.slice(0, 1)
              ).flatMap(l =>
                l.deciding.map(d => ({
                  policyId: d.policyId,
                  policyName: d.policyName,
                  statementIndex: d.statementIndex,
                  sid: d.sid,
                  effect: d.effect,
                  nodeId: l.node.id,
                  nodeName: l.node.name,
                  policyType: l.policyType,
                })),
              ),
              byType: result.byType as Record<string, string>,
              exemptions: result.exemptions,
              snapshotTime: view.snapshot.capturedAt,
            },
          };
        },
      ),
  });

  actionsRegistry.register({
    name: 'who-can',
    title: 'Which AWS accounts may do it?',
    description: [
      'Lists which accounts of the AWS organization the service and resource control policies allow to perform an action',
      '(like bedrock:InvokeModel) on a resource, and for each denied account the first level and statement that denies it.',
      'Optionally only the accounts under one OU (id or name). Only organization policies are evaluated.',
      'Give aws:RequestedRegion in context: organizations with a region lock deny requests that name no approved region.',
      'Use ai-governance:can-it for one account with its full explanation.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z.object({
          action: z
            .string()
            .regex(
              ACTION_PATTERN,
              'an action looks like service:Action, e.g. bedrock:InvokeModel',
            )
            .describe('The IAM action, e.g. bedrock:InvokeModel'),
          resource: z
            .string()
            .max(2048)
            .optional()
            .describe('The resource ARN; default *'),
          context: z
            .record(
              z.string().regex(CONDITION_KEY_PATTERN),
              z.union([
                z.string().max(2048),
                z.array(z.string().max(2048)).max(100),
              ]),
            )
            .optional()
            .describe(
              'Request context keys, e.g. { "aws:RequestedRegion": "eu-west-1" }',
            ),
          under: z
            .string()
            .min(1)
            .max(256)
            .optional()
            .describe('Only accounts under this OU (id or name)'),
        }),
      output: z =>
        z.object({
          action: z.string(),
          resource: z.string(),
          allowed: z
            .array(z.object({ id: z.string(), name: z.string() }))
            .describe('Accounts the organization policies allow'),
          denied: z
            .array(
              z.object({
                id: z.string(),
                name: z.string(),
                decision: decision(z),
                deniedAt: z
                  .object({
                    nodeId: z.string(),
                    nodeName: z.string(),
                    policyType: z.string(),
                  })
                  .optional(),
                deniedBy: deciding(z).optional(),
              }),
            )
            .describe('Accounts denied, with where and by which statement'),
          snapshotTime: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'action-who-can',
        { action: input.action, under: input.under },
        credentials,
        async () => {
          await requirePermission(
            permissions,
            credentials,
            aiGovernancePolicyReadPermission,
            'evaluate organization policies',
          );
          const view = await snapshotView();
          const evaluate = await evaluateOptions(input.action);
          const result = engine(() => whoCan(view.snapshot, input, evaluate));
          return {
            output: {
              action: result.action,
              resource: result.resource,
              allowed: result.allowed.map(a => ({ id: a.id, name: a.name })),
              denied: result.denied.map(a => ({
                id: a.id,
                name: a.name,
                decision: a.decision,
                deniedAt: a.deniedAt,
                deniedBy: a.deniedBy && {
                  policyId: a.deniedBy.policyId,
                  policyName: a.deniedBy.policyName,
                  statementIndex: a.deniedBy.statementIndex,
                  sid: a.deniedBy.sid,
                  effect: a.deniedBy.effect,
                },
              })),
              snapshotTime: view.snapshot.capturedAt,
            },
          };
        },
      ),
  });

  actionsRegistry.register({
    name: 'lint-policy',
    title: 'Lint an AWS Organizations policy',
    description: [
      'Checks the text of a service control policy (SCP), resource control policy (RCP), AI services opt-out policy or tag policy',
      'before it is attached: JSON and grammar errors, unknown actions and condition keys, size against the AWS quota,',
      'and the rules AWS enforces per policy type. Returns findings with line and column; an empty list means no problem found.',
      'Nothing is stored or attached.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernancePolicyReadPermission,
    schema: {
      input: z =>
        z.object({
          content: z
            .string()
            .max(200_000)
            .describe('The policy document, as JSON text'),
          type: z
            .string()
            .refine(
              t => toLintPolicyType(t) !== undefined,
              'type is SCP, RCP, AISERVICES_OPT_OUT_POLICY or TAG_POLICY',
            )
            .describe('SCP, RCP, AISERVICES_OPT_OUT_POLICY or TAG_POLICY'),
          name: z
            .string()
            .max(128)
            .optional()
            .describe('The policy name, when it matters (RCPFullAWSAccess)'),
        }),
      output: z =>
        z.object({
          type: z.string(),
          size: z.number().describe('Characters as AWS counts them'),
          findings: z.array(
            z.object({
              code: z.string(),
              severity: z.string(),
              message: z.string(),
              line: z.number(),
              column: z.number(),
              statementIndex: z.number().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'action-lint-policy',
        { type: input.type },
        credentials,
        async () => {
          await requirePermission(
            permissions,
            credentials,
            aiGovernancePolicyReadPermission,
            'lint policies',
          );
          const type = toLintPolicyType(input.type)!;
          const catalog = await iamCatalog();
          const findings = await lintPolicyWithCatalog(input.content, {
            type,
            limits: options.limits,
            catalog,
            policyName: input.name,
          });
          return {
            output: {
              type,
              size: policySize(input.content),
              findings: findings.map(f => ({
                code: f.code,
                severity: f.severity,
                message: f.message,
                line: f.line,
                column: f.column,
                statementIndex: f.statementIndex,
              })),
            },
          };
        },
      ),
  });

  actionsRegistry.register({
    name: 'explain-account',
    title: 'Explain an AWS account',
    description: [
      'Describes one account of the AWS organization: its OU path, state, tags (owner, environment, cost center),',
      'the policies attached to it and those it inherits level by level from the root, and whether the organization',
      'policies let it invoke Bedrock models (bedrock:InvokeModel on any resource).',
      'Give the 12-digit account id or the account name.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    visibilityPermission: aiGovernanceTreeReadPermission,
    schema: {
      input: z =>
        z.object({
          account: z
            .string()
            .min(1)
            .max(256)
            .describe('The account id (123456789012) or name'),
        }),
      output: z =>
        z.object({
          id: z.string(),
          name: z.string(),
          state: z.string().optional(),
          ouPath: z.string().describe('Root/…/account name'),
          tags: z.record(z.string(), z.string()),
          inherited: z
            .array(
              z.object({
                nodeId: z.string(),
                nodeName: z.string(),
                policies: z.array(
                  z.object({
                    id: z.string(),
                    name: z.string(),
                    type: z.string(),
                  }),
                ),
              }),
            )
            .describe('Root first; the last level is the account itself'),
          bedrockInvokeModel: z.object({
            decision: decision(z),
            explanation: z.string(),
          }),
          snapshotTime: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'action-explain-account',
        { account: input.account },
        credentials,
        async () => {
          await requirePermission(
            permissions,
            credentials,
            aiGovernanceTreeReadPermission,
            'read the organization',
          );
          const view = await snapshotView();
          const account = findAccount(view.snapshot, input.account);
          const node = view.node(account.id)!;
          const bedrock = engine(() =>
            simulate(
              view.snapshot,
              { target: account.id, action: 'bedrock:InvokeModel' },
              {},
            ),
          );
          return {
            output: {
              id: account.id,
              name: account.name,
              state: account.state,
              ouPath: node.path
                .map(n => (n.kind === 'root' ? 'Root' : n.name))
                .join('/'),
              tags: account.tags ?? {},
              inherited: node.inherited.map(level => ({
                nodeId: level.node.id,
                nodeName: level.node.name,
                policies: level.policies.map(p => ({
                  id: p.id,
                  name: p.name,
                  type: p.type,
                })),
              })),
              bedrockInvokeModel: {
                decision: bedrock.decision,
                explanation: bedrock.explanation,
              },
              snapshotTime: view.snapshot.capturedAt,
            },
          };
        },
      ),
  });
}

/** An account by id, or by name when exactly one account has it; InputError saying what to give otherwise. */
function findAccount(snapshot: OrgSnapshot, idOrName: string): OrgNode {
  const key = idOrName.trim();
  const accounts = snapshot.nodes.filter(n => n.kind === 'account');
  const byId = accounts.find(a => a.id === key);
  if (byId) return byId;
  const byName = accounts.filter(
    a => a.name.toLowerCase() === key.toLowerCase(),
  );
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw new InputError(
      `${byName.length} accounts are named "${key}" (${byName
        .map(a => a.id)
        .join(', ')}): give the account id instead`,
    );
  }
  throw new InputError(
    `No account with id or name "${key.slice(
      0,
      80,
    )}" in the organization; account ids have 12 digits`,
  );
}
