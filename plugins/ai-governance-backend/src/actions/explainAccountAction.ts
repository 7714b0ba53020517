/**
 * `ai-governance:explain-account`: one account's OU path, state, tags, the policies it inherits level by level, and
 * whether it may invoke Bedrock models. Checks the permission of GET /nodes/:id.
 */
import { InputError } from '@backstage/errors';
import {
  aiGovernanceTreeReadPermission,
  type OrgNode,
  type OrgSnapshot,
  simulate,
} from '@internal/plugin-ai-governance-common';
import { audited, requirePermission } from './actionSupport';
import {
  decisionOutput,
  policyEngine,
  type ReadActionContext,
} from './readActionContext';

/** Registers `ai-governance:explain-account`. */
export function registerExplainAccountAction(context: ReadActionContext): void {
  const { actionsRegistry, permissions, auditor } = context;
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
        z
          .object({
            account: z
              .string()
              .min(1)
              .max(256)
              .describe('The account id (123456789012) or name'),
          })
          .strict(),
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
            decision: decisionOutput(z),
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
          const view = await context.snapshotView();
          const account = findAccount(view.snapshot, input.account);
          const node = view.node(account.id)!;
          const bedrock = policyEngine(() =>
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
