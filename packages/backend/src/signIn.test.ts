import { ConfigReader } from '@backstage/config';
import { demoAdminRefusal, isLoopbackUrl } from './signIn';

const embeddedDefaults = {
  auth: {
    providers: {
      guest: { userEntityRef: 'user:default/guest' },
      'demo-admin': { userEntityRef: 'user:default/demo-admin' },
    },
  },
  aiGovernance: { organizations: { sandbox: { enabled: true } } },
};

describe('demoAdminRefusal', () => {
  it('allows the demo admin sign-in on the embedded defaults in development', () => {
    expect(
      demoAdminRefusal(new ConfigReader(embeddedDefaults), 'development'),
    ).toBeUndefined();
  });

  it('refuses it when NODE_ENV is production or unset', () => {
    const config = new ConfigReader(embeddedDefaults);
    expect(demoAdminRefusal(config, 'production')).toMatch(
      /NODE_ENV is production/,
    );
    expect(demoAdminRefusal(config, undefined)).toMatch(/NODE_ENV is unset/);
  });

  it('refuses it when its key is absent or unset by a later config file (null)', () => {
    expect(
      demoAdminRefusal(
        new ConfigReader({ ...embeddedDefaults, auth: { providers: {} } }),
        'development',
      ),
    ).toMatch(/auth\.providers\.demo-admin is not set/);
    const production = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: embeddedDefaults },
      {
        context: 'app-config.production.yaml',
        data: { auth: { providers: { guest: null, 'demo-admin': null } } },
      },
    ]);
    expect(demoAdminRefusal(production, 'development')).toMatch(
      /auth\.providers\.demo-admin is not set/,
    );
  });

  it('refuses it against a real AWS organization (sandbox off)', () => {
    const config = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: embeddedDefaults },
      {
        context: 'app-config.production.yaml',
        data: {
          aiGovernance: { organizations: { sandbox: { enabled: false } } },
        },
      },
    ]);
    expect(demoAdminRefusal(config, 'development')).toMatch(/sandbox/);
  });

  it('allows it against a standalone sandbox on a loopback endpoint, and refuses any other endpoint', () => {
    const withEndpoint = (endpoint: string) =>
      ConfigReader.fromConfigs([
        { context: 'app-config.yaml', data: embeddedDefaults },
        {
          context: 'two-backends.yaml',
          data: {
            aiGovernance: {
              organizations: { sandbox: { enabled: false }, endpoint },
            },
          },
        },
      ]);
    expect(
      demoAdminRefusal(withEndpoint('http://127.0.0.1:4566'), 'development'),
    ).toBeUndefined();
    expect(
      demoAdminRefusal(withEndpoint('http://localhost:4566'), 'development'),
    ).toBeUndefined();
    expect(
      demoAdminRefusal(withEndpoint('http://127.0.0.1:4566'), 'production'),
    ).toMatch(/NODE_ENV is production/);
    for (const endpoint of [
      'https://organizations.us-east-1.amazonaws.com',
      'http://127.0.0.1.example.com:4566',
      'http://10.0.0.5:4566',
      'not a url',
    ]) {
      expect(demoAdminRefusal(withEndpoint(endpoint), 'development')).toMatch(
        /not a sandbox on this machine/,
      );
    }
  });
});

describe('isLoopbackUrl', () => {
  it('accepts loopback hosts only, over http or https', () => {
    expect(isLoopbackUrl('http://127.0.0.1:4566')).toBe(true);
    expect(isLoopbackUrl('http://127.1.2.3')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:4566')).toBe(true);
    expect(isLoopbackUrl('https://LOCALHOST:8443/')).toBe(true);
    expect(isLoopbackUrl('http://localhost.example.com')).toBe(false);
    expect(isLoopbackUrl('http://128.0.0.1')).toBe(false);
    expect(isLoopbackUrl('file://127.0.0.1/x')).toBe(false);
    expect(isLoopbackUrl(undefined)).toBe(false);
    expect(isLoopbackUrl('')).toBe(false);
  });
});
