import { resolveRootEmail } from './emailPolicy';

describe('resolveRootEmail', () => {
  const policy = {
    name: 'Fraud Models',
    environment: 'production' as const,
    emailPattern: 'aws+{name}-{environment}@corp.example',
    allowedEmailDomains: ['corp.example'],
  };

  it('uses the pattern when no email is given', () => {
    expect(resolveRootEmail(policy)).toEqual({
      email: 'aws+fraud-models-production@corp.example',
      given: false,
    });
  });

  it('refuses the pattern address of another account name or environment, which is reserved for that account', () => {
    for (const email of [
      'aws+payments-production@corp.example',
      'AWS+Search-Ranking-development@corp.example',
      'aws+fraud-models-development@corp.example',
    ]) {
      expect(() => resolveRootEmail({ ...policy, email })).toThrow(
        new RegExp(
          `The root email ${email.replace(
            /[.+]/g,
            '\\$&',
          )} is reserved: it is what the configured pattern .* gives another account name.*\\(aws\\+fraud-models-production@corp\\.example\\)`,
        ),
      );
    }
  });

  it("takes this account's own pattern address as the pattern, not as a given email", () => {
    expect(
      resolveRootEmail({
        ...policy,
        email: 'AWS+Fraud-Models-Production@corp.example',
      }),
    ).toEqual({
      email: 'aws+fraud-models-production@corp.example',
      given: false,
    });
  });

  it('accepts another address of an allowed domain, marked as given', () => {
    expect(
      resolveRootEmail({ ...policy, email: 'fraud-root@corp.example' }),
    ).toEqual({ email: 'fraud-root@corp.example', given: true });
    // Close to the pattern but not of its shape: a slug never has a double dash.
    expect(
      resolveRootEmail({
        ...policy,
        email: 'aws+a--b-production@corp.example',
      }),
    ).toEqual({ email: 'aws+a--b-production@corp.example', given: true });
  });

  it('refuses other domains, and every given email without allowed domains', () => {
    expect(() =>
      resolveRootEmail({ ...policy, email: 'me@gmail.com' }),
    ).toThrow(/domain "gmail.com" is not allowed/);
    expect(() =>
      resolveRootEmail({
        ...policy,
        allowedEmailDomains: [],
        email: 'fraud-root@corp.example',
      }),
    ).toThrow(/is not accepted here/);
  });
});
