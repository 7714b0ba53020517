import type {
  OrgNode,
  OrgPolicy,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { AI_OPT_OUT_SERVICES } from '@internal/plugin-ai-governance-common';
import {
  compactList,
  computeAiDetails,
  computeAiDetailsYielding,
} from './aiDetails';
import { buildEntities } from './buildEntities';
import {
  AI_GOVERNANCE_ANNOTATIONS as A,
  entityNameOf,
  policyEntityNameOf,
} from './entityVocabulary';
import type { BuildEntitiesOptions } from './types';

const MODELS = [
  'ai21.jamba-1-5-mini-v1:0',
  'amazon.nova-lite-v1:0',
  'amazon.titan-embed-text-v2:0',
  'amazon.titan-text-express-v1',
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'cohere.command-r-v1:0',
  'meta.llama3-1-70b-instruct-v1:0',
  'mistral.mistral-large-2402-v1:0',
];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
/** The models the approved-models SCP keeps: six of the eight probed. */
const APPROVED = MODELS.slice(0, 6);
const MANAGEMENT = '111111111111';
const GUARDRAIL = `arn:aws:bedrock:us-east-1:${MANAGEMENT}:guardrail/abc123def456:3`;

const scp = (id: string, name: string, statements: unknown[]): OrgPolicy => ({
  id,
  name,
  type: 'SERVICE_CONTROL_POLICY',
  awsManaged: false,
  content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
});

function optOutContent(lexOptIn: boolean): string {
  return JSON.stringify({
    services: {
      default: { opt_out_policy: { '@@assign': 'optOut' } },
      ...(lexOptIn ? { lex: { opt_out_policy: { '@@assign': 'optIn' } } } : {}),
    },
  });
}

/**
 * Root (FullAWSAccess, opt-out with lex opted in) → AI OU (region lock to us-east-1, approved models, Bedrock
 * guardrail in us-east-1) → ai-dev and ai-closed (Bedrock denied); open (at the root: no lock, every model),
 * suspended (never evaluated), and the management account.
 */
function snapshot(): OrgSnapshot {
  const policies: OrgPolicy[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: true,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    },
    scp('p-regionlck', 'region-lock', [
      {
        Sid: 'DenyBedrockOutsideUsEast1',
        Effect: 'Deny',
        Action: 'bedrock:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      },
    ]),
    scp('p-approved', 'approved-models', [
      {
        Sid: 'DenyUnapprovedModels',
        Effect: 'Deny',
        Action: 'bedrock:InvokeModel',
        NotResource: APPROVED.map(
          m => `arn:aws:bedrock:*::foundation-model/${m}`,
        ),
      },
    ]),
    scp('p-denybedr', 'deny-bedrock', [
      { Effect: 'Deny', Action: 'bedrock:*', Resource: '*' },
    ]),
    scp('p-allowonl', 'allow-s3-only', [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    ]),
    {
      id: 'p-optout01',
      name: 'opt-out',
      type: 'AISERVICES_OPT_OUT_POLICY',
      awsManaged: false,
      content: optOutContent(true),
    },
    {
      id: 'p-bedrock1',
      name: 'bedrock-guardrail',
      type: 'BEDROCK_POLICY',
      awsManaged: false,
      content: JSON.stringify({
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: { identifier: { '@@assign': GUARDRAIL } },
            },
          },
        },
      }),
    },
  ];
  const node = (
    n: Pick<OrgNode, 'id' | 'kind' | 'name'> & Partial<OrgNode>,
  ): OrgNode => ({ tags: {}, policyIds: ['p-FullAWSAccess'], ...n });
  return {
    organization: { id: 'o-test', managementAccountId: MANAGEMENT },
    nodes: [
      node({
        id: 'r-ab12',
        kind: 'root',
        name: 'Root',
        policyIds: ['p-FullAWSAccess', 'p-optout01'],
      }),
      node({
        id: 'ou-ab12-11111111',
        kind: 'ou',
        name: 'AI',
        parentId: 'r-ab12',
        policyIds: [
          'p-FullAWSAccess',
          'p-regionlck',
          'p-approved',
          'p-bedrock1',
          'p-allowonl',
        ],
      }),
      node({
        id: MANAGEMENT,
        kind: 'account',
        name: 'management',
        parentId: 'r-ab12',
        state: 'ACTIVE',
      }),
      node({
        id: '222222222222',
        kind: 'account',
        name: 'ai-dev',
        parentId: 'ou-ab12-11111111',
        state: 'ACTIVE',
      }),
      node({
        id: '333333333333',
        kind: 'account',
        name: 'ai-closed',
        parentId: 'ou-ab12-11111111',
        state: 'ACTIVE',
        policyIds: ['p-FullAWSAccess', 'p-denybedr'],
      }),
      node({
        id: '444444444444',
        kind: 'account',
        name: 'open',
        parentId: 'r-ab12',
        state: 'ACTIVE',
      }),
      node({
        id: '555555555555',
        kind: 'account',
        name: 'gone',
        parentId: 'ou-ab12-11111111',
        state: 'SUSPENDED',
      }),
    ],
    policies,
    capturedAt: '2026-01-01T00:00:00.000Z',
  };
}

const contentsOf = (s: OrgSnapshot) =>
  new Map(s.policies.map(p => [p.id, p.content]));

const OPTIONS: BuildEntitiesOptions = {
  ownerTagKeys: ['owner'],
  defaultOwner: 'group:default/platform',
  namespace: 'default',
  locationRef: 'ai-governance:o-test',
  packPolicies: new Map([
    ['region-lock', 'baseline'],
    ['approved-models', 'ai-development'],
    ['opt-out', 'ai-opt-out'],
  ]),
  probe: { models: MODELS, regions: REGIONS },
};

function annotationsOf(
  s: OrgSnapshot,
  options: Partial<BuildEntitiesOptions> = {},
) {
  const { entities } = buildEntities(s, {
    ...OPTIONS,
    policyContents: contentsOf(s),
    ...options,
  });
  return (name: string) => {
    const e = entities.find(x => x.metadata.name === name);
    if (!e) throw new Error(`no entity ${name}`);
    return e.metadata.annotations!;
  };
}
const account = (id: string) => entityNameOf('account', id);

describe('AI details on account entities', () => {
  const of = annotationsOf(snapshot());

  it('lists the guardrail packs with a policy on the path of accounts, OUs and the root', () => {
    expect(of(account('222222222222'))[A.guardrailPacks]).toBe(
      'ai-development,ai-opt-out,baseline',
    );
    expect(of(account('444444444444'))[A.guardrailPacks]).toBe('ai-opt-out');
    expect(of(entityNameOf('ou', 'ou-ab12-11111111'))[A.guardrailPacks]).toBe(
      'ai-development,ai-opt-out,baseline',
    );
    expect(of(entityNameOf('root', 'r-ab12'))[A.guardrailPacks]).toBe(
      'ai-opt-out',
    );
  });

  it('gives the Bedrock model allow-list in effect: the approved models (capped), all, or none', () => {
    expect(of(account('222222222222'))[A.bedrockModelAllowList]).toBe(
      `${[...APPROVED].sort().slice(0, 5).join(',')} +1 more`,
    );
    expect(of(account('444444444444'))[A.bedrockModelAllowList]).toBe('all');
    expect(of(account('333333333333'))[A.bedrockModelAllowList]).toBe('none');
  });

  it('gives the region lock: the Regions where Bedrock answers, none without a lock, bedrock-denied', () => {
    expect(of(account('222222222222'))[A.regionLock]).toBe('us-east-1');
    expect(of(account('444444444444'))[A.regionLock]).toBe('none');
    expect(of(account('333333333333'))[A.regionLock]).toBe('bedrock-denied');
  });

  it('gives the guardrail the effective Bedrock policy enforces per Region', () => {
    expect(of(account('222222222222'))[A.bedrockGuardrails]).toBe(
      'us-east-1=abc123def456:3',
    );
    expect(of(account('444444444444'))[A.bedrockGuardrails]).toBe('none');
  });

  it('gives the effective AI opt-out: partial with the services still opted in, all, none', () => {
    expect(of(account('222222222222'))[A.aiOptOut]).toBe('partial:lex');
    const s = snapshot();
    s.policies.find(p => p.id === 'p-optout01')!.content = optOutContent(false);
    expect(annotationsOf(s)(account('222222222222'))[A.aiOptOut]).toBe('all');
    s.nodes[0].policyIds = ['p-FullAWSAccess'];
    expect(annotationsOf(s)(account('222222222222'))[A.aiOptOut]).toBe('none');
    expect(AI_OPT_OUT_SERVICES.length).toBeGreaterThan(1);
  });

  it('leaves the management account and suspended accounts without details, and everything without documents', () => {
    for (const id of [MANAGEMENT, '555555555555']) {
      const a = of(account(id));
      expect(a[A.bedrockModelAllowList]).toBeUndefined();
      expect(a[A.regionLock]).toBeUndefined();
      expect(a[A.aiOptOut]).toBeUndefined();
      // Packs are read from names alone, so they stay.
      expect(a[A.guardrailPacks]).toBeDefined();
    }
    const bare = annotationsOf(snapshot(), {
      policyContents: undefined,
      packPolicies: undefined,
    })(account('222222222222'));
    for (const key of [
      A.guardrailPacks,
      A.bedrockModelAllowList,
      A.regionLock,
      A.bedrockGuardrails,
      A.aiOptOut,
    ]) {
      expect(bare[key]).toBeUndefined();
    }
  });

  it('gives the same details when yielding to the event loop between chains, and lets other work run', async () => {
    const s = snapshot();
    const options = {
      packPolicies: OPTIONS.packPolicies,
      ...OPTIONS.probe,
    };
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    const yielding = computeAiDetailsYielding(s, options);
    expect(otherWorkRan).toBe(false);
    const details = await yielding;
    expect(otherWorkRan).toBe(true);
    expect(details).toEqual(computeAiDetails(s, options));
    // Three checked accounts on three distinct chains; the management and suspended accounts are not there.
    expect([...details.keys()].sort()).toEqual([
      '222222222222',
      '333333333333',
      '444444444444',
    ]);
  });

  it('compacts long lists with a count of the rest', () => {
    expect(compactList(['a', 'b'])).toBe('a,b');
    expect(compactList(['a', 'b', 'c', 'd'], 3)).toBe('a,b,c +1 more');
    expect(compactList([])).toBe('');
  });
});

describe('plain-language summaries on policy entities', () => {
  const s = snapshot();
  const { entities } = buildEntities(s, {
    ...OPTIONS,
    policyContents: contentsOf(s),
  });
  const policy = (id: string) =>
    entities.find(e => e.metadata.name === policyEntityNameOf(id))!;

  it('describes each policy by what it does, where it is attached, then its type and id', () => {
    const lock = policy('p-regionlck');
    expect(lock.metadata.description).toBe(
      'Restricts Bedrock (1 Deny statement). Statement "DenyBedrockOutsideUsEast1": Denies every Bedrock action, unless the requested Region is us-east-1, in every account at or below Root/AI. (service control policy p-regionlck)',
    );
    expect(lock.metadata.annotations![A.summary]).toBe(
      'Restricts Bedrock (1 Deny statement).',
    );
    expect(lock.metadata.annotations![A.doesNothing]).toBeUndefined();
    expect(policy('p-optout01').metadata.description).toMatch(/lex/);
  });

  it('flags a policy that does nothing where it is attached (an allow-list next to FullAWSAccess)', () => {
    const allow = policy('p-allowonl');
    expect(allow.metadata.annotations![A.doesNothing]).toMatch(
      /FullAWSAccess attached at the same place/,
    );
    expect(allow.metadata.description).toMatch(
      /^This service control policy \(SCP\) does nothing/,
    );
  });

  it('keeps the short description without the documents', () => {
    const { entities: bare } = buildEntities(s, OPTIONS);
    const lock = bare.find(
      e => e.metadata.name === policyEntityNameOf('p-regionlck'),
    )!;
    expect(lock.metadata.description).toBe(
      'service control policy p-regionlck',
    );
    expect(lock.metadata.annotations![A.summary]).toBeUndefined();
  });
});
