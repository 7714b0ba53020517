import { ConfigReader } from '@backstage/config';
import { demoAdminRefusal } from './signIn';

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
        data: { aiGovernance: { organizations: { sandbox: { enabled: false } } } },
      },
    ]);
    expect(demoAdminRefusal(config, 'development')).toMatch(/sandbox/);
  });
});
