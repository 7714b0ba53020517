import {
  ApiBlueprint,
  configApiRef,
  createApiRef,
  createFrontendModule,
  discoveryApiRef,
  githubAuthApiRef,
  useApi,
  type BackstageIdentityApi,
  type ProfileInfoApi,
  type SessionApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  SignInPage,
  type IdentityProviders,
} from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { ProxiedProviderAuth } from './ProxiedProviderAuth';

/** The demo governance admin's sign-in (the backend's `demo-admin` provider, embedded defaults only). */
export const demoAdminAuthApiRef = createApiRef<
  ProfileInfoApi & BackstageIdentityApi & SessionApi
>().with({ id: 'app.auth.demo-admin', pluginId: 'app' });

const demoAdminAuthApi = ApiBlueprint.make({
  name: 'demo-admin-auth',
  params: defineParams =>
    defineParams({
      api: demoAdminAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) =>
        new ProxiedProviderAuth({ provider: 'demo-admin', discoveryApi }),
    }),
});

/** The sign-in options `app.signInProviders` may name, as cards of the sign-in page. */
function providersFromConfig(ids: string[]): IdentityProviders {
  return ids.flatMap((id): IdentityProviders => {
    switch (id) {
      case 'guest':
        return ['guest'];
      case 'demo-admin':
        return [
          {
            id: 'demo-admin',
            title: 'Demo admin',
            message:
              'Sign in as the demo governance admin (user:default/demo-admin, group ai-governance-admins) to ' +
              'approve production requests and apply the baseline. Guest signs you in as a requester.',
            apiRef: demoAdminAuthApiRef,
          },
        ];
      case 'github':
        return [
          {
            id: 'github-auth-provider',
            title: 'GitHub',
            message: 'Sign in with your GitHub account',
            apiRef: githubAuthApiRef,
          },
        ];
      default:
        throw new Error(
          `app.signInProviders names "${id}", which this portal does not know: use guest, demo-admin or github.`,
        );
    }
  });
}

function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const providers = providersFromConfig(
    config.getOptionalStringArray('app.signInProviders') ?? ['guest'],
  );
  return (
    <SignInPage
      {...props}
      title="Select a sign-in method"
      align="center"
      providers={providers}
    />
  );
}

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => PortalSignInPage,
  },
});

/**
 * The portal's sign-in page: the options `app.signInProviders` lists (guest and the demo admin on the embedded
 * defaults, GitHub in production), and the demo admin's auth API.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoAdminAuthApi, signInPage],
});
