/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), trusted access for AWS services, and the features the sandbox does not model (read as empty).
 */
import {
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListHandshakesForOrganizationCommand,
} from '@aws-sdk/client-organizations';
import {
  client,
  expectError,
  node,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';

useConformanceSandbox();

describe('trusted access and unmodelled features', () => {
  it('EnableAWSServiceAccess, ListAWSServiceAccessForOrganization, DisableAWSServiceAccess', async () => {
    await client.send(
      new EnableAWSServiceAccessCommand({
        ServicePrincipal: 'sso.amazonaws.com',
      }),
    );
    const { EnabledServicePrincipals } = await client.send(
      new ListAWSServiceAccessForOrganizationCommand({}),
    );
    expect(EnabledServicePrincipals!.map(p => p.ServicePrincipal)).toEqual([
      'sso.amazonaws.com',
    ]);
    expect(EnabledServicePrincipals![0].DateEnabled).toBeInstanceOf(Date);
    await client.send(
      new DisableAWSServiceAccessCommand({
        ServicePrincipal: 'sso.amazonaws.com',
      }),
    );
    const after = await client.send(
      new ListAWSServiceAccessForOrganizationCommand({}),
    );
    expect(after.EnabledServicePrincipals).toEqual([]);
  });

  it('delegated administrators and handshakes read as empty', async () => {
    expect(
      (await client.send(new ListDelegatedAdministratorsCommand({})))
        .DelegatedAdministrators,
    ).toEqual([]);
    expect(
      (await client.send(new ListHandshakesForOrganizationCommand({})))
        .Handshakes,
    ).toEqual([]);
    await expectError(
      client.send(
        new ListDelegatedServicesForAccountCommand({
          AccountId: node('log-archive').id,
        }),
      ),
      'AccountNotRegisteredException',
    );
  });
});
