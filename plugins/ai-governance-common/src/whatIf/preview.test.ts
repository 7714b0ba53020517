/* previewWhatIf: the lists cut to the limits with the full counts kept, and the summaries of edited and created policies. */
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { generateOrgModel } from '../orgModel/generate';
import { boundWhatIfResult, previewWhatIf } from './preview';
import { whatIf } from './diff';

const org = compileOrgModel(
  generateOrgModel({ accounts: 60, ous: 6, policies: 4, seed: 11, depth: 2 }),
  { capturedAt: '2026-01-01T00:00:00.000Z' },
);
const root = org.nodes.find(n => n.kind === 'root')!;

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

describe('previewWhatIf', () => {
  const changeSet = {
    changes: [
      {
        op: 'create' as const,
        name: 'deny-bedrock',
        document: DENY_BEDROCK,
        attachTo: [root.id],
      },
    ],
  };

  it('cuts the lists to the limits and keeps the full counts', () => {
    const full = whatIf(org, changeSet);
    expect(full.changes.length).toBeGreaterThan(5);
    const preview = previewWhatIf(org, changeSet, {
      limits: { maxChanges: 5, maxGroups: 2, maxAccountsPerGroup: 3 },
    });
    expect(preview.changes).toHaveLength(5);
    expect(preview.groups.length).toBeLessThanOrEqual(2);
    expect(preview.truncated).toBe(true);
    expect(preview.totals.changes).toBe(full.changes.length);
    expect(preview.totals.groups).toBe(full.groups.length);
    expect(preview.totals.accountsLosing).toBe(
      new Set(full.changes.map(c => c.accountId)).size,
    );
    expect(preview.totals.accountsGaining).toBe(0);
    for (const [i, g] of preview.groups.entries()) {
      const whole = full.groups[i];
      expect(g.accounts).toEqual(whole.accounts.slice(0, 3));
      expect(g.moreAccounts ?? 0).toBe(Math.max(0, whole.accounts.length - 3));
    }
  });

  it('is not marked cut when everything fits', () => {
    const full = whatIf(org, changeSet);
    const bounded = boundWhatIfResult(full, {
      maxChanges: full.changes.length,
      maxGroups: full.groups.length,
      maxAccountsPerGroup: 10_000,
    });
    expect(bounded.truncated).toBe(false);
    expect(bounded.groups).toEqual(full.groups);
  });

  it('summarizes a created policy where it is attached, and an edit before and after', () => {
    const created = previewWhatIf(org, changeSet).policySummaries;
    expect(created).toEqual([
      expect.objectContaining({ change: 'create', policyName: 'deny-bedrock' }),
    ]);
    expect(created[0].before).toBeUndefined();
    expect(created[0].after.headline).toMatch(/Bedrock/);

    const custom = org.policies.find(
      p => !p.awsManaged && p.type === 'SERVICE_CONTROL_POLICY',
    )!;
    const edited = previewWhatIf(org, {
      changes: [{ op: 'edit', policy: custom.name, document: DENY_BEDROCK }],
    }).policySummaries;
    expect(edited).toHaveLength(1);
    expect(edited[0]).toMatchObject({
      change: 'edit',
      policyId: custom.id,
      policyName: custom.name,
    });
    expect(edited[0].before!.headline).not.toEqual(edited[0].after.headline);
    expect(edited[0].after.sentences[0].sid).toBe('DenyNonAnthropic');
  });
});
