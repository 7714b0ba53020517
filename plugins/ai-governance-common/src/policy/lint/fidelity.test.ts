/**
 * Lint fidelity against the IAM data package: the services RCPs apply to come from its list ("Resource control
 * policies (RCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html, "List of
 * AWS services that support RCPs", which iam-data's rcpSupportedServices.json follows), and an action IAM no longer
 * lists is a retired action, not a typo (SCPs and RCPs are not checked against the Service Authorization Reference:
 * AWS accepts the policy, and the statement has no effect for it).
 */
import { lintPolicyWithCatalog } from '.';
import { nodeCatalog } from '../__testUtils__/node';
import { RCP_SUPPORTED_SERVICES } from '../evaluate/tables';
import { staticIamCatalog } from '../catalog';
import { RETIRED_ACTIONS, RETIRED_SERVICES, isRetired } from './retiredActions';

const scp = (actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: actions, Resource: '*' }],
  });

const rcp = (actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: actions, Resource: '*' },
    ],
  });

describe('RCP-supported services', () => {
  it('come from the IAM data package', async () => {
    const catalog = await nodeCatalog();
    const fromPackage = catalog.rcpSupportedServices();
    expect(fromPackage.length).toBeGreaterThan(10);
    expect(fromPackage).toContain('s3');
    // The evaluator's built-in copy (used without a catalog) must not drift from the package.
    expect([...RCP_SUPPORTED_SERVICES].sort()).toEqual([...fromPackage]);
  });

  it('are read from the catalog when one is given, not from the built-in copy', async () => {
    const catalog = {
      ...staticIamCatalog('test-1', { s3: [], ec2: [] }),
      rcpSupportedServices: () => ['ec2'],
    };
    const codes = async (actions: string[]) =>
      (
        await lintPolicyWithCatalog(rcp(actions), {
          type: 'RESOURCE_CONTROL_POLICY',
          catalog,
        })
      ).map(f => f.code);
    expect(await codes(['ec2:RunInstances'])).not.toContain(
      'RCP_UNSUPPORTED_SERVICE',
    );
    const s3 = await lintPolicyWithCatalog(rcp(['s3:GetObject']), {
      type: 'RESOURCE_CONTROL_POLICY',
      catalog,
    });
    const finding = s3.find(f => f.code === 'RCP_UNSUPPORTED_SERVICE')!;
    expect(finding.message).toContain('(iam-data test-1)');
  });
});

describe('retired actions', () => {
  it('lists only actions and services the installed IAM data no longer has', async () => {
    const catalog = await nodeCatalog();
    for (const s of RETIRED_SERVICES)
      expect(catalog.serviceExists(s)).toBe(false);
    const services = [...new Set(RETIRED_ACTIONS.map(a => a.split(':')[0]))];
    await catalog.ensureServices(services);
    for (const a of RETIRED_ACTIONS) {
      const [service, name] = a.split(':');
      expect(catalog.serviceExists(service)).toBe(true);
      expect(
        catalog
          .actionsOf(service)!
          .some(x => x.name.toLowerCase() === name.toLowerCase()),
      ).toBe(false);
    }
  });

  it('get RETIRED_ACTION (a warning), distinct from the error for a typo', async () => {
    const catalog = await nodeCatalog();
    const findings = await lintPolicyWithCatalog(
      scp([
        'trustedadvisor:CreateEngagement',
        'elastic-inference:Connect',
        'trustedadvisor:CreateEngagment',
        'elastic-inferense:Connect',
      ]),
      { type: 'SERVICE_CONTROL_POLICY', catalog },
    );
    expect(findings.map(f => `${f.severity} ${f.code}`)).toEqual([
      'warning RETIRED_ACTION',
      'warning RETIRED_ACTION',
      'error INVALID_ACTION',
      'error INVALID_SERVICE_IN_ACTION',
    ]);
    expect(findings[0].message).toContain(
      'AWS accepts the policy, but the statement has no effect for it',
    );
    expect(isRetired('TrustedAdvisor:createengagement')).toBe(true);
  });
});
