/*
 * Sign-in providers of the demo portal's backend, chosen from configuration at start:
 *
 * - `auth.providers.github` set: GitHub sign-in (the production image's documented provider, app-config.production.yaml).
 * - `auth.providers.guest` set: guest sign-in (the embedded defaults; Backstage's guest provider itself refuses
 *   outside NODE_ENV=development).
 * - `auth.providers.demo-admin` set, on the embedded defaults only: a second guest-like sign-in as the demo governance
 *   admin, so approvals can be tried without an identity provider. It is never installed when NODE_ENV is not
 *   `development`, nor unless the organization is a sandbox: the embedded one (`aiGovernance.organizations.sandbox`)
 *   or a standalone `aigov sandbox` named by a loopback `aiGovernance.organizations.endpoint` (how several backends
 *   share one sandbox organization, scripts/two-backends.mjs). AWS is never reached on a loopback address, so a real
 *   organization never gets it. It refuses to sign anyone in outside development even if it were installed.
 */
import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The provider id of the demo admin sign-in, and its key under `auth.providers`. */
export const DEMO_ADMIN_PROVIDER_ID = 'demo-admin';

/** The demo admin's catalog user when `auth.providers.demo-admin.userEntityRef` is unset. */
export const DEFAULT_DEMO_ADMIN_USER = 'user:default/demo-admin';

/**
 * Why the demo admin sign-in may not be installed with this configuration and environment, or undefined when it may.
 */
export function demoAdminRefusal(
  config: Config,
  nodeEnv: string | undefined,
): string | undefined {
  if (!config.has(`auth.providers.${DEMO_ADMIN_PROVIDER_ID}`)) {
    return `auth.providers.${DEMO_ADMIN_PROVIDER_ID} is not set`;
  }
  if (nodeEnv !== 'development') {
    return `NODE_ENV is ${
      nodeEnv ?? 'unset'
    }, and the demo admin sign-in exists only in development`;
  }
  if (
    config.getOptionalBoolean('aiGovernance.organizations.sandbox.enabled') !==
      true &&
    !isLoopbackUrl(
      config.getOptionalString('aiGovernance.organizations.endpoint'),
    )
  ) {
    return 'aiGovernance.organizations.sandbox.enabled is not true and aiGovernance.organizations.endpoint is not a sandbox on this machine (a loopback URL): the demo admin sign-in exists only against a sandbox organization';
  }
  return undefined;
}

/** True for an http(s) URL on a loopback address: 127.0.0.0/8, ::1 or localhost (where `aigov sandbox` listens). */
export function isLoopbackUrl(value: string | undefined): boolean {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

const demoAdminAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({
    profile: { displayName: 'Demo governance admin' },
  }),
  initialize() {
    return { development: process.env.NODE_ENV === 'development' };
  },
  async authenticate(_, { development }) {
    if (!development) {
      throw new NotAllowedError(
        'The demo admin sign-in works only in development, on the embedded defaults.',
      );
    }
    return { result: {} };
  },
});

/**
 * Signs anyone who asks in as the demo governance admin (`auth.providers.demo-admin.userEntityRef`, default
 * `user:default/demo-admin`), a catalog user whose groups give the admin role. Install it only through
 * `signInProviders`, which refuses it outside the embedded defaults.
 */
export const authModuleDemoAdminProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-admin-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const refusal = demoAdminRefusal(config, process.env.NODE_ENV);
        if (refusal) {
          throw new Error(`The demo admin sign-in is refused: ${refusal}`);
        }
        const userEntityRef =
          config.getOptionalString(
            `auth.providers.${DEMO_ADMIN_PROVIDER_ID}.userEntityRef`,
          ) ?? DEFAULT_DEMO_ADMIN_USER;
        providers.registerProvider({
          providerId: DEMO_ADMIN_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: demoAdminAuthenticator,
            async signInResolver(_, ctx) {
              try {
                return await ctx.signInWithCatalogUser({
                  entityRef: userEntityRef,
                });
              } catch (error) {
                throw new NotFoundError(
                  `The demo admin ${userEntityRef} is not in the catalog (examples/org.yaml defines it): ${
                    (error as Error).message
                  }`,
                );
              }
            },
          }),
        });
      },
    });
  },
});

/** Installs the sign-in providers the configuration asks for (see the top of this file). */
export const signInProviders = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
  *loader({ config, logger }) {
    if (config.has('auth.providers.github')) {
      yield import('@backstage/plugin-auth-backend-module-github-provider');
    }
    if (config.has('auth.providers.guest')) {
      yield import('@backstage/plugin-auth-backend-module-guest-provider');
    }
    const refusal = demoAdminRefusal(config, process.env.NODE_ENV);
    if (!refusal) {
      yield authModuleDemoAdminProvider;
    } else if (config.has(`auth.providers.${DEMO_ADMIN_PROVIDER_ID}`)) {
      logger.warn(`Demo admin sign-in not installed: ${refusal}`);
    }
  },
});
