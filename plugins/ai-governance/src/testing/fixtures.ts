/* Test data: a small organization with its policies, and a fake API that evaluates against it. */
import type {
  AccountRequestEvent,
  AccountRequestRecord,
  AccountRequestState,
  BaselineDrift,
  NodeResponse,
  OrgNode,
  OrgSnapshot,
  PolicyResponse,
  PolicySummary,
  PostureFinding,
  SimulationRequest,
  SimulationResult,
  StatusResponse,
  TreeResponse,
  WhatIfChangeSet,
  WhoCanResult,
} from '@internal/plugin-ai-governance-common';
import { previewWhatIf } from '@internal/plugin-ai-governance-common';
import type { AiGovernanceApi } from '../api';

/** A small organization used by the component tests. */
export const SNAPSHOT_TIME = '2026-11-28T00:00:00.000Z';

export const APPROVED_MODELS_CONTENT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyUnapprovedModels",
      "Effect": "Deny",
      "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      "NotResource": [
        "arn:aws:bedrock:*::foundation-model/anthropic.*",
        "arn:aws:bedrock:*::foundation-model/amazon.*"
      ]
    },
    {
      "Sid": "DenyLeaveOrg",
      "Effect": "Deny",
      "Action": "organizations:LeaveOrganization",
      "Resource": "*"
    }
  ]
}`;

const FULL_ACCESS = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`;

export const policies: PolicySummary[] = [
  {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: true,
    targetCount: 1,
    size: FULL_ACCESS.length,
  },
  {
    id: 'p-approvedmodels',
    name: 'ApprovedBedrockModels',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    targetCount: 1,
    size: APPROVED_MODELS_CONTENT.length,
  },
  {
    id: 'p-optout',
    name: 'AiOptOutAll',
    type: 'AISERVICES_OPT_OUT_POLICY',
    awsManaged: false,
    targetCount: 1,
    size: 100,
  },
];

export const nodes: OrgNode[] = [
  {
    id: 'r-demo',
    kind: 'root',
    name: 'Root',
    tags: {},
    policyIds: ['p-FullAWSAccess', 'p-optout'],
  },
  {
    id: 'ou-demo-prod',
    kind: 'ou',
    name: 'AI Production',
    parentId: 'r-demo',
    tags: { owner: 'platform' },
    policyIds: ['p-approvedmodels'],
  },
  {
    id: 'ou-demo-dev',
    kind: 'ou',
    name: 'AI Development',
    parentId: 'r-demo',
    tags: {},
    policyIds: [],
  },
  {
    id: '111111111111',
    kind: 'account',
    name: 'ml-inference-prod',
    parentId: 'ou-demo-prod',
    email: 'ml-prod@example.com',
    state: 'ACTIVE',
    tags: { owner: 'ml-team', costCenter: 'cc-42' },
    policyIds: [],
  },
  {
    id: '222222222222',
    kind: 'account',
    name: 'ml-sandbox',
    parentId: 'ou-demo-dev',
    email: 'sandbox@example.com',
    state: 'SUSPENDED',
    tags: { owner: 'research' },
    policyIds: [],
  },
];

export const tree: TreeResponse = {
  organization: { id: 'o-demo', managementAccountId: '000000000000' },
  nodes,
  policies,
  snapshotTime: SNAPSHOT_TIME,
};

const pick = (n: OrgNode) => ({ id: n.id, kind: n.kind, name: n.name });
const byId = (id: string) => nodes.find(n => n.id === id)!;
const pol = (id: string) => policies.find(p => p.id === id)!;

export function nodeResponse(id: string): NodeResponse {
  const node = byId(id);
  const chain: OrgNode[] = [];
  for (
    let cur: OrgNode | undefined = node;
    cur;
    cur = cur.parentId ? byId(cur.parentId) : undefined
  ) {
    chain.unshift(cur);
  }
  return {
    node,
    path: chain.map(pick),
    attached: node.policyIds.map(pol),
    inherited: chain.map(n => ({
      node: pick(n),
      policies: n.policyIds.map(pol),
    })),
    snapshotTime: SNAPSHOT_TIME,
  };
}

export function policyResponse(id: string): PolicyResponse {
  const summary = pol(id);
  const contents: Record<string, string> = {
    'p-approvedmodels': APPROVED_MODELS_CONTENT,
    'p-FullAWSAccess': FULL_ACCESS,
    'p-optout':
      '{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}',
  };
  const content = contents[id];
  return {
    policy: { ...summary, content, description: 'Demo policy' },
    targets: nodes.filter(n => n.policyIds.includes(id)).map(pick),
    snapshotTime: SNAPSHOT_TIME,
  };
}

/**
 * The fixture organization as a snapshot with its policies' documents, FullAWSAccess attached to every OU and
 * account as AWS attaches it by default (without it, an SCP layer allows nothing), for the real engines.
 */
export function snapshotWithFullAccess(): OrgSnapshot {
  return {
    organization: tree.organization,
    nodes: nodes.map(n =>
      n.kind !== 'root'
        ? { ...n, policyIds: ['p-FullAWSAccess', ...n.policyIds] }
        : n,
    ),
    policies: policies.map(p => ({
      ...p,
      content: policyResponse(p.id).policy.content,
    })),
    capturedAt: SNAPSHOT_TIME,
  };
}

/** Denies bedrock:InvokeModel on models other than anthropic.* and amazon.* under AI Production. */
export function simulate(req: SimulationRequest): SimulationResult {
  const underProd = nodeResponse(
    byId(req.target) ? req.target : '111111111111',
  ).path.some(p => p.id === 'ou-demo-prod');
  const resource = req.resource ?? '*';
  const denied =
    underProd &&
    req.action === 'bedrock:InvokeModel' &&
    !/foundation-model\/(anthropic|amazon)\./.test(resource);
  const levels = nodeResponse(req.target).inherited.map(level => {
    const isProd = level.node.id === 'ou-demo-prod';
    if (denied && isProd) {
      return {
        node: level.node,
        policyType: 'SERVICE_CONTROL_POLICY' as const,
        decision: 'ExplicitDeny' as const,
        deciding: [
          {
            policyId: 'p-approvedmodels',
            policyName: 'ApprovedBedrockModels',
            statementIndex: 0,
            sid: 'DenyUnapprovedModels',
            effect: 'Deny' as const,
            line: 4,
            endLine: 12,
          },
        ],
      };
    }
    return {
      node: level.node,
      policyType: 'SERVICE_CONTROL_POLICY' as const,
      decision: 'Allowed' as const,
      deciding: [
        {
          policyId: 'p-FullAWSAccess',
          policyName: 'FullAWSAccess',
          statementIndex: 0,
          effect: 'Allow' as const,
        },
      ],
    };
  });
  return {
    decision: denied ? 'ExplicitDeny' : 'Allowed',
    byType: { SERVICE_CONTROL_POLICY: denied ? 'ExplicitDeny' : 'Allowed' },
    levels,
    explanation: denied
      ? 'DenyUnapprovedModels in ApprovedBedrockModels at AI Production denies it.'
      : 'Every level allows it and nothing denies it.',
  };
}

export const status: StatusResponse = {
  snapshotTime: SNAPSHOT_TIME,
  snapshotAgeSeconds: 300,
  refreshing: false,
  source: { kind: 'sandbox' },
};

export function whoCan(req: Omit<SimulationRequest, 'target'>): WhoCanResult {
  const accounts = nodes.filter(n => n.kind === 'account');
  const allowed = [];
  const denied = [];
  for (const a of accounts) {
    const r = simulate({ ...req, target: a.id });
    if (r.decision === 'Allowed') {
      allowed.push({
        id: a.id,
        name: a.name,
        parentId: a.parentId,
        decision: r.decision,
      });
    } else {
      const stmt = r.levels.find(l => l.decision === 'ExplicitDeny')!;
      denied.push({
        id: a.id,
        name: a.name,
        parentId: a.parentId,
        decision: r.decision,
        deniedBy: {
          ...stmt.deciding[0],
          nodeId: stmt.node.id,
          nodeName: stmt.node.name,
        },
      });
    }
  }
  return {
    action: req.action,
    resource: req.resource ?? '*',
    allowed,
    denied,
    distinctChains: 2,
  };
}

/** The fixture organization compared with a baseline it has drifted from: one of each common kind. */
export const drift: BaselineDrift = {
  inSync: false,
  baseline: 'demo-baseline',
  snapshotTime: SNAPSHOT_TIME,
  items: [
    {
      kind: 'policy-changed',
      policyName: 'ApprovedBedrockModels',
      policyType: 'SERVICE_CONTROL_POLICY',
      policyId: 'p-approvedmodels',
      message:
        "Policy ApprovedBedrockModels differs from the baseline's document.",
    },
    {
      kind: 'ou-missing',
      path: 'Root/AI/Staging',
      message: 'OU Root/AI/Staging does not exist.',
    },
    {
      kind: 'attachment-missing',
      path: 'Root/AI Production',
      nodeId: 'ou-demo-prod',
      policyName: 'DenyLeaveOrganization',
      policyType: 'SERVICE_CONTROL_POLICY',
      message: 'DenyLeaveOrganization is not attached to Root/AI Production.',
    },
    {
      kind: 'attachment-extra',
      path: 'Root',
      nodeId: 'r-demo',
      policyName: 'AiOptOutAll',
      policyType: 'AISERVICES_OPT_OUT_POLICY',
      policyId: 'p-optout',
      message: 'AiOptOutAll is attached to Root but not in the baseline.',
    },
  ],
};

/** The signed-in user of the component tests (the test app's default identity is the guest). */
export const ME = 'user:default/guest';
export const ADMIN = 'user:default/demo-admin';

const CREATED = '2026-12-01T09:00:00.000Z';

/** An account request in a given state, with the history that leads there. */
export function accountRequest(
  id: string,
  state: AccountRequestState,
  overrides: Partial<AccountRequestRecord> = {},
): AccountRequestRecord {
  const requestedBy = overrides.requestedBy ?? ME;
  const history: AccountRequestEvent[] = [
    { to: 'requested', actor: requestedBy, at: CREATED },
  ];
  const step = (
    from: AccountRequestState,
    to: AccountRequestState,
    actor: string,
    comment?: string,
  ) =>
    history.push({
      from,
      to,
      actor,
      comment,
      at: `2026-12-01T1${history.length}:00:00.000Z`,
    });
  const decided = ['approved', 'provisioning', 'ready', 'failed'].includes(
    state,
  );
  if (decided) step('requested', 'approved', ADMIN, 'Budget confirmed');
  if (state === 'rejected')
    step('requested', 'rejected', ADMIN, 'Use the shared inference account');
  if (state === 'cancelled')
    step('requested', 'cancelled', requestedBy, 'No longer needed');
  if (['provisioning', 'ready', 'failed'].includes(state)) {
    step('approved', 'provisioning', 'service:ai-governance');
  }
  if (state === 'ready') step('provisioning', 'ready', 'service:ai-governance');
  if (state === 'failed')
    step('provisioning', 'failed', 'service:ai-governance');
  return {
    id,
    state,
    fields: {
      name: `ML ${id}`,
      environment: 'production',
      owner: 'group:default/ml-platform',
      costCenter: 'CC-1234',
      dataClassification: 'confidential',
      purpose: 'Serve the recommendation model',
    },
    email: `aws+ml-${id}@example.com`,
    requestedBy,
    // The fixture organization's OU of the environment, by its path (as the backend serves the configured one).
    targetOrganizationalUnit:
      (overrides.fields?.environment ?? 'production') === 'production'
        ? 'AI Production'
        : 'AI Development',
    ...(decided || state === 'rejected'
      ? {
          decidedBy: ADMIN,
          decisionComment: history[1].comment,
        }
      : {}),
    ...(state === 'ready' ? { accountId: '333333333333' } : {}),
    ...(state === 'failed'
      ? {
          failureReason:
            'AWS refused the account: the email is already in use by another account.',
        }
      : {}),
    createdAt: CREATED,
    updatedAt: history[history.length - 1].at,
    history,
    ...overrides,
  };
}

/** A fake API whose methods are jest mocks answering from the fixture organization. */
export function createFakeApi(overrides: Partial<AiGovernanceApi> = {}) {
  const notFound = (what: string) =>
    Object.assign(new Error(`${what} not found`), {
      name: 'NotFoundError',
      statusCode: 404,
    });
  const api = {
    getTree: jest.fn(async () => tree),
    getNode: jest.fn(async (id: string) => {
      if (!nodes.some(n => n.id === id)) throw notFound(`Node ${id}`);
      return nodeResponse(id);
    }),
    getEffectivePolicies: jest.fn(async (id: string) => {
      const node = nodes.find(n => n.id === id);
      if (!node) throw notFound(`Node ${id}`);
      return {
        account: { id: node.id, kind: node.kind, name: node.name },
        types: [],
        snapshotTime: tree.snapshotTime,
      };
    }),
    getPosture: jest.fn(async () => ({
      findings: [] as PostureFinding[],
      accountsChecked: nodes.filter(n => n.kind === 'account').length,
      chainsChecked: 1,
      modelsAsOf: '2026-12-01',
      snapshotTime: SNAPSHOT_TIME,
    })),
    getPolicy: jest.fn(async (id: string) => {
      if (!policies.some(p => p.id === id)) throw notFound(`Policy ${id}`);
      return policyResponse(id);
    }),
    getStatus: jest.fn(async () => status),
    refresh: jest.fn(async () => undefined),
    lint: jest.fn(async (content: string) => ({
      findings: content.includes('NotResource')
        ? [
            {
              code: 'NOT_RESOURCE_WITH_DENY',
              severity: 'warning' as const,
              message:
                'Deny with NotResource denies everything else; check the list is complete.',
              line: 7,
              column: 7,
            },
          ]
        : [],
    })),
    simulate: jest.fn(async (req: SimulationRequest) => simulate(req)),
    whoCan: jest.fn(async (req: Omit<SimulationRequest, 'target'>) =>
      whoCan(req),
    ),
    // The real what-if engine on the fixture organization.
    whatIf: jest.fn(async (changeSet: WhatIfChangeSet) =>
      previewWhatIf(
        {
          organization: tree.organization,
          nodes,
          policies: policies.map(p => ({
            ...p,
            content: policyResponse(p.id).policy.content,
          })),
          capturedAt: SNAPSHOT_TIME,
        },
        changeSet,
      ),
    ),
    listActions: jest.fn(async (prefix: string) =>
      [
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
        'bedrock:Converse',
      ]
        .filter(a => a.startsWith(prefix))
        .map(action => ({ action })),
    ),
    getDrift: jest.fn(async () => drift),
    getBaselineWhatIf: jest.fn(async () => ({
      baseline: drift.baseline,
      snapshotTime: SNAPSHOT_TIME,
      changes: 0,
      whatIf: null,
    })),
    getBaselinePosture: jest.fn(async () => ({
      baseline: drift.baseline,
      snapshotTime: SNAPSHOT_TIME,
      changes: 0,
      posture: {
        findings: [] as PostureFinding[],
        accountsChecked: nodes.filter(n => n.kind === 'account').length,
        chainsChecked: 1,
        modelsAsOf: '2026-12-01',
      },
      findingsNow: 0,
      introduced: [] as number[],
      resolved: [] as PostureFinding[],
    })),
    createAccountRequest: jest.fn(async (body: any) => ({
      request: accountRequest('car-new00001', 'requested', { fields: body }),
      created: true,
    })),
    listAccountRequests: jest.fn(
      async (_query?: { state?: AccountRequestState; mine?: boolean }) => ({
        items: [] as AccountRequestRecord[],
      }),
    ),
    getAccountRequest: jest.fn(async (id: string) =>
      accountRequest(id, 'requested'),
    ),
    approveAccountRequest: jest.fn(async (id: string, comment?: string) =>
      accountRequest(id, 'approved', { decisionComment: comment }),
    ),
    rejectAccountRequest: jest.fn(async (id: string, comment: string) =>
      accountRequest(id, 'rejected', { decisionComment: comment }),
    ),
    cancelAccountRequest: jest.fn(async (id: string) =>
      accountRequest(id, 'cancelled'),
    ),
    ...overrides,
  };
  return api satisfies AiGovernanceApi;
}
