/*
 * The what-if diff against the evaluator: hand-made changes on a small organization, and a property test that, for
 * random change sets on generated organizations, recomputing every probe with simulate() from scratch gives the same
 * verdict changes as the diff.
 */
import fc from 'fast-check';
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { generateOrgModel } from '../orgModel/generate';
import type { OrgSnapshot } from '../orgModel/types';
import { simulate } from '../policy/evaluate';
import { applyChangeSet } from './apply';
import { blastRadius } from './blastRadius';
import { whatIf } from './diff';
import { parseChangeSet } from './parse';
import { deriveProbes } from './probes';
import type { WhatIfChange, WhatIfProbe } from './types';

const CAPTURED = '2026-01-01T00:00:00.000Z';

function generated(seed: number, accounts = 40, ous = 8, policies = 6) {
  return compileOrgModel(
    generateOrgModel({ accounts, ous, policies, seed, depth: 3 }),
    { capturedAt: CAPTURED },
  );
}

const DENY_BEDROCK = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyNonAnthropic',
      Effect: 'Deny',
      Action: 'bedrock:InvokeModel',
      NotResource: 'arn:aws:bedrock:*::foundation-model/anthropic.*',
    },
  ],
});

describe('whatIf', () => {
  const org = generated(7);

  it('reports a loss with the deciding statement after, grouped by OU', () => {
    const ou = org.nodes.find(
      n =>
        n.kind === 'ou' &&
        org.nodes.some(a => a.parentId === n.id && a.kind === 'account'),
    )!;
    const result = whatIf(org, {
      changes: [
        {
          op: 'create',
          name: 'deny-bedrock',
          document: DENY_BEDROCK,
          attachTo: [ou.name],
        },
      ],
    });
    const loss = result.groups.find(g =>
      g.probe.startsWith(
        'bedrock:InvokeModel on arn:aws:bedrock:us-east-1::foundation-model/amazon',
      ),
    );
    expect(loss?.direction).toBe('loses');
    expect(loss?.reason.policyName).toBe('deny-bedrock');
    expect(loss?.reason.sid).toBe('DenyNonAnthropic');
    expect(result.opensAccess).toBe(false);
    // Claude stays allowed: no probe on the anthropic model changes.
    expect(
      result.changes.some(c => c.probe.resource?.includes('anthropic')),
    ).toBe(false);
    // Only accounts under the OU were evaluated.
    expect(result.accountsEvaluated).toBeLessThan(
      result.accountsInOrganization,
    );
    expect(result.byProbe[0].sentence).toMatch(
      /accounts? .*lose bedrock:InvokeModel/,
    );
  });

  it('flags a gain when a deny is detached, and says what it was denied by', () => {
    // A node with a guardrail attached and an account at or directly under it.
    const attached = org.nodes.find(
      n =>
        n.policyIds.some(id =>
          org.policies.find(p => p.id === id && !p.awsManaged),
        ) &&
        (n.kind === 'account' ||
          org.nodes.some(a => a.kind === 'account' && a.parentId === n.id)),
    )!;
    const policy = org.policies.find(
      p => !p.awsManaged && attached.policyIds.includes(p.id),
    )!;
    const result = whatIf(org, {
      changes: [{ op: 'detach', policy: policy.name, target: attached.id }],
    });
    expect(result.opensAccess).toBe(true);
    const gain = result.changes.find(c => c.direction === 'gains')!;
    expect(gain.before.policyName).toBe(policy.name);
    expect(gain.after.decision).toBe('Allowed');
    expect(result.warnings[0]).toMatch(/opens access/);
  });

  it('refuses a change naming an unknown policy, and leaves the snapshot alone', () => {
    const copy = JSON.stringify(org);
    expect(() =>
      whatIf(org, {
        changes: [{ op: 'detach', policy: 'nope', target: org.nodes[0].id }],
      }),
    ).toThrow(/No policy is named or numbered "nope"/);
    expect(JSON.stringify(org)).toBe(copy);
  });

  it('gives the blast radius of a policy', () => {
    const policy = org.policies.find(
      p => !p.awsManaged && org.nodes.some(n => n.policyIds.includes(p.id)),
    )!;
    const radius = blastRadius(org, policy.name);
    expect(radius.attachedTo.length).toBeGreaterThan(0);
    // Detaching everywhere re-evaluates exactly the accounts the policy reaches.
    expect(radius.accounts).toBeGreaterThan(0);
    expect(radius.without.accountsEvaluated).toBe(radius.accounts);
    expect(radius.without.changes.every(c => c.direction === 'gains')).toBe(
      true,
    );
  });

  it('derives probes from actions, resources and condition values', () => {
    const probes = deriveProbes([
      {
        id: 'p-1',
        name: 'x',
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: false,
        content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              NotAction: ['iam:*'],
              Resource: '*',
              Condition: {
                StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] },
                StringNotLike: { 'aws:PrincipalTag/team': 'ml-*' },
              },
            },
          ],
        }),
      },
    ]);
    const labels = probes.filter(p => p.source === 'policy');
    expect(labels).toEqual(
      expect.arrayContaining([
        { action: 'iam:*', source: 'policy' },
        {
          action: 'iam:*',
          context: { 'aws:RequestedRegion': 'eu-west-1' },
          source: 'policy',
        },
        { action: 'iam:*', principalTags: { team: 'ml-x' }, source: 'policy' },
      ]),
    );
    // The four critical requests, alone and as a compliant caller sends them (in an allowed Region, but never
    // as the exempt principal).
    const critical = probes.filter(p => p.source === 'critical');
    expect(critical).toHaveLength(8);
    expect(critical).toContainEqual({
      action: 'cloudtrail:StopLogging',
      context: { 'aws:RequestedRegion': 'eu-west-1' },
      source: 'critical',
    });
    expect(critical.some(p => p.principalTags)).toBe(false);
  });

  it('reads a change file and names what is wrong in a bad one', () => {
    expect(
      parseChangeSet('changes:\n  - op: move\n    account: a\n    to: b\n')
        .changes,
    ).toEqual([{ op: 'move', account: 'a', to: 'b' }]);
    expect(() =>
      parseChangeSet('changes:\n  - op: move\n    account: a\n'),
    ).toThrow('Change 1 (move) needs `to:`.');
    expect(() => parseChangeSet('changes:\n  - op: frobnicate\n')).toThrow(
      /use one of attach/,
    );
    expect(() => parseChangeSet('nothing: here')).toThrow(/no `changes:` list/);
  });
});

/** A random change on a snapshot, named by ids and names that exist in it. */
function changeArb(s: OrgSnapshot): fc.Arbitrary<WhatIfChange> {
  const ous = s.nodes.filter(n => n.kind !== 'account');
  const accounts = s.nodes.filter(n => n.kind === 'account');
  const custom = s.policies.filter(p => !p.awsManaged);
  const docArb = fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.constantFrom(
        'bedrock:*',
        'bedrock:InvokeModel',
        's3:Delete*',
        'iam:Put*Policy',
        '*',
      ),
      cond: fc.boolean(),
    })
    .map(({ effect, action, cond }) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: effect,
            Action: action,
            Resource: '*',
            ...(cond
              ? {
                  Condition: {
                    StringNotLike: {
                      'aws:PrincipalArn': 'arn:aws:iam::*:role/PlatformAdmin',
                    },
                  },
                }
              : {}),
          },
        ],
      }),
    );
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...s.policies), fc.constantFrom(...s.nodes))
      .map(
        ([p, n]): WhatIfChange =>
          n.policyIds.includes(p.id)
            ? { op: 'detach', policy: p.id, target: n.id }
            : { op: 'attach', policy: p.id, target: n.id },
      ),
    fc.tuple(fc.constantFrom(...custom), docArb).map(
      ([p, document]): WhatIfChange => ({
        op: 'edit',
        policy: p.id,
        document,
      }),
    ),
    fc
      .constantFrom(...custom)
      .map((p): WhatIfChange => ({ op: 'delete', policy: p.id })),
    fc
      .tuple(
        docArb,
        fc.subarray(
          ous.map(o => o.id),
          { minLength: 1, maxLength: 2 },
        ),
      )
      .map(
        ([document, attachTo]): WhatIfChange => ({
          op: 'create',
          name: 'new-policy',
          document,
          attachTo,
        }),
      ),
    fc
      .tuple(fc.constantFrom(...accounts), fc.constantFrom(...ous))
      .filter(([a, o]) => a.parentId !== o.id)
      .map(([a, o]): WhatIfChange => ({ op: 'move', account: a.id, to: o.id })),
    fc.constantFrom(...ous).map(
      (o): WhatIfChange => ({
        op: 'createOu',
        name: 'brand-new-ou',
        parent: o.id,
      }),
    ),
    fc.constant<WhatIfChange>({
      op: 'enablePolicyType',
      type: 'RESOURCE_CONTROL_POLICY',
    }),
  );
}

describe('whatIf property', () => {
  it('agrees with simulate() from scratch on every probe and account', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }).chain(seed => {
          const s = generated(seed, 25, 6, 5);
          return fc.tuple(fc.constant(s), changeArb(s));
        }),
        ([before, change]) => {
          const { after } = applyChangeSet(before, [change]);
          const result = whatIf(before, { changes: [change] });
          const probes = deriveProbes([...before.policies, ...after.policies]);
          const expected = new Set<string>();
          for (const account of after.nodes.filter(n => n.kind === 'account')) {
            for (const probe of probes) {
              const ask = (s: OrgSnapshot) =>
                simulate(s, {
                  target: account.id,
                  action: probe.action,
                  resource: probe.resource,
                  context: probe.context,
                  principalTags: probe.principalTags,
                  principalArn: probe.principalArn?.replace(
                    /::\d{12}:/,
                    `::${account.id}:`,
                  ),
                }).decision === 'Allowed';
              const b = ask(before);
              const a = ask(after);
              if (a !== b)
                expected.add(
                  `${account.id} ${JSON.stringify(probe)} ${
                    a ? 'gains' : 'loses'
                  }`,
                );
            }
          }
          const actual = new Set(
            result.changes.map(
              c => `${c.accountId} ${JSON.stringify(c.probe)} ${c.direction}`,
            ),
          );
          expect([...actual].sort()).toEqual([...expected].sort());
          nonEmpty += expected.size ? 1 : 0;
          expect(result.opensAccess).toBe(
            [...expected].some(e => e.endsWith('gains')),
          );
        },
      ),
      { seed: 15, numRuns: 40 },
    );
    // The random changes must change something often enough for the comparison to mean anything.
    expect(nonEmpty).toBeGreaterThan(10);
  });
});

/** Every verdict change, recomputed with simulate() from scratch for every account and probe. */
function expectedChanges(
  before: OrgSnapshot,
  after: OrgSnapshot,
  probes: WhatIfProbe[],
): string[] {
  const expected: string[] = [];
  for (const account of after.nodes.filter(n => n.kind === 'account')) {
    for (const probe of probes) {
      const ask = (s: OrgSnapshot) =>
        simulate(s, {
          target: account.id,
          action: probe.action,
          resource: probe.resource,
          context: probe.context,
          principalTags: probe.principalTags,
          principalArn: probe.principalArn?.replace(
            /::\d{12}:/,
            `::${account.id}:`,
          ),
        }).decision === 'Allowed';
      const b = ask(before);
      const a = ask(after);
      if (a !== b)
        expected.push(
          `${account.id} ${JSON.stringify(probe)} ${a ? 'gains' : 'loses'}`,
        );
    }
  }
  return expected.sort();
}

describe('whatIf on keys that differ per account', () => {
  // Accounts of one chain (same policies from the root down) whose account id, principal ARN or org path fall on
  // different sides of a condition: the memo per chain must not give one account's verdict to another.
  it('agrees with simulate() when a condition on the account, principal or org path splits a chain', () => {
    const before = generated(11, 30, 4, 3);
    const accounts = before.nodes.filter(
      n =>
        n.kind === 'account' &&
        n.id !== before.organization.managementAccountId,
    );
    const ou = before.nodes.find(n => n.kind === 'ou')!;
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyTwoAccountsDelete',
          Effect: 'Deny',
          Action: 's3:DeleteBucket',
          Resource: '*',
          Condition: {
            StringNotEquals: {
              'aws:PrincipalAccount': [accounts[0].id, accounts[1].id],
            },
          },
        },
        {
          Sid: 'NotBelowTheOu',
          Effect: 'Deny',
          Action: 'bedrock:InvokeModel',
          Resource: '*',
          Condition: {
            'ForAnyValue:StringLike': {
              'aws:PrincipalOrgPaths': [`*/${ou.id}/*`],
            },
          },
        },
        {
          Sid: 'OneRoleOfOneAccount',
          Effect: 'Deny',
          Action: 'iam:CreateUser',
          Resource: '*',
          Condition: {
            ArnLike: {
              'aws:PrincipalArn': `arn:aws:iam::${accounts[2].id}:role/*`,
            },
          },
        },
        {
          Sid: 'OwnBucketOnly',
          Effect: 'Deny',
          Action: 's3:PutObject',
          NotResource: 'arn:aws:s3:::bucket-${aws:PrincipalAccount}/*',
        },
      ],
    });
    const changes: WhatIfChange[] = [
      {
        op: 'create',
        name: 'per-account',
        document,
        attachTo: [before.nodes.find(n => n.kind === 'root')!.id],
      },
    ];
    const probes: WhatIfProbe[] = [
      { action: 's3:DeleteBucket', source: 'critical' },
      { action: 'bedrock:InvokeModel', source: 'critical' },
      { action: 'iam:CreateUser', source: 'critical' },
      {
        action: 'iam:CreateUser',
        principalArn: `arn:aws:iam::${accounts[2].id}:user/someone`,
        source: 'critical',
      },
      {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::bucket-${accounts[3].id}/key`,
        source: 'critical',
      },
      // A probe that gives an account-specific key itself: every account is then asked with that value.
      {
        action: 's3:DeleteBucket',
        context: { 'aws:PrincipalAccount': accounts[1].id },
        source: 'critical',
      },
    ];
    const { after } = applyChangeSet(before, changes);
    const result = whatIf(before, { changes }, { probes });
    const actual = result.changes
      .map(c => `${c.accountId} ${JSON.stringify(c.probe)} ${c.direction}`)
      .sort();
    const expected = expectedChanges(before, after, probes);
    expect(actual).toEqual(expected);
    // Each condition split the accounts: some lose each request, and the two exempt accounts keep DeleteBucket.
    const losers = (action: string) =>
      new Set(
        result.changes
          .filter(c => c.probe === probes.find(p => p.action === action))
          .map(c => c.accountId),
      );
    expect(losers('s3:DeleteBucket').has(accounts[0].id)).toBe(false);
    expect(losers('s3:DeleteBucket').has(accounts[4].id)).toBe(true);
    expect(losers('iam:CreateUser')).toEqual(new Set([accounts[2].id]));
    expect(losers('bedrock:InvokeModel').size).toBeGreaterThan(0);
    expect(losers('bedrock:InvokeModel').size).toBeLessThan(accounts.length);
    expect(losers('s3:PutObject')).toEqual(
      new Set(accounts.filter(a => a.id !== accounts[3].id).map(a => a.id)),
    );
  });
});
