import { ConfigReader } from '@backstage/config';
import { readAccountRequestSettings } from './settings';

describe('readAccountRequestSettings', () => {
  it('defaults to no approval for development, approval for production, no given emails', () => {
    const s = readAccountRequestSettings(new ConfigReader({}));
    expect(s.approvalRequired).toEqual({
      development: false,
      production: true,
    });
    expect(s.allowedEmailDomains).toEqual([]);
    // The vendor's defaults: where the demo organization's AI accounts land.
    expect(s.organizationalUnits).toEqual({
      development: 'AI/Development',
      production: 'AI/Production',
    });
    expect(s.provisioning).toEqual({
      leaseMs: 60_000,
      pollIntervalMs: 2000,
      maxAttempts: 3,
    });
  });

  it('reads approvals, domains and admin groups, normalizing what it can', () => {
    const s = readAccountRequestSettings(
      new ConfigReader({
        aiGovernance: {
          access: { admins: ['ai-governance-admins', 'group:ops/sec'] },
          vending: {
            approvals: { development: true },
            allowedEmailDomains: ['@Corp.Example'],
          },
        },
      }),
    );
    expect(s.approvalRequired.development).toBe(true);
    expect(s.allowedEmailDomains).toEqual(['corp.example']);
    expect(s.adminGroups).toEqual([
      'group:default/ai-governance-admins',
      'group:ops/sec',
    ]);
  });

  it('refuses to turn production approval off, and a domain that is not one', () => {
    expect(() =>
      readAccountRequestSettings(
        new ConfigReader({
          aiGovernance: { vending: { approvals: { production: false } } },
        }),
      ),
    ).toThrow(/production cannot be false/);
    expect(() =>
      readAccountRequestSettings(
        new ConfigReader({
          aiGovernance: {
            vending: { allowedEmailDomains: ['*.corp.example'] },
          },
        }),
      ),
    ).toThrow(/not a domain name/);
  });
});
